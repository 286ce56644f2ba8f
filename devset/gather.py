"""Gather the real-world development set again from its sources, into a folder outside the repository.

The documents carry real people's names and no licence, so neither they nor their labels are committed:
only `sources.tsv` (file name, kind, rendering, language, `owner/name:path`) is. Each repository is
brought onto the machine first as a bare git mirror (the tool library's `fetch github:owner/name`, which
leaves it at `/work/.mirror/owner+name/repo`); this script then copies each file out under its name:

    python devset/gather.py /work/.mirror /work/devset/all

Labels are made by looking at each file, following `LABELLING.md`, into `<folder>/truth.jsonl`; then
`reviewer evaluate <folder> --show-misses` scores the pipeline on it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def gather(mirrors: Path, out: Path) -> int:
    """Copy every listed file out of its mirror; return how many could not be found."""
    out.mkdir(parents=True, exist_ok=True)
    missing = 0
    for line in (Path(__file__).parent / "sources.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, *_, source = line.split("\t")
        repo, path = source.split(":", 1)
        git_dir = mirrors / repo.replace("/", "+") / "repo"
        try:
            data = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"],
                                  check=True, capture_output=True).stdout
        except (subprocess.CalledProcessError, FileNotFoundError):
            print(f"missing: {source}", file=sys.stderr)
            missing += 1
            continue
        (out / name).write_bytes(data)
    return missing


if __name__ == "__main__":
    sys.exit(1 if gather(Path(sys.argv[1]), Path(sys.argv[2])) else 0)

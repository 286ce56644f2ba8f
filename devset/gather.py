"""Lay the real-world development set out again from its sources, into a folder outside the repository.

The documents carry real people's names and no licence, so they are not committed: `sources.tsv` (file
name, kind, rendering, language, `owner/name:path`, and the commit where the path is no longer in the
newest one) and the labels (`truth.jsonl`) are. Each repository is brought onto the machine first as a
bare git mirror (the tool library's `fetch github:owner/name`, which leaves it at
`/work/.mirror/owner+name/repo`); this script then copies each file out under its name:

    python devset/gather.py /work/.mirror /work/devset/all

`reviewer evaluate --split train|test` then scores the pipeline on it (see `devset/LABELLING.md`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], check=True, capture_output=True).stdout


def _blob(git_dir: Path, path: str, commit: str) -> bytes:
    """The file at `commit`, else at the newest commit, else at the last commit of any branch that held it.

    A repository's owner may delete or move a file after it was listed; the history still has it.
    """
    for rev in filter(None, (commit, "HEAD")):
        try:
            return _git(git_dir, "show", f"{rev}:{path}")
        except subprocess.CalledProcessError:
            continue
    last = _git(git_dir, "log", "--all", "-1", "--format=%H", "--", path).decode().strip()
    if not last:
        raise FileNotFoundError(path)
    # The last commit that touched the path may be its deletion: take the path from that commit's parent.
    for rev in (last, f"{last}^"):
        try:
            return _git(git_dir, "show", f"{rev}:{path}")
        except subprocess.CalledProcessError:
            continue
    raise FileNotFoundError(path)


def sources(listing: Path = HERE / "sources.tsv") -> list[tuple[str, str, str, str]]:
    """(file name, repository, path, commit) of every listed file."""
    rows = []
    for line in listing.read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        repo, path = cells[4].split(":", 1)
        rows.append((cells[0], repo, path, cells[5] if len(cells) > 5 else ""))
    return rows


def gather(mirrors: Path, out: Path) -> int:
    """Copy every listed file out of its mirror; return how many could not be found."""
    out.mkdir(parents=True, exist_ok=True)
    missing = 0
    for name, repo, path, commit in sources():
        git_dir = mirrors / repo.replace("/", "+") / "repo"
        if (git_dir / ".git").is_dir():  # some snapshots arrive as a checkout, their git directory inside it
            git_dir = git_dir / ".git"
        try:
            data = _blob(git_dir, path, commit)
        except (subprocess.CalledProcessError, FileNotFoundError):
            print(f"missing: {repo}:{path}", file=sys.stderr)
            missing += 1
            continue
        (out / name).write_bytes(data)
    return missing


if __name__ == "__main__":
    sys.exit(1 if gather(Path(sys.argv[1]), Path(sys.argv[2])) else 0)

"""Add a labelled batch to the committed set: its sources and labels, its files to the gathered folder,
and its new repositories to the frozen split.

    python devset/add_batch.py /work/devset/batches/n02 /work/devset/all

A batch (see `GROW_PROMPT.md`) is a folder of files with `truth.jsonl` and `sources.tsv`, one line each per
file. It is refused whole if they disagree, if a file is already listed, if a repository is reserved, or if a
repository would give more than three files in all (a repository already listed keeps its frozen split).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devset.gather import HERE, sources
from reviewer.learning.devset import extend_split, hashed_split


def reserved() -> set[str]:
    block = (HERE / "LABELLING.md").read_text().split("## Reserved repositories", 1)[1].split("\n## ", 1)[0]
    return {r.lower() for r in re.findall(r"[\w.-]+/[\w.-]+", block)}


def add_batch(batch: Path, gathered: Path) -> int:
    labels = [json.loads(line) for line in (batch / "truth.jsonl").read_text().splitlines() if line.strip()]
    rows = [line.split("\t") for line in (batch / "sources.tsv").read_text().splitlines() if line.strip()]
    files = {p.name for p in batch.iterdir() if p.name not in ("truth.jsonl", "sources.tsv")}
    by_file = {row[0]: row for row in rows}
    problems = []
    if {d["file"] for d in labels} != files or set(by_file) != files or len(rows) != len(labels):
        problems.append("files, truth.jsonl and sources.tsv do not match one to one")
    listed = sources()
    known = {name for name, *_ in listed}
    used = Counter(repo.lower() for _, repo, _, _ in listed)
    problems += [f"{name} is already listed" for name in files & known]
    for doc in labels:
        row = by_file.get(doc["file"])
        if row is None or len(row) < 5 or doc.get("source") != row[4]:
            problems.append(f"{doc['file']}: its label's source is not its sources.tsv line")
    batch_repos = Counter(row[4].split(":", 1)[0].lower() for row in rows if len(row) >= 5)
    for repo, n in batch_repos.items():
        if repo in reserved():
            problems.append(f"{repo} is reserved")
        if used[repo] + n > 3:
            problems.append(f"{repo} would give {used[repo] + n} files")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    with (HERE / "sources.tsv").open("a", encoding="utf-8") as out:
        out.writelines("\t".join((row + [""])[:6]) + "\n" for row in (by_file[d["file"]] for d in labels))
    with (HERE / "truth.jsonl").open("a", encoding="utf-8") as out:
        out.writelines(json.dumps(doc, ensure_ascii=False) + "\n" for doc in labels)
    gathered.mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.copyfile(batch / name, gathered / name)
    added = extend_split(row[4].split(":", 1)[0] for row in rows)
    print(f"{len(labels)} files from {len(batch_repos)} repositories; split: "
          + ", ".join(f"{repo} {hashed_split(repo)}" for repo in added))
    return 0


if __name__ == "__main__":
    sys.exit(add_batch(Path(sys.argv[1]), Path(sys.argv[2])))

"""Give every repository of `sources.tsv` that has no split yet its hashed split, in `split.tsv`.

A line once written is never changed (see `reviewer/learning/devset.py`), so run this after adding sources:

    python devset/split.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devset.gather import sources
from reviewer.learning.devset import extend_split

if __name__ == "__main__":
    added = extend_split(repo for _, repo, _, _ in sources())
    print(f"{len(added)} repositories added to split.tsv")

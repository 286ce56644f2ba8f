"""`make bench` runs outside pytest, so nothing else notices when a rename breaks it: issue 24's flag
vocabulary moved `workers.checks.FLAGS`, and benchmarks/triage_seed.py failed at import until issue 26's
session ran the bench. Importing every benchmark module here keeps them in step with the code."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.mark.parametrize("name", sorted(p.stem for p in BENCHMARKS.glob("*.py")))
def test_every_benchmark_module_imports(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    module = importlib.import_module(name)
    assert module.__file__ and Path(module.__file__).parent == BENCHMARKS
    sys.modules.pop(name, None)

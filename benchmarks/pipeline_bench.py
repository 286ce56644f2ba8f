"""`make bench`: pipeline speed on this machine, as ratios and rates rather than pass/fail timings.

1. Text-PDF documents per second through the whole pipeline (sniff → text layer → fields → checks):
   in-process; in an isolated child forked per file, as a worker's job reads one; and through the warm
   reader, whose children are forked ahead and warmed, as `reviewer extract`, `reviewer evaluate` and
   re-processing read many.
2. For scanned pages: the pipeline's seconds per page divided by plain `tesseract IMAGE stdout` seconds
   on the same image, measured side by side (interleaved) in one run. 1.0 means OCR is the only cost.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workers.checks import CheckContext  # noqa: E402
from workers.pipeline import process  # noqa: E402
from workers.runtime.isolation import process_isolated  # noqa: E402
from workers.runtime.limits import Limits  # noqa: E402
from workers.runtime.warm_reader import WarmReader  # noqa: E402

SAMPLES = ROOT / "sample_docs"
CTX = CheckContext(as_of=date(2026, 11, 1))
LIMITS = Limits()


def text_pdf_rate(rounds: int = 7) -> tuple[float, float, float, int]:
    """Documents per second in each mode: the median over rounds of every text PDF once (a shared
    machine's neighbours slow some rounds by a third; the median is what a round usually takes)."""
    files = sorted(SAMPLES.glob("*_text_pdf.pdf"))
    blobs = [f.read_bytes() for f in files]
    for blob in blobs:  # warm caches and imports
        process(blob, LIMITS, CTX)

    def rate(read: Callable[[bytes], object]) -> float:
        rates = []
        for _ in range(rounds):
            started = time.perf_counter()
            for blob in blobs:
                read(blob)
            rates.append(len(blobs) / (time.perf_counter() - started))
        return statistics.median(rates)

    in_process = rate(lambda blob: process(blob, LIMITS, CTX))
    isolated = rate(lambda blob: process_isolated(blob, LIMITS, CTX))
    with WarmReader(LIMITS) as reader:
        reader.process(blobs[0], CTX)
        warm = rate(lambda blob: reader.process(blob, CTX))
    return in_process, isolated, warm, len(blobs)


def ocr_ratio(rounds: int = 3) -> list[tuple[str, float, float]]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    rows = []
    for path in sorted(SAMPLES.glob("*_scan_*")):
        data = path.read_bytes()
        ours, plain = [], []
        for _ in range(rounds):
            started = time.perf_counter()
            process(data, LIMITS, CTX)
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            subprocess.run(["tesseract", str(path), "stdout"], env=env, check=True, capture_output=True)
            plain.append(time.perf_counter() - started)
        rows.append((path.name, statistics.median(ours), statistics.median(plain)))
    return rows


def main() -> None:
    print(f"machine: {os.cpu_count()} cores; Tesseract with OMP_THREAD_LIMIT=1 on both sides")
    in_process, isolated, warm, count = text_pdf_rate()
    print(f"\ntext-PDF documents per second ({count} documents, median of 7 rounds)")
    print(f"  in-process pipeline                  {in_process:8.1f} docs/s")
    print(f"  isolated, a child forked per file    {isolated:8.1f} docs/s   (a worker's job)")
    print(f"  isolated, a warm child per file      {warm:8.1f} docs/s   (extract, evaluate, re-processing)")
    print(f"  warm / in-process                    {warm / in_process:8.2f}")
    rows = ocr_ratio()
    print("\nscanned pages: pipeline seconds / plain tesseract seconds (median of 3, interleaved)")
    for name, ours, plain in rows:
        print(f"  {name:<38} {ours:6.2f} s / {plain:6.2f} s = {ours / plain:5.2f}")
    total_ours, total_plain = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"  {'all scanned pages':<38} {total_ours:6.2f} s / {total_plain:6.2f} s = {total_ours / total_plain:5.2f}")


if __name__ == "__main__":
    main()

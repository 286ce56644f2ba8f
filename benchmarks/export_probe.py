"""One CSV export through the app in a process of its own, so its peak memory is the web process's.

Run by benchmarks/triage_bench.py (not by hand): it signs in as the benchmark's staff member, reads the
export's streamed body to the end without keeping it, and prints one JSON line: the rows, the bytes, the
seconds and the process's peak resident memory before and after.

    python benchmarks/export_probe.py DATABASE_URL STORAGE_DIR PATH
"""

from __future__ import annotations

import json
import logging
import resource
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from triage_seed import PASSWORD, STAFF_EMAIL  # noqa: E402

from reviewer import create_app  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    url, storage, path = sys.argv[1:4]
    logging.disable(logging.INFO)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_urlsafe(32),
                      "STORAGE_DIR": storage, "REDIS_URL": "redis://127.0.0.1:1/0", "PROPAGATE_EXCEPTIONS": True})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    csrf = page.split('name="csrf_token"')[1].split('value="')[1].split('"')[0]
    signed_in = client.post("/login", data={"email": STAFF_EMAIL, "password": PASSWORD, "csrf_token": csrf})
    if signed_in.status_code != 302:
        raise SystemExit(f"could not sign in: HTTP {signed_in.status_code}")
    before = _peak_mb()
    began = time.perf_counter()
    response = client.get(path, buffered=False)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    lines = size = 0
    for chunk in response.response:
        data = chunk.encode() if isinstance(chunk, str) else chunk
        lines += data.count(b"\n")
        size += len(data)
    seconds = time.perf_counter() - began
    print(json.dumps({"rows": max(0, lines - 1), "bytes": size, "seconds": seconds, "peak_mb_before": before,
                      "peak_mb": _peak_mb()}))


if __name__ == "__main__":
    main()

"""A throwaway PostgreSQL server for the tests and the benchmarks: Debian's initdb + pg_ctl in a
temporary directory, listening on a Unix socket only, stopped and deleted on exit.

Why not the machine's own server (port 5432): the tests drop and create schemas, and their results and the
benchmark's figures must not depend on whatever else that server holds or how it is tuned; a fresh
machine (CI) has none at all until `make test` installs Debian's postgresql package. PostgreSQL refuses to run as
root, so when we are root the server runs as the `postgres` user (`runuser`), in a directory it owns.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa


def _bin_dir() -> Path:
    """The newest installed server's bin directory (Debian keeps one per major version)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    return Path(found[-1]).parent


def available() -> bool:
    """Whether Debian's PostgreSQL server binaries are installed (the benchmark skips it otherwise)."""
    return bool(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def private_postgres(port: int = 55432) -> Iterator[str]:
    """Start a private server; yield a SQLAlchemy URL (psycopg 3, Unix socket) of its `postgres` database.

    `port` only names the socket file: with listen_addresses='' nothing listens on TCP.
    """
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="reviewer-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    log = root / "server.log"
    try:
        subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
        options = (f"-k {root} -p {port} -c listen_addresses='' -c max_connections=200 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                                        "-w", "-t", "60", "start"]), check=True, capture_output=True)
        yield f"postgresql+psycopg://postgres@/postgres?host={root}&port={port}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                           capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(server_url: str, name: str) -> str:
    """Drop and create database `name` on the server; return its URL."""
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return server_url.replace("/postgres?", f"/{name}?", 1)

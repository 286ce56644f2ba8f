"""Timing requests for the triage benchmark: wall time, SQL statements and time spent in SQL per request,
and the plan of the slowest statement when a request is over budget.

Statements are counted with a `before_cursor_execute` listener, as tests/test_queue_scale.py does, so
"statements" here means round trips to the database, the figure the architecture bounds.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.test import TestResponse

BUDGET_MS = 50.0  # issue 28: every page under 50 ms at p95, at 1,000,000 documents


@dataclass
class Statement:
    sql: str
    parameters: Any
    ms: float


@dataclass
class Measured:
    """One request kind at one size on one backend."""

    request: str
    p50: float = 0.0
    p95: float = 0.0
    statements: str = ""
    sql_p50: float = 0.0
    peak_mb: float = 0.0  # Python's peak allocation during one call (tracemalloc), above what it held before
    note: str = ""
    slowest: list[Statement] = field(default_factory=list)

    @property
    def over_budget(self) -> bool:
        return self.p95 >= BUDGET_MS


class StatementLog:
    """Every statement the engine sends while `recording()` is active, with its duration."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[Statement] = []
        self._started: list[float] = []

    def _before(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self._started.append(time.perf_counter())

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        began = self._started.pop() if self._started else time.perf_counter()
        self.statements.append(Statement(statement, parameters, (time.perf_counter() - began) * 1000))

    @contextmanager
    def recording(self) -> Iterator[list[Statement]]:
        self.statements, self._started = [], []
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        try:
            yield self.statements
        finally:
            event.remove(self.engine, "before_cursor_execute", self._before)
            event.remove(self.engine, "after_cursor_execute", self._after)


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile: with 40 samples, p95 is the 38th value (two slower ones are ignored)."""
    rank = max(1, -(-int(share * 100) * len(sorted_values) // 100))
    return sorted_values[rank - 1]


def measure(log: StatementLog, request: str, call: Callable[[int], TestResponse], repeat: int,
            expect: tuple[int, ...] = (200,), warmup: int = 3) -> Measured:
    """Time `call(i)` `repeat` times after `warmup` untimed calls; each call may use its index to act on a
    different document. A response with an unexpected status stops the benchmark, naming the request."""
    peak = 0.0
    for i in range(warmup):
        if i == 0:  # the first warm-up call, traced: tracing slows every allocation, so no timed call is
            tracemalloc.start()
            _checked(request, call(repeat + i), expect)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
        else:
            _checked(request, call(repeat + i), expect)
    times, counts, sql_ms = [], [], []
    slowest: tuple[float, list[Statement]] = (-1.0, [])
    for i in range(repeat):
        with log.recording() as statements:
            began = time.perf_counter()
            response = call(i)
            elapsed = (time.perf_counter() - began) * 1000
        _checked(request, response, expect)
        times.append(elapsed)
        counts.append(len(statements))
        sql_ms.append(sum(s.ms for s in statements))
        if elapsed > slowest[0]:
            slowest = (elapsed, list(statements))
    times.sort()
    low, high = min(counts), max(counts)
    return Measured(request, statistics.median(times), percentile(times, 0.95),
                    str(low) if low == high else f"{low}-{high}", statistics.median(sql_ms), peak,
                    slowest=sorted(slowest[1], key=lambda s: -s.ms)[:2])


def _checked(request: str, response: TestResponse, expect: tuple[int, ...]) -> None:
    if response.status_code not in expect:
        body = response.get_data(as_text=True)[:300]
        raise RuntimeError(f"{request}: HTTP {response.status_code}, expected {expect}: {body}")


def explain(engine: Engine, statement: Statement) -> str:
    """The plan of one recorded statement, run with its own parameters: EXPLAIN QUERY PLAN on SQLite,
    EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL for a SELECT (plain EXPLAIN otherwise: ANALYZE would write)."""
    sql = statement.sql.strip()
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, statement.parameters).all()
            depth: dict[int, int] = {}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + str(detail))
            return "\n".join(lines)
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if sql.upper().startswith(("SELECT", "WITH")) else "EXPLAIN "
        rows = connection.exec_driver_sql(prefix + sql, statement.parameters).all()
        connection.rollback()
        return "\n".join(str(r[0]) for r in rows)

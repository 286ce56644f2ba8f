"""The RQ worker that `reviewer worker` runs: RQ's forking Worker, changed in two ways for many hosts.

1. Its scheduler comes back as soon as Redis does. With `work(with_scheduler=True)` RQ forks a scheduler
   process (the one that moves retries from the scheduled registry to the queue when they are due) whose
   loop has no error handling: the first Redis error, a restart or a failover, ends it, and RQ's worker
   starts it again only in its maintenance run, every 10 minutes. Meanwhile every retry waits. Here each
   heartbeat that reaches Redis (every few seconds, idle or busy) checks that process and, when it is
   gone, takes the scheduler lock again and starts a new one. A worker whose scheduler never got the lock
   (a peer's had it) takes over the same way once that peer is dead and its lock has expired.
2. A Redis outage does not end it. RQ's loop quits on any error outside the dequeue (its own reconnection
   loop): a restart that lands during the registry cleaning, the suspension check, the state record
   before the dequeue or the heartbeat after a job stopped the worker for good. Those steps are skipped
   while Redis is away; the dequeue then waits for it to come back.
3. Its Redis record expires WORKER_TTL seconds after its last heartbeat, and it beats every quarter of that.
   RQ keeps the record for its TTL (420 s) plus 60 s, and 90 s in the middle of a job; a sweep on another
   host, which cannot check a process id, would wait that long before it sends a dead peer's job again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
from collections.abc import Callable
from typing import Any

from redis.client import Pipeline
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from rq import Queue, Worker
from rq.exceptions import StopRequested
from rq.serializers import JSONSerializer

from reviewer.queue import MAIL_QUEUE_NAME, this_host
from reviewer.reprocessing import warm_stop
from reviewer.service.children import die_with_parent


class ReviewerWorker(Worker):
    """RQ's Worker with a short-lived record and a scheduler that outlives Redis restarts."""

    # RQ doubles its wait between reconnections up to 60 s; after a long outage that is up to a minute
    # of idle workers and no scheduler once Redis is back.
    max_connection_wait_time = 5.0
    _keeps_scheduler = False

    def work(self, burst: bool = False, **kwargs: Any) -> bool:  # type: ignore[override]  # RQ's keywords, whichever
        """Run RQ's loop, remembering whether this worker is meant to keep a scheduler running
        (in burst mode RQ only moves due jobs once, and there is no process to keep)."""
        self._keeps_scheduler = bool(kwargs.get("with_scheduler")) and not burst
        return super().work(burst=burst, **kwargs)

    def setup_work_horse_signals(self) -> None:
        """RQ's, plus the warm stop a running chunk listens for (reviewer/reprocessing/warm_stop.py)."""
        super().setup_work_horse_signals()
        warm_stop.listen()

    def request_stop(self, signum: int, frame: Any) -> None:
        """RQ's warm shutdown, passed on to the work horse so a long chunk stops after its document in hand
        instead of finishing every document it holds."""
        if self.horse_pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.horse_pid, signal.SIGUSR1)
        super().request_stop(signum, frame)

    def main_work_horse(self, job: Any, queue: Queue) -> None:
        """The forked work horse ends with the worker that forked it: killed alone, the worker used to
        leave its horse finishing a document that the sweep on another host had already sent again.
        The collector leaves alone what the horse inherited: walking it would write to every object and so
        copy the worker's whole heap into the horse, page by page, once for each job."""
        gc.freeze()
        die_with_parent(self.pid)
        super().main_work_horse(job, queue)

    def heartbeat(self, timeout: int | None = None, pipeline: Pipeline | None = None) -> None:
        """RQ's heartbeat, but the record lives WORKER_TTL seconds, not RQ's longer per-call timeouts.
        Without a pipeline it has just reached Redis, so it is also the moment to revive the scheduler."""
        ttl = self.worker_ttl if timeout is None else min(int(timeout), self.worker_ttl)
        if pipeline is not None:
            super().heartbeat(ttl, pipeline=pipeline)
            return
        try:
            super().heartbeat(ttl)
        except (RedisConnectionError, RedisTimeoutError) as exc:  # the next one will reach it
            self.log.warning("Worker %s: heartbeat could not reach Redis: %s", self.name, exc)
            return
        self.revive_scheduler()

    def set_state(self, state: str, pipeline: Pipeline | None = None) -> None:
        """RQ's state record ("idle", "busy"); written again on the next turn once Redis is back. RQ writes
        it before its dequeue's own reconnection loop, so an outage at that moment ended the worker."""
        if pipeline is not None:
            super().set_state(state, pipeline=pipeline)
            return
        try:
            super().set_state(state)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            self._state = state
            self.log.warning("Worker %s: could not record its state in Redis: %s", self.name, exc)

    def check_for_suspension(self, burst: bool) -> None:
        """RQ's `rq suspend` check; while Redis is away nobody can have suspended the worker."""
        try:
            super().check_for_suspension(burst)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            self.log.warning("Worker %s: suspension check could not reach Redis: %s", self.name, exc)

    def run_maintenance_tasks(self) -> None:
        """RQ's registry cleaning; after an outage it runs again on the next turn of the loop."""
        try:
            super().run_maintenance_tasks()
        except (RedisConnectionError, RedisTimeoutError) as exc:
            self.log.warning("Worker %s: maintenance could not reach Redis: %s", self.name, exc)

    def register_death(self) -> None:
        """RQ's farewell record; when Redis is away at exit, the record expires on its own (WORKER_TTL)."""
        try:
            super().register_death()
        except (RedisConnectionError, RedisTimeoutError) as exc:
            self.log.warning("Worker %s: could not record its exit in Redis: %s", self.name, exc)

    def maintain_heartbeats(self, *args: Any, **kwargs: Any) -> None:
        """RQ's heartbeats during a job (it runs for up to JOB_TIMEOUT_SECONDS), plus the scheduler check."""
        super().maintain_heartbeats(*args, **kwargs)
        self.revive_scheduler()

    def revive_scheduler(self) -> None:
        """Start the scheduler process again when it has died; harmless when it runs or a peer's does."""
        scheduler = self.scheduler
        # Once a shutdown is asked for, RQ has stopped the scheduler on purpose: a new one would outlive it.
        if not self._keeps_scheduler or scheduler is None or self.is_horse or self._stop_requested:
            return
        process = scheduler._process
        if process is not None and process.is_alive():
            return
        try:
            scheduler.acquire_locks(auto_start=True)
        except RedisError as exc:  # Redis went away again; the next heartbeat tries again
            self.log.warning("Worker %s: could not restart the scheduler yet: %s", self.name, exc)
            return
        if scheduler._process is not process:
            self.log.info("Worker %s: scheduler process %s (exit code %s) replaced by %s", self.name,
                          process.pid if process else None, process.exitcode if process else None,
                          scheduler._process.pid if scheduler._process else None)


def make_worker(queue: Queue, config: Any) -> ReviewerWorker:
    """The worker for `queue` with the app's liveness settings and host name. It takes the mail queue
    first: sending a message takes a second, and it should not wait behind documents being read."""
    ttl = int(config["WORKER_TTL"])
    mail = Queue(MAIL_QUEUE_NAME, connection=queue.connection, serializer=JSONSerializer)
    worker = ReviewerWorker([mail, queue], connection=queue.connection, serializer=JSONSerializer, worker_ttl=ttl,
                            job_monitoring_interval=max(1, ttl // 4))
    worker.hostname = this_host(config)
    return worker


def work_until_stopped(queue: Queue, config: Any, burst: bool, wait_for_redis: Callable[[], None],
                       new_worker: Callable[[Queue, Any], ReviewerWorker] = make_worker) -> None:
    """Run a worker, and another after it should its loop end on anything but a request to stop.

    RQ's loop quits on any error it does not expect, and a Redis outage can surface in many of its calls
    (those above are only the commonest). Rather than leave the host without a worker until somebody
    restarts it, a new worker (a new name, a fresh registration) starts as soon as Redis answers again.
    """
    while True:
        worker = new_worker(queue, config)
        try:
            worker.work(burst=burst, with_scheduler=True)
        except StopRequested:
            return
        except (RedisConnectionError, RedisTimeoutError) as exc:  # its registration, before its loop
            worker.log.warning("Worker %s: could not start: %s", worker.name, exc)
        if burst or worker._shutdown_requested_date is not None:
            return
        worker.log.warning("Worker %s: its loop ended without a request to stop; a new worker starts once "
                           "Redis answers", worker.name)
        try:
            wait_for_redis()
        except StopRequested:  # asked to stop while waiting (RQ's signal handler raises it when idle)
            return

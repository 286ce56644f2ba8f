"""Issue 28: a work horse does not copy the worker's heap.

RQ forks a work horse for every job. The collector, walking the objects the horse inherited, wrote to each of
them and so copied the worker's whole heap into the horse page by page, once per job: 0.6 to 0.8 ms of CPU a
re-processed document (make bench, part 2). The horse freezes what it inherited, and the worker itself keeps
collecting as before.
"""

from __future__ import annotations

import gc

from flask import Flask
from rq.job import Job
from rq.serializers import JSONSerializer

from reviewer.queue import extraction_queue
from reviewer.service.worker import make_worker


def inherited_objects_frozen() -> int:
    """Run in the work horse: how many objects the collector leaves alone there."""
    return gc.get_freeze_count()


def test_the_work_horse_freezes_what_it_inherits_and_the_worker_does_not(app: Flask) -> None:
    queue = extraction_queue()
    job = queue.enqueue(inherited_objects_frozen)
    before = gc.get_freeze_count()
    worker = make_worker(queue, app.config)
    assert worker.work(burst=True)
    job = Job.fetch(job.id, connection=queue.connection, serializer=JSONSerializer)
    assert job.get_status(refresh=True) == "finished"
    # the horse inherits every object of this process; frozen, the collector never walks them there
    assert job.return_value() > len(gc.get_objects()) // 2
    assert gc.get_freeze_count() == before  # the worker's own heap is collected as before

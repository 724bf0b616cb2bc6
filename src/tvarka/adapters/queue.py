"""The task queue: Huey beside Tvarka's own database, or on Redis when workers run on several
machines (``TVARKA_REDIS_URL``). ``TVARKA_QUEUE_IMMEDIATE=1`` runs tasks in the calling
process (Huey's immediate mode), like Fides' eager mode.

With Tvarka's database on PostgreSQL the queue is a table there, and an idle worker waits on
``LISTEN`` until a submission's ``NOTIFY`` wakes it; on Redis it waits in a blocking read.
Either way a task starts as soon as it is rung. With the embedded SQLite database the queue
is a SQLite file beside it, which idle workers poll (SQLite cannot wake them), at most
``POLL_SECONDS`` apart.

The queue is only a doorbell: what a task must do and how far it got live in Tvarka's own
tables, so a message lost with a crashed Redis or a killed worker is re-rung by the
reconciler that every ``tvarka worker`` runs (at start, then every minute).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from huey import Huey
from huey.api import TaskWrapper
from huey.consumer import Consumer
from huey.storage import PostgresStorage, RedisStorage, SqliteStorage
from sqlalchemy.engine import make_url

POLL_SECONDS = 0.05  # the longest an idle worker sleeps between two looks at the SQLite queue


class _PostgresStorage(PostgresStorage):  # type: ignore[misc]
    """Huey's PostgreSQL storage, changed in two ways for throughput.

    Enqueueing is one round trip instead of four (BEGIN, INSERT, NOTIFY, COMMIT): the insert
    and its NOTIFY are one autocommitted statement.

    One idle thread per process listens, instead of every one: a ring wakes as many threads
    as there are new tasks (plus one to listen on), not all of them to race for one task.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listen_local = SimpleNamespace(conn=None)  # one LISTEN connection per process
        self._listening = threading.Lock()  # held by the thread that listens on it
        self._bell = threading.Condition()  # the listener wakes the others with it

    def enqueue(self, data: bytes, priority: float | None = None) -> None:
        with self.db() as cursor:
            cursor.execute(
                f"WITH rung AS (INSERT INTO {self.table_task} (queue, data, priority) "
                "VALUES (%s, %s, %s) RETURNING id) SELECT pg_notify(%s, '') FROM rung",
                (self.name, data, priority or 0, self.channel),
            )

    def dequeue(self) -> bytes | None:
        data: bytes | None = self._dequeue()
        deadline = time.monotonic() + self.read_timeout
        while data is None and (left := deadline - time.monotonic()) > 0:
            if self._listening.acquire(blocking=False):
                try:
                    rings = list(self._listen_conn().notifies(timeout=left, stop_after=1))
                finally:
                    self._listening.release()
                with self._bell:  # this thread takes one task; wake one per other, or to listen
                    self._bell.notify(len(rings))
            else:
                with self._bell:
                    if self._listening.locked():  # under the bell: its ring cannot slip past
                        self._bell.wait(left)
            data = self._dequeue()
        return data


class _Doorbell(Huey):  # type: ignore[misc]
    """Huey as Tvarka uses it: tasks are never revoked and keep no results in the queue (their
    state is in Tvarka's tables), so the two lookups Huey makes around every task to honour a
    revocation are skipped: a round trip each, under a per-process lock on the queue's
    database connection."""

    def is_revoked(self, task: Any, timestamp: Any = None, peek: bool = True) -> bool:
        return False

    def delete(self, key: str) -> bool:
        return False


@dataclass
class Queue:
    huey: Huey
    run_task: TaskWrapper  # run_task(task_id): execute one connected system's part of a job

    def ring(self, task_ids: list[int]) -> None:
        for task_id in task_ids:
            self.run_task(task_id)

    def consumer(self, workers: int = 2) -> Consumer:
        if self.huey.storage.blocking:
            # a waiting worker wakes when rung; it sleeps only after an error (the database
            # or Redis unreachable), backing off to two seconds between attempts
            delays = {"initial_delay": 0.1, "backoff": 2.0, "max_delay": 2.0}
        else:  # a polled queue is looked at again within POLL_SECONDS
            delays = {"initial_delay": 0.005, "backoff": 1.25, "max_delay": POLL_SECONDS}
        return self.huey.create_consumer(
            workers=workers, worker_type="thread", periodic=False, **delays
        )


def make_queue(database_url: str, data_dir: Path, run_task: Callable[[int], None]) -> Queue:
    redis_url = os.environ.get("TVARKA_REDIS_URL")
    immediate = os.environ.get("TVARKA_QUEUE_IMMEDIATE") == "1"
    database = make_url(database_url)
    storage: dict[str, Any]
    if redis_url:
        storage = {"storage_class": RedisStorage, "url": redis_url}
    elif database.get_backend_name() == "postgresql":
        dsn = database.set(drivername="postgresql").render_as_string(hide_password=False)
        storage = {"storage_class": _PostgresStorage, "dsn": dsn, "table_prefix": "tvarka_queue"}
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        storage = {"storage_class": SqliteStorage, "filename": str(data_dir / "queue.sqlite3")}
    huey = _Doorbell("tvarka", immediate=immediate, results=False, **storage)
    task = huey.task(name="tvarka.execution.run_task")(run_task)
    return Queue(huey, task)

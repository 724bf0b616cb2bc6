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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from huey import Huey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper
from huey.consumer import Consumer
from huey.storage import PostgresStorage
from sqlalchemy.engine import make_url

POLL_SECONDS = 0.05  # the longest an idle worker sleeps between two looks at the SQLite queue


class _PostgresStorage(PostgresStorage):  # type: ignore[misc]
    """Huey's PostgreSQL storage, enqueueing in one round trip instead of four (BEGIN,
    INSERT, NOTIFY, COMMIT): the insert and its NOTIFY are one autocommitted statement."""

    def enqueue(self, data: bytes, priority: float | None = None) -> None:
        with self.db() as cursor:
            cursor.execute(
                f"WITH rung AS (INSERT INTO {self.table_task} (queue, data, priority) "
                "VALUES (%s, %s, %s) RETURNING id) SELECT pg_notify(%s, '') FROM rung",
                (self.name, data, priority or 0, self.channel),
            )


@dataclass
class Queue:
    huey: Huey
    run_task: TaskWrapper  # run_task(task_id): execute one connected system's part of a job

    def ring(self, task_ids: list[int]) -> None:
        for task_id in task_ids:
            self.run_task(task_id)

    def consumer(self, workers: int = 2) -> Consumer:
        # a polled queue is looked at again within POLL_SECONDS; a blocking one never sleeps
        return self.huey.create_consumer(
            workers=workers,
            worker_type="thread",
            periodic=False,
            initial_delay=0.005,
            backoff=1.25,
            max_delay=POLL_SECONDS,
        )


def make_queue(database_url: str, data_dir: Path, run_task: Callable[[int], None]) -> Queue:
    redis_url = os.environ.get("TVARKA_REDIS_URL")
    immediate = os.environ.get("TVARKA_QUEUE_IMMEDIATE") == "1"
    database = make_url(database_url)
    huey: Huey
    if redis_url:
        huey = RedisHuey("tvarka", url=redis_url, immediate=immediate, results=False)
    elif database.get_backend_name() == "postgresql":
        dsn = database.set(drivername="postgresql").render_as_string(hide_password=False)
        huey = Huey(
            "tvarka",
            storage_class=_PostgresStorage,
            dsn=dsn,
            table_prefix="tvarka_queue",
            immediate=immediate,
            results=False,
        )
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(
            "tvarka", filename=str(data_dir / "queue.sqlite3"), immediate=immediate, results=False
        )
    task = huey.task(name="tvarka.execution.run_task")(run_task)
    return Queue(huey, task)

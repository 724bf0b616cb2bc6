"""The task queue: Huey on an embedded SQLite file, or on Redis when workers run on several
machines (``TVARKA_REDIS_URL``). ``TVARKA_QUEUE_IMMEDIATE=1`` runs tasks in the calling
process (Huey's immediate mode), like Fides' eager mode.

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


@dataclass
class Queue:
    huey: Huey
    run_task: TaskWrapper  # run_task(task_id): execute one connected system's part of a job

    def ring(self, task_ids: list[int]) -> None:
        for task_id in task_ids:
            self.run_task(task_id)

    def consumer(self, workers: int = 2) -> Consumer:
        # poll at most a second apart when idle, so a rung task starts without delay
        return self.huey.create_consumer(
            workers=workers,
            worker_type="thread",
            periodic=False,
            initial_delay=0.05,
            backoff=1.15,
            max_delay=1.0,
        )


def make_queue(data_dir: Path, run_task: Callable[[int], None]) -> Queue:
    redis_url = os.environ.get("TVARKA_REDIS_URL")
    immediate = os.environ.get("TVARKA_QUEUE_IMMEDIATE") == "1"
    huey: Huey
    if redis_url:
        huey = RedisHuey("tvarka", url=redis_url, immediate=immediate, results=False)
    else:
        data_dir.mkdir(parents=True, exist_ok=True)
        huey = SqliteHuey(
            "tvarka", filename=str(data_dir / "queue.sqlite3"), immediate=immediate, results=False
        )
    task = huey.task(name="tvarka.execution.run_task")(run_task)
    return Queue(huey, task)

"""Group commit: units of work that callers submit at the same moment share one transaction.

When twenty requests start at once, each would otherwise open its own transaction, take the
audit chain's head lock in turn and wait for its own COMMIT. Here the first caller leads: it
takes every piece of work waiting at that moment, runs them one after another in a single
transaction and commits once; callers that arrive meanwhile form the next group, led by the
first of them (at most ``MAX_GROUP`` in a group). A caller alone runs alone, at the cost of
one lock.

Each piece of work is still all-or-nothing, because of this contract: a piece of work raises
a ``ServiceError`` (bad input, not found, forbidden) only before it writes anything. Such an
error fails that caller alone and the group goes on. Any other error (the database's) rolls
the group back, and every piece of it is then run again in a transaction of its own, so each
caller gets its own outcome.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from tvarka.adapters.db.uow import UnitOfWork
from tvarka.services.errors import ServiceError

T = TypeVar("T")
# A group's work takes effect only when it commits (an execution job's tasks are queued then):
# small groups keep the workers busy while the next group is written.
MAX_GROUP = 4


class _Work(Generic[T]):
    def __init__(self, run: Callable[[UnitOfWork], T]) -> None:
        self.run = run
        self.value: T | None = None
        self.error: BaseException | None = None
        self.lead = False  # woken to lead the next group, not because it is done
        self.woken = threading.Event()

    def outcome(self) -> T:
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


class GroupCommit:
    def __init__(self, new_uow: Callable[[], UnitOfWork]) -> None:
        self._new_uow = new_uow
        self._lock = threading.Lock()
        self._waiting: list[_Work[Any]] = []
        self._leading = False  # a group is being written

    def run(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run ``work`` in a transaction, perhaps shared with other callers', and return what
        it returned once that transaction has committed."""
        mine: _Work[T] = _Work(work)
        with self._lock:
            self._waiting.append(mine)
            leads = not self._leading
            self._leading = True
        if not leads:
            mine.woken.wait()
            if not mine.lead:
                return mine.outcome()
        with self._lock:
            group, self._waiting = self._waiting[:MAX_GROUP], self._waiting[MAX_GROUP:]
        try:
            self._commit(group)
        finally:
            with self._lock:
                if self._waiting:  # the first who arrived meanwhile leads the next group
                    self._waiting[0].lead = True
                    self._waiting[0].woken.set()
                else:
                    self._leading = False
        return mine.outcome()

    def _commit(self, group: list[_Work[Any]]) -> None:
        try:
            self._together(group)
        except Exception:  # noqa: BLE001 - the database's, or a bug: each runs alone, hears its own
            for work in group:
                work.value, work.error = None, None
                try:
                    self._together([work])
                except Exception as error:  # noqa: BLE001 - handed to its caller
                    work.error = error
        finally:
            for work in group:
                work.lead = False
                work.woken.set()

    def _together(self, group: list[_Work[Any]]) -> None:
        uow = self._new_uow()
        with uow:
            for work in group:
                try:
                    work.value = work.run(uow)
                except ServiceError as refused:  # raised before it wrote: the rest go on
                    work.error = refused
            uow.commit()

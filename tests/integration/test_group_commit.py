"""Group commit: callers arriving together share a transaction, and each still gets its own
outcome — a refusal or a database error of one leaves the others committed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from tvarka.adapters.db.tables import AuditEvent
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.runtime import Runtime
from tvarka.services import audit
from tvarka.services.errors import Invalid
from tvarka.services.group_commit import MAX_GROUP, GroupCommit


def note(name: str) -> Callable[[UnitOfWork], str]:
    def work(uow: UnitOfWork) -> str:
        with uow:
            uow.audit(chain="delano", actor="user:1", action="thing.noted",
                      object_type="thing", object_id=name)
        return name

    return work


def together(runtime: Runtime, works: list[Callable[[UnitOfWork], Any]]) -> tuple[list[Any], int]:
    """The first work holds its group open while the rest arrive; returns each caller's
    outcome (value or error) and how many transactions committed."""
    commits: list[int] = []
    event.listen(runtime.engine, "commit", lambda _conn: commits.append(1))
    group = GroupCommit(runtime.uow)
    started = threading.Event()

    def first(uow: UnitOfWork) -> Any:
        started.set()
        time.sleep(0.3)  # the others queue meanwhile
        return works[0](uow)

    outcomes: list[Any] = [None] * len(works)

    def call(i: int, work: Callable[[UnitOfWork], Any]) -> None:
        try:
            outcomes[i] = group.run(work)
        except Exception as error:  # noqa: BLE001 - compared by the test
            outcomes[i] = error

    threads = [threading.Thread(target=call, args=(0, first))]
    threads[0].start()
    started.wait()
    threads += [threading.Thread(target=call, args=(i, w)) for i, w in enumerate(works) if i]
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, len(commits)


def noted(runtime: Runtime) -> set[str]:
    with runtime.engine.connect() as conn:
        return set(conn.scalars(select(AuditEvent.object_id)))


def test_callers_arriving_together_share_one_transaction(runtime: Runtime) -> None:
    names = [f"t{i}" for i in range(1 + MAX_GROUP)]
    outcomes, commits = together(runtime, [note(n) for n in names])
    assert outcomes == names
    assert commits == 2  # the first alone, then the others as one group
    assert noted(runtime) == set(names)
    (verified,) = audit.verify(runtime.uow(), "delano")
    assert verified.ok and verified.events == len(names)


def test_a_refused_caller_fails_alone(runtime: Runtime) -> None:
    def refused(uow: UnitOfWork) -> str:
        raise Invalid("no such thing", field="thing")

    outcomes, _ = together(runtime, [note("a"), note("b"), refused, note("c")])
    assert outcomes[:2] == ["a", "b"] and outcomes[3] == "c"
    assert isinstance(outcomes[2], Invalid)
    assert noted(runtime) == {"a", "b", "c"}


def test_a_database_error_rolls_back_only_its_own_work(runtime: Runtime) -> None:
    def broken(uow: UnitOfWork) -> str:
        with uow:
            note("half-done")(uow)
            uow.session.execute(text("INSERT INTO audit_events (id) VALUES (NULL)"))
        return "never"

    outcomes, _ = together(runtime, [note("a"), note("b"), broken, note("c")])
    assert outcomes[:2] == ["a", "b"] and outcomes[3] == "c"
    assert not isinstance(outcomes[2], str)  # the database's own error, handed to its caller
    assert noted(runtime) == {"a", "b", "c"}  # nothing of the broken work, all of the others
    with runtime.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(AuditEvent)) == 3
    (verified,) = audit.verify(runtime.uow(), "delano")
    assert verified.ok


@pytest.mark.parametrize("callers", [1, 2 * MAX_GROUP + 1])
def test_every_caller_gets_its_own_value(runtime: Runtime, callers: int) -> None:
    outcomes, commits = together(runtime, [note(f"n{i}") for i in range(callers)])
    assert outcomes == [f"n{i}" for i in range(callers)]
    assert commits == 1 + -(-(callers - 1) // MAX_GROUP)

"""The audit chain in the real database: appends in the change's transaction, and tampering
of every kind is found by `verify`."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, select, update

from tvarka.adapters.db.tables import AuditEvent
from tvarka.runtime import Runtime
from tvarka.services import audit


def add_events(runtime: Runtime, n: int, chain: str = "delano") -> None:
    for i in range(n):
        with runtime.uow() as uow:
            uow.audit(chain=chain, actor="user:1", action="thing.changed", object_type="thing",
                      object_id=f"t{i}", before={"v": i}, after={"v": i + 1})
            uow.commit()


def verify(runtime: Runtime, chain: str = "delano"):
    (result,) = audit.verify(runtime.uow(), chain)
    return result


def test_events_chain_and_verify(runtime: Runtime) -> None:
    add_events(runtime, 5)
    result = verify(runtime)
    assert result.ok and result.events == 5


def test_the_database_completes_the_same_hash_as_python_for_any_text(runtime: Runtime) -> None:
    """On PostgreSQL the append's hash is computed in SQL; `verify` recomputes it in Python."""
    with runtime.uow() as uow:
        for i, who in enumerate(["Žydrūnė Ąžuolaitė", "user:1", "\"quoted\" \\ tab\t"]):
            uow.audit(chain="delano", actor=who, action="thing.changed", object_type="thing",
                      object_id=f"ėčęš-{i}", after={"vardas": who})
        uow.commit()
    result = verify(runtime)
    assert result.ok and result.events == 3


def test_an_event_rolled_back_with_its_change_leaves_no_trace(runtime: Runtime) -> None:
    add_events(runtime, 2)
    with runtime.uow() as uow:
        uow.audit(chain="delano", actor="user:1", action="x", object_type="t", object_id="1")
        # no commit: the change failed
    assert verify(runtime).events == 2 and verify(runtime).ok


def test_audit_stores_hashes_not_states(runtime: Runtime) -> None:
    with runtime.uow() as uow:
        uow.audit(chain="delano", actor="user:1", action="user.created", object_type="user",
                  object_id="user:7", after={"email": "someone@example.com"})
        uow.commit()
    with runtime.engine.connect() as connection:
        rows = connection.execute(select(AuditEvent.__table__)).all()
    assert "someone@example.com" not in repr(rows)


@pytest.mark.parametrize(
    "tamper, seq",
    [
        ("edit", 3),
        ("delete", 3),
        ("reorder", 2),
        ("delete_tail", 6),
    ],
)
def test_tampering_is_reported_at_the_first_broken_link(
    runtime: Runtime, tamper: str, seq: int
) -> None:
    add_events(runtime, 5)
    table = AuditEvent.__table__
    with runtime.engine.begin() as connection:
        if tamper == "edit":
            connection.execute(update(table).where(table.c.seq == 3).values(actor="user:666"))
        elif tamper == "delete":
            connection.execute(delete(table).where(table.c.seq == 3))
        elif tamper == "reorder":
            connection.execute(update(table).where(table.c.seq == 2).values(seq=-2))
            connection.execute(update(table).where(table.c.seq == 3).values(seq=2))
            connection.execute(update(table).where(table.c.seq == -2).values(seq=3))
        elif tamper == "delete_tail":
            connection.execute(delete(table).where(table.c.seq == 5))
    result = verify(runtime)
    assert not result.ok
    assert result.broken_seq == (5 if tamper == "delete_tail" else seq)


def test_inserted_event_is_reported(runtime: Runtime) -> None:
    add_events(runtime, 3)
    table = AuditEvent.__table__
    with runtime.engine.begin() as connection:
        row = connection.execute(select(table).where(table.c.seq == 3)).mappings().one()
        connection.execute(update(table).where(table.c.seq == 3).values(seq=4))
        forged = dict(row) | {"seq": 3, "object_id": "forged"}
        forged.pop("id")
        connection.execute(table.insert().values(**forged))
    result = verify(runtime)
    assert not result.ok and result.broken_seq == 3


def test_concurrent_appends_keep_one_unbroken_chain(runtime: Runtime) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            add_events(runtime, 10)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    result = verify(runtime)
    assert result.ok and result.events == 40

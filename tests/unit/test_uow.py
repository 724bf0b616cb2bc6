import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

from tvarka.adapters.db.uow import UnitOfWork


def test_nested_use_shares_one_session_and_closes_once() -> None:
    uow = UnitOfWork(create_engine("sqlite://"))
    with uow:
        outer = uow.session
        outer.execute(text("SELECT 1"))
        with uow:
            assert uow.session is outer
        assert outer.in_transaction()  # the inner exit did not close the outer's work
    assert not outer.in_transaction()


def test_an_atomic_block_commits_once_and_an_error_in_it_undoes_every_step() -> None:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    uow = UnitOfWork(engine)

    def step(value: int) -> None:  # a use case that commits its own work
        with uow:
            uow.session.execute(text("INSERT INTO t VALUES (:x)"), {"x": value})
            uow.commit()

    def rows() -> list[int]:
        with engine.connect() as connection:
            return [r[0] for r in connection.execute(text("SELECT x FROM t ORDER BY x"))]

    with pytest.raises(RuntimeError), uow.atomic():
        step(1)
        step(2)
        raise RuntimeError("crash after two committed steps")
    assert rows() == []
    with uow.atomic():
        step(1)
        step(2)
    assert rows() == [1, 2]

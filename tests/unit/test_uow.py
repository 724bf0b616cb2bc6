from sqlalchemy import create_engine, text

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

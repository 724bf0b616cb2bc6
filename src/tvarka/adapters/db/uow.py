"""The unit of work: one transaction per use case, with the audit log written inside it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tvarka.adapters.db import audit_log

_FACTORIES: WeakKeyDictionary[Engine, sessionmaker[Session]] = WeakKeyDictionary()


def _factory(engine: Engine) -> sessionmaker[Session]:
    """One session factory per engine: each ``sessionmaker`` makes a Session subclass of its
    own, whose event set-up costs more than the short transaction a use case runs."""
    factory = _FACTORIES.get(engine)
    if factory is None:
        factory = _FACTORIES.setdefault(engine, sessionmaker(engine, expire_on_commit=False))
    return factory


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._factory = _factory(engine)
        self._depth = 0
        self._held = 0  # open ``atomic`` blocks: commits inside them only flush
        self.session: Session

    def __enter__(self) -> Self:
        """Re-entrant: a use case that calls another inside its own ``with`` shares one
        session and one transaction with it, instead of opening a second one."""
        if self._depth == 0:
            self.session = self._factory()
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0:
            # close() rolls back whatever was not committed and detaches the objects without
            # expiring them, so a use case can return what it read.
            self.session.close()

    def commit(self) -> None:
        if self._held:
            self.session.flush()  # the enclosing ``atomic`` block commits, once, at its end
            return
        self.session.commit()

    @contextmanager
    def atomic(self) -> Iterator[Self]:
        """One transaction for several use cases that each commit: inside the block their
        commits only flush, and the block commits once at its end; an error anywhere in it
        rolls all of it back."""
        with self:
            self._held += 1
            try:
                yield self
            finally:
                self._held -= 1
            self.commit()

    def audit(
        self,
        *,
        chain: str,
        actor: str,
        action: str,
        object_type: str,
        object_id: str,
        before: Any = None,
        after: Any = None,
    ) -> None:
        """Record one state change; it commits or rolls back with the change itself."""
        audit_log.append(
            self.session,
            chain=chain,
            at=datetime.now(UTC),
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=before,
            after=after,
        )

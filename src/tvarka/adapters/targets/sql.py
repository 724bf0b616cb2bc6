"""A connected SQL system (PostgreSQL, SQLite, MySQL/MariaDB) through SQLAlchemy Core.

Where Fides opens a connection per collection and autocommits an UPDATE per row, this runs a
request as one transaction on one pooled connection: per collection one SELECT per batch of
keys (``= ANY(:keys)`` on PostgreSQL, so the statement is prepared once; an expanding ``IN``
elsewhere), then per collection one UPDATE or DELETE per batch of primary keys. All reads
happen before the first write and every change is decided in pure code
(``tvarka.domain.execution.changes``), so a failure at any point rolls back to nothing
changed. Tables are addressed from the annotations, never reflected per request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from tvarka.domain.execution.changes import (
    CollectionChange,
    constant_changes,
    direct_collections,
    direct_values,
    erasure_changes,
    row_key,
)
from tvarka.domain.execution.datamap import CollectionAddress, DataMap, FieldAddress
from tvarka.domain.execution.erasure import (
    CollectionErasure,
    ErasurePlan,
    ErasurePolicy,
    plan_erasure,
)
from tvarka.domain.execution.outcome import (
    AccessData,
    Action,
    CollectionOutcome,
    SystemOutcome,
)
from tvarka.domain.execution.protection import Protection, RowKey
from tvarka.domain.execution.rectification import (
    Correction,
    KeyedReads,
    plan_location,
    plan_rectification,
)
from tvarka.domain.execution.traversal import TraversalPlan, plan_traversal

Row = dict[str, object]
Rows = dict[CollectionAddress, list[Row]]
Identities = Mapping[str, Sequence[object]]  # identity type -> the values the request carries
Observer = Callable[[str, CollectionAddress], None]  # ("read" | "write", collection), for progress


class TargetError(RuntimeError):
    """A connected system failed; the transaction was rolled back, nothing was changed."""

    def __init__(self, system: str, stage: str, place: str, cause: BaseException) -> None:
        self.system, self.stage, self.place = system, stage, place
        detail = str(getattr(cause, "orig", None) or cause).strip().splitlines()
        self.detail = detail[0] if detail else type(cause).__name__
        super().__init__(
            f"system '{system}': {stage} failed at {place}: {self.detail} "
            "(rolled back, nothing changed)"
        )


class SqlSystem:
    """One connected database: a pooled engine and the data map that describes its tables."""

    def __init__(
        self,
        key: str,
        url: str | sa.URL,
        datamap: DataMap,
        *,
        schema: str | None = None,
        batch_size: int | None = None,
        engine: Engine | None = None,
        pool_size: int = 5,
    ) -> None:
        self.key = key
        self.datamap = datamap
        self.schema = schema
        self.engine = engine or _engine(url, pool_size)
        # Reads that change nothing run without BEGIN/COMMIT: under READ COMMITTED a
        # transaction gives them no common snapshot anyway, and it costs two round trips.
        self.reader = (
            self.engine
            if self.engine.dialect.name == "sqlite"
            else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._arrays = self.engine.dialect.name == "postgresql"
        self._lock = self.engine.dialect.name in ("postgresql", "mysql", "mariadb")
        self.batch_size = batch_size or (10_000 if self._arrays else 500)
        self._tables = {
            address: sa.table(
                address.collection,
                *(sa.column(f.name) for f in spec.fields if not f.nested),
                schema=schema,
            )
            for address, spec in datamap.collections.items()
        }
        self._plans: dict[tuple[object, ...], object] = {}
        self._statements: dict[tuple[object, ...], Any] = {}

    def dispose(self) -> None:
        self.engine.dispose()

    # -- the four actions -------------------------------------------------------------------

    def access(self, identities: Identities, observer: Observer | None = None) -> AccessData:
        """Every annotated field of every row the identities lead to."""
        plan = self._plan(("access", *sorted(identities)), plan_traversal, identities)
        all_fields = {
            a: tuple(f.name for f in self.datamap.collection(a).fields if not f.nested)
            for a in self.datamap.collections
        }
        with self._transaction("access", read_only=True) as conn:
            rows = self._read(conn, plan, all_fields, identities, False, observer)
        return AccessData(self.key, self.datamap, rows, plan.unreachable)

    def erase(
        self,
        identities: Identities,
        policy: ErasurePolicy,
        protections: Sequence[Protection] = (),
        hash_secret: bytes = b"",
        observer: Observer | None = None,
    ) -> SystemOutcome:
        plan: ErasurePlan = self._plan(
            ("erasure", policy, *sorted(identities)),
            lambda dm, ids: plan_erasure(dm, policy, ids),
            identities,
        )
        direct = direct_collections(plan, protections)
        pending: dict[CollectionAddress, dict[str, set[object]]] = {}
        with self._transaction("erasure") as conn:
            rows = self._read(
                conn, plan.traversal, plan.read_fields, identities, True, observer, direct, pending
            )
            changes = erasure_changes(plan, rows, protections, hash_secret, direct)
            self._write(conn, changes, observer)
            counts = {
                t.collection: self._update_by_lookup(conn, t, pending[t.collection], observer)
                for t in plan.targets
                if t.collection in pending
            }
        outcomes = _outcomes(changes, rows, plan.traversal, counts)
        return SystemOutcome(self.key, Action.erasure, outcomes, plan.skipped)

    def rectify(
        self,
        identities: Identities,
        corrections: Sequence[Correction],
        protections: Sequence[Protection] = (),
        observer: Observer | None = None,
    ) -> SystemOutcome:
        plan = plan_rectification(self.datamap, corrections, identities)
        reads = plan.reads
        with self._transaction("rectification") as conn:
            rows = self._read(conn, reads.traversal, reads.read_fields, identities, True, observer)
            changes = [
                constant_changes(c, reads.keys[c], rows.get(c, []), values, protections)
                for c, values in sorted(plan.values.items())
            ]
            self._write(conn, changes, observer)
        return SystemOutcome(
            self.key, Action.rectification, _outcomes(changes, rows, reads.traversal)
        )

    def locate(self, identities: Identities, observer: Observer | None = None) -> SystemOutcome:
        """The primary keys of the subject's rows: what a restriction records on Tvarka's side.

        The target database is not changed; erasure and rectification honour the restriction
        when the caller passes ``restriction_of(outcome.located, note)`` back as a protection.
        """
        reads: KeyedReads = self._plan(("locate", *sorted(identities)), plan_location, identities)
        with self._transaction("restriction", read_only=True) as conn:
            rows = self._read(conn, reads.traversal, reads.read_fields, identities, False, observer)
        located = {
            c: tuple(dict.fromkeys(row_key(r, reads.keys[c]) for r in found))
            for c, found in rows.items()
            if reads.keys[c]
        }
        outcomes = tuple(CollectionOutcome(c, len(k)) for c, k in located.items())
        return SystemOutcome(self.key, Action.restriction, outcomes, located=located)

    # -- reads -------------------------------------------------------------------------------

    def _read(
        self,
        conn: Connection,
        plan: TraversalPlan,
        fields: Mapping[CollectionAddress, Sequence[str]],
        identities: Identities,
        lock: bool,
        observer: Observer | None,
        direct: frozenset[CollectionAddress] = frozenset(),
        pending: dict[CollectionAddress, dict[str, set[object]]] | None = None,
    ) -> Rows:
        """Read the steps in order; for ``direct`` steps only collect their lookup keys."""
        found: dict[FieldAddress, set[object]] = {}
        rows: Rows = {}
        for step in plan.steps:
            address = step.collection
            spec = self.datamap.collection(address)
            lookups: dict[str, set[object]] = {}
            for lookup in step.identity_lookups:
                field = spec.field(lookup.field)
                cast = _caster(field.data_type if field else None)
                values = {cast(v) for v in identities.get(lookup.identity, ())}
                lookups.setdefault(lookup.field, set()).update(values)
            for edge in step.edges_in:
                lookups.setdefault(edge.target.field, set()).update(found.get(edge.source, ()))
            lookups = {f: v for f, v in lookups.items() if v}
            if address in direct and pending is not None:
                pending[address] = lookups
                continue
            names = tuple(fields[address])
            with self._at("read", address):
                rows[address] = self._select(conn, address, names, lookups, spec.primary_key, lock)
            for name in step.carry:
                source = spec.field_address(name)
                found.setdefault(source, set()).update(
                    r[name] for r in rows[address] if r[name] is not None
                )
            if observer:
                observer("read", address)
        return rows

    def _select(
        self,
        conn: Connection,
        address: CollectionAddress,
        names: tuple[str, ...],
        lookups: Mapping[str, set[object]],
        key: tuple[str, ...],
        lock: bool,
    ) -> list[Row]:
        table = self._tables[address]
        out: list[Row] = []
        seen: set[tuple[object, ...]] = set()
        for fields, params in self._lookup_batches(lookups):

            def build(fields: tuple[str, ...] = fields) -> sa.Select[Any]:
                query = sa.select(*(table.c[n] for n in names)).where(
                    self._lookup_condition(table, fields)
                )
                return query.with_for_update() if lock and self._lock else query

            statement = self._statement(("select", address, names, fields, lock), build)
            for record in conn.execute(statement, params).all():
                row = dict(zip(names, record))
                ident = row_key(row, key) if key else tuple(record)
                if ident not in seen:
                    seen.add(ident)
                    out.append(row)
        return out

    def _lookup_batches(
        self, lookups: Mapping[str, set[object]]
    ) -> Iterator[tuple[tuple[str, ...], dict[str, list[object]]]]:
        """The lookup fields and their keys as parameters ``tvarka_k0``, ``tvarka_k1``…: one
        statement when every key fits one batch (fields OR-ed), else one per batch of one
        field's keys."""
        ordered = {f: sorted(v, key=_sort_key) for f, v in sorted(lookups.items())}
        if sum(len(v) for v in ordered.values()) <= self.batch_size:
            if ordered:
                yield tuple(ordered), {f"tvarka_k{i}": v for i, v in enumerate(ordered.values())}
            return
        for field, values in ordered.items():
            for batch in _batches(values, self.batch_size):
                yield (field,), {"tvarka_k0": list(batch)}

    def _lookup_condition(
        self, table: sa.TableClause, fields: tuple[str, ...]
    ) -> ColumnElement[bool]:
        """``field0 IN :tvarka_k0 OR field1 IN :tvarka_k1 …``: an array parameter on
        PostgreSQL (one prepared statement whatever the number of keys), an expanding IN
        elsewhere."""
        if self._arrays:
            matches = (
                table.c[f] == sa.func.any(sa.bindparam(f"tvarka_k{i}"))
                for i, f in enumerate(fields)
            )
        else:
            matches = (
                table.c[f].in_(sa.bindparam(f"tvarka_k{i}", expanding=True))
                for i, f in enumerate(fields)
            )
        return sa.or_(*matches)

    def _statement(self, cache_key: tuple[object, ...], build: Callable[[], Any]) -> Any:
        """Statements depend on the collection, the fields and the lookup fields, never on the
        keys (those are parameters): each is built once. Composing one costs more CPU than
        sending it."""
        statement = self._statements.get(cache_key)
        if statement is None:
            statement = self._statements[cache_key] = build()
        return statement

    def _update_by_lookup(
        self,
        conn: Connection,
        target: CollectionErasure,
        lookups: Mapping[str, set[object]],
        observer: Observer | None,
    ) -> int:
        """``UPDATE … WHERE lookup = ANY(:keys)``: the subject's rows, never read into memory.

        The count is exact unless the keys span several batches over two lookup fields and a
        row matches both (then it is counted, and harmlessly set, twice).
        """
        table = self._tables[target.collection]
        values = direct_values(target)
        changed = 0
        with self._at("write", target.collection):
            for fields, params in self._lookup_batches(lookups):

                def build(fields: tuple[str, ...] = fields) -> Any:
                    where = self._lookup_condition(table, fields)
                    return sa.update(table).where(where).values(**values)

                key = ("update", target.collection, fields, tuple(sorted(values.items())))
                statement = self._statement(key, build)
                changed += conn.execute(statement, params).rowcount
        if observer:
            observer("write", target.collection)
        return changed

    def _matches(
        self, table: sa.TableClause, key: Sequence[str], keys: Sequence[RowKey], name: str = "k"
    ) -> ColumnElement[bool]:
        """``key IN keys``: one array parameter on PostgreSQL, an expanding IN elsewhere."""
        if len(key) == 1:
            column = table.c[key[0]]
            values = [k[0] for k in keys]
            if self._arrays:
                return column == sa.func.any(sa.bindparam(f"tvarka_{name}", values))
            return column.in_(values)
        return sa.tuple_(*(table.c[n] for n in key)).in_([tuple(k) for k in keys])

    # -- writes ------------------------------------------------------------------------------

    def _write(
        self, conn: Connection, changes: Sequence[CollectionChange], observer: Observer | None
    ) -> None:
        for change in changes:
            table = self._tables[change.collection]
            with self._at("write", change.collection):
                for update in change.updates:
                    if update.values:
                        for batch in _batches(list(update.keys), self.batch_size):
                            where = self._matches(table, change.key, batch)
                            conn.execute(sa.update(table).where(where).values(**update.values))
                    if update.hashed:  # a CASE per row: smaller batches keep statements small
                        for batch in _batches(list(update.keys), min(self.batch_size, 500)):
                            where = self._matches(table, change.key, batch)
                            values = {
                                name: _per_row(table, change.key, per_row, batch)
                                for name, per_row in update.hashed.items()
                            }
                            conn.execute(sa.update(table).where(where).values(**values))
                for batch in _batches(list(change.delete_keys), self.batch_size):
                    conn.execute(sa.delete(table).where(self._matches(table, change.key, batch)))
            if observer:
                observer("write", change.collection)

    # -- plumbing ----------------------------------------------------------------------------

    def _plan(
        self, cache_key: tuple[object, ...], build: Callable[..., Any], ids: Identities
    ) -> Any:
        """Plans depend only on the data map and the identity types: build each once."""
        plan = self._plans.get(cache_key)
        if plan is None:
            plan = self._plans[cache_key] = build(self.datamap, set(ids))
        return plan

    def _transaction(self, stage: str, read_only: bool = False) -> _Transaction:
        return _Transaction(self, stage, read_only)

    def _at(self, stage: str, address: CollectionAddress) -> _Place:
        return _Place(self.key, stage, str(address))


class _Transaction:
    """One transaction per system; any failure rolls back and becomes a TargetError."""

    def __init__(self, system: SqlSystem, stage: str, read_only: bool) -> None:
        self.system, self.stage, self.read_only = system, stage, read_only
        self._context: Any = None

    def __enter__(self) -> Connection:
        try:
            engine = self.system.reader if self.read_only else self.system.engine
            self._context = engine.begin()
            conn: Connection = self._context.__enter__()
            return conn
        except sa.exc.SQLAlchemyError as error:
            raise TargetError(self.system.key, self.stage, "connect", error) from error

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> bool:
        try:
            self._context.__exit__(kind, error, trace)
        except sa.exc.SQLAlchemyError as failure:
            if error is None:
                raise TargetError(self.system.key, self.stage, "commit", failure) from failure
        if isinstance(error, sa.exc.SQLAlchemyError):
            raise TargetError(self.system.key, self.stage, "transaction", error) from error
        return False


class _Place:
    """Names the collection where a statement failed."""

    def __init__(self, system: str, stage: str, place: str) -> None:
        self.system, self.stage, self.place = system, stage, place

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> bool:
        if isinstance(error, sa.exc.SQLAlchemyError):
            raise TargetError(self.system, self.stage, self.place, error) from error
        return False


def _engine(url: str | sa.URL, pool_size: int) -> Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":  # wait for the application's writers, not 5 s
        return sa.create_engine(parsed, connect_args={"timeout": 30})
    return sa.create_engine(parsed, pool_size=pool_size, max_overflow=pool_size)


def _per_row(
    table: sa.TableClause,
    key: Sequence[str],
    per_row: Mapping[RowKey, object],
    batch: Sequence[RowKey],
) -> ColumnElement[Any]:
    """``CASE`` on the primary key: per-row values (hashes) in one statement."""
    whens = [(sa.and_(*(table.c[n] == v for n, v in zip(key, k))), per_row[k]) for k in batch]
    return sa.case(*whens)


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _caster(data_type: str | None) -> Callable[[object], object]:
    if data_type == "integer":
        return lambda v: int(v)  # type: ignore[call-overload]
    if data_type == "string":
        return str
    return lambda v: v


def _sort_key(value: object) -> tuple[str, object]:
    return (type(value).__name__, value)


def _outcomes(
    changes: Iterable[CollectionChange],
    rows: Rows,
    plan: TraversalPlan,
    by_lookup: Mapping[CollectionAddress, int] | None = None,
) -> tuple[CollectionOutcome, ...]:
    by_collection = {c.collection: c for c in changes}
    out = []
    for step in plan.steps:
        change = by_collection.get(step.collection)
        if by_lookup and step.collection in by_lookup:
            count = by_lookup[step.collection]
            out.append(CollectionOutcome(step.collection, count, count))
            continue
        found = len(rows.get(step.collection, ()))
        if change is None:
            out.append(CollectionOutcome(step.collection, found))
        else:
            out.append(
                CollectionOutcome(
                    step.collection,
                    change.found,
                    change.updated,
                    len(change.delete_keys),
                    change.left_alone,
                )
            )
    return tuple(out)

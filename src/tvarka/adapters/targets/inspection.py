"""Checks a connected system against its data map before any request runs.

Reported at their exact place: a database that cannot be reached; tables and columns the
annotations name but the database lacks (errors); lookup columns — identity fields and the
targets of references, the columns requests search by — with no index that starts with them,
together with the ``CREATE INDEX`` that fixes it (a warning: without it every request scans
the table, the O(n) cost anchors.md §4.2 warns about); columns an erasure policy would set to
NULL that the database declares NOT NULL (a warning: that erasure would fail and roll back).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Inspector

from tvarka.adapters.targets.sql import SqlSystem
from tvarka.domain.execution.datamap import CollectionAddress, CollectionSpec
from tvarka.domain.execution.erasure import ErasurePolicy, MaskAction
from tvarka.domain.execution.problems import Problem, ProblemLevel


def inspect_system(system: SqlSystem, policy: ErasurePolicy | None = None) -> list[Problem]:
    try:
        with system.engine.connect() as conn:
            inspector = sa.inspect(conn)
            problems: list[Problem] = []
            for address, spec in sorted(system.datamap.collections.items()):
                problems += _collection_problems(system, inspector, address, spec, policy)
            return problems
    except sa.exc.SQLAlchemyError as error:
        detail = str(getattr(error, "orig", None) or error).strip().splitlines()
        return [
            Problem(
                ProblemLevel.error,
                "system-unreachable",
                system.key,
                f"cannot connect: {detail[0] if detail else type(error).__name__}",
            )
        ]


def _collection_problems(
    system: SqlSystem,
    inspector: Inspector,
    address: CollectionAddress,
    spec: CollectionSpec,
    policy: ErasurePolicy | None,
) -> list[Problem]:
    table, schema = address.collection, system.schema
    if not inspector.has_table(table, schema=schema):
        where = f" in schema '{schema}'" if schema else ""
        return [
            Problem(
                ProblemLevel.error,
                "table-missing",
                str(address),
                f"the database has no table '{table}'{where}",
            )
        ]
    columns = {c["name"]: c for c in inspector.get_columns(table, schema=schema)}
    problems = [
        Problem(
            ProblemLevel.error,
            "column-missing",
            str(spec.field_address(f.name)),
            f"table '{table}' has no column '{f.name}'",
        )
        for f in spec.fields
        if not f.nested and f.name not in columns
    ]
    indexed = _leading_columns(inspector, table, schema)
    for name in sorted(_lookup_fields(system, address, spec)):
        if name in columns and name not in indexed:
            problems.append(
                Problem(
                    ProblemLevel.warning,
                    "lookup-not-indexed",
                    str(spec.field_address(name)),
                    "requests look rows up by this column, but no index starts with it: "
                    "every request would scan the whole table",
                    fix=_create_index(system, table, name),
                )
            )
    if policy is not None:
        for f in spec.fields:
            rule = policy.rule_for(f.categories)
            column = columns.get(f.name)
            nulls = rule is not None and rule.action is MaskAction.null
            if nulls and column is not None and not column["nullable"] and not f.primary_key:
                problems.append(
                    Problem(
                        ProblemLevel.warning,
                        "erasure-not-null",
                        str(spec.field_address(f.name)),
                        f"the erasure policy sets it to NULL (rule '{rule.category}'), "
                        "but the column is NOT NULL: such erasures would fail and roll back",
                        fix=f"choose 'hash' or 'fixed' for '{rule.category}', or allow NULL",
                    )
                )
    return problems


def _lookup_fields(system: SqlSystem, address: CollectionAddress, spec: CollectionSpec) -> set[str]:
    identities = {f.name for f in spec.fields if f.identity}
    targets = {
        e.target.field for e in system.datamap.edges if e.target.collection_address == address
    }
    return identities | targets


def _leading_columns(inspector: Inspector, table: str, schema: str | None) -> set[str]:
    leading: set[str] = set()
    primary = inspector.get_pk_constraint(table, schema=schema).get("constrained_columns") or []
    leading.update(primary[:1])
    for index in inspector.get_indexes(table, schema=schema):
        names = index.get("column_names") or []
        if names and names[0]:
            leading.add(names[0])
    for unique in inspector.get_unique_constraints(table, schema=schema):
        leading.update((unique.get("column_names") or [])[:1])
    return leading


def _create_index(system: SqlSystem, table: str, column: str) -> str:
    quote = system.engine.dialect.identifier_preparer.quote
    target = f"{quote(system.schema)}.{quote(table)}" if system.schema else quote(table)
    return f"CREATE INDEX {quote(f'ix_{table}_{column}')} ON {target} ({quote(column)});"

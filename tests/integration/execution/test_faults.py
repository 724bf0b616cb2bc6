"""Faults and checks on load: a database that fails mid-run leaves nothing half-erased, and
problems in a connected system are reported at their place before anything runs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.integration.execution import shop
from tests.integration.execution.test_sql_system import BASELINE, ERASED, assert_only_changed
from tvarka.adapters.targets.inspection import inspect_system
from tvarka.adapters.targets.sql import SqlSystem, TargetError
from tvarka.domain.execution.datamap import DataMap, parse_yaml
from tvarka.domain.execution.erasure import ErasurePolicy, ErasureRule, MaskAction
from tvarka.domain.execution.validation import load_datamap

TRIGGER = {
    "sqlite": [
        (
            "CREATE TRIGGER boom BEFORE UPDATE ON orders "
            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )
    ],
    "postgresql": [
        (
            "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql"
        ),
        "CREATE TRIGGER boom BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION boom()",
    ],
    "mysql": [
        (
            "CREATE TRIGGER boom BEFORE UPDATE ON orders FOR EACH ROW "
            "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'"
        )
    ],
}


def test_a_statement_failing_in_a_later_collection_rolls_everything_back(
    system: SqlSystem, shop_engine: sa.Engine
) -> None:
    with shop_engine.begin() as conn:
        for statement in TRIGGER[shop_engine.dialect.name]:
            conn.execute(sa.text(statement))
    before = shop.snapshot(shop_engine)
    written: list[str] = []
    with pytest.raises(TargetError) as caught:
        system.erase(
            {"email": [shop.email(2)]},
            BASELINE,
            observer=lambda stage, c: written.append(c.collection) if stage == "write" else None,
        )
    assert len(written) >= 2, "the failure must come after other collections were written"
    assert "orders" not in written
    assert caught.value.place == "shop_pg_dataset.orders"
    assert "injected failure" in str(caught.value) and "nothing changed" in str(caught.value)
    assert shop.snapshot(shop_engine) == before


@pytest.mark.postgres
def test_a_terminated_backend_mid_run_changes_nothing_and_the_request_can_be_retried(
    system: SqlSystem, shop_engine: sa.Engine, shop_url: str
) -> None:
    if shop_engine.dialect.name != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's")
    before = shop.snapshot(shop_engine)
    subject = shop.subject_rows(shop_engine, 2)

    def kill_after_second_write(stage: str, collection: object) -> None:
        if stage == "write":
            kill_after_second_write.writes += 1  # type: ignore[attr-defined]
            if kill_after_second_write.writes == 2:  # type: ignore[attr-defined]
                with shop_engine.connect() as admin:
                    admin.execute(
                        sa.text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                    )

    kill_after_second_write.writes = 0  # type: ignore[attr-defined]
    with pytest.raises(TargetError) as caught:
        system.erase({"email": [shop.email(2)]}, BASELINE, observer=kill_after_second_write)
    assert caught.value.system == "shop"
    shop_engine.dispose()  # the kill also ended this engine's pooled connections
    assert shop.snapshot(shop_engine) == before
    system.erase({"email": [shop.email(2)]}, BASELINE)  # the same request, run again
    expected = {
        table: {pk: {c: None for c in ERASED[table]} for pk in keys}
        for table, keys in subject.items()
        if ERASED[table]
    }
    assert_only_changed(before, shop.snapshot(shop_engine), expected)


def test_an_unreachable_database_is_a_clear_error(shop_datamap: DataMap) -> None:
    system = SqlSystem(
        "crm", "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2", shop_datamap
    )
    with pytest.raises(TargetError, match="system 'crm': access failed at connect"):
        system.access({"email": [shop.email(1)]})
    (problem,) = inspect_system(system)
    assert (problem.code, problem.place) == ("system-unreachable", "crm")


EXTRA = """
      - name: coupons
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email}
          - name: code
            data_categories: [system.operations]
      - name: ghosts
        fields:
          - name: id
            fides_meta: {primary_key: true}
          - name: email
            data_categories: [user.contact.email]
            fides_meta: {identity: email}
"""


def test_inspection_reports_missing_tables_columns_and_indexes_with_the_fix(
    shop_engine: sa.Engine, shop_url: str
) -> None:
    with shop_engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE coupons (id INTEGER PRIMARY KEY, email VARCHAR(200))"))
    text = shop.DATASET_YML.read_text().rstrip() + EXTRA
    datamap, _ = load_datamap(parse_yaml(text))
    system = SqlSystem("shop", shop_url, datamap)
    try:
        nulls_fk = ErasurePolicy((ErasureRule("user.unique_id", MaskAction.null),))
        problems = {(p.level.value, p.code, p.place): p for p in inspect_system(system, nulls_fk)}
    finally:
        system.dispose()
    quote = shop_engine.dialect.identifier_preparer.quote
    assert set(problems) == {
        ("error", "table-missing", "shop_pg_dataset.ghosts"),
        ("error", "column-missing", "shop_pg_dataset.coupons.code"),
        ("warning", "lookup-not-indexed", "shop_pg_dataset.coupons.email"),
        ("warning", "erasure-not-null", "shop_pg_dataset.orders.customer_id"),
        ("warning", "erasure-not-null", "shop_pg_dataset.login_events.customer_id"),
    }
    fix = problems[("warning", "lookup-not-indexed", "shop_pg_dataset.coupons.email")].fix
    assert fix == f"CREATE INDEX {quote('ix_coupons_email')} ON coupons (email);"
    with shop_engine.begin() as conn:  # the fix works and removes the warning
        conn.execute(sa.text(fix or ""))
    system = SqlSystem("shop", shop_url, datamap)
    try:
        codes = {p.code for p in inspect_system(system)}
    finally:
        system.dispose()
    assert "lookup-not-indexed" not in codes

"""A small copy of the benchmark's shop database, built portably for SQLite, PostgreSQL, MariaDB.

Same tables, keys and annotation as ``shared/bench/shop`` (gen_shop.py, shop_dataset.yml), with
made-up people: customer i is ``customer<i>@example.com``. Per customer: 3 orders, 2 items per
order, 4 login events, and a newsletter row for even ids (plus prospects who are not customers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

# the benchmark's Fides dataset, copied unchanged from shared/bench/shop/shop_dataset.yml
DATASET_YML = Path(__file__).resolve().parents[2] / "fixtures/shop_dataset.yml"
ORDERS, ITEMS, LOGINS = 3, 2, 4

metadata = sa.MetaData()
customer = sa.Table(
    "customer",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("email", sa.String(200), unique=True),
    sa.Column("name", sa.String(200)),
    sa.Column("address", sa.String(200)),
    sa.Column("phone", sa.String(50)),
    sa.Column("created_at", sa.DateTime),
)
orders = sa.Table(
    "orders",
    metadata,
    sa.Column(
        "id",
        sa.BigInteger().with_variant(sa.Integer, "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False, index=True),
    sa.Column("total", sa.Numeric(10, 2)),
    sa.Column("shipping_address", sa.String(200)),
)
order_items = sa.Table(
    "order_items",
    metadata,
    sa.Column(
        "id",
        sa.BigInteger().with_variant(sa.Integer, "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("order_id", sa.BigInteger, sa.ForeignKey("orders.id"), nullable=False, index=True),
    sa.Column("product", sa.String(100)),
    sa.Column("quantity", sa.Integer),
    sa.Column("price", sa.Numeric(10, 2)),
)
login_events = sa.Table(
    "login_events",
    metadata,
    sa.Column(
        "id",
        sa.BigInteger().with_variant(sa.Integer, "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("customer_id", sa.Integer, sa.ForeignKey("customer.id"), nullable=False, index=True),
    sa.Column("ip", sa.String(50)),
    sa.Column("ts", sa.DateTime),
)
newsletter = sa.Table(
    "newsletter",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("email", sa.String(200), index=True),
)
TABLES = [customer, orders, order_items, login_events, newsletter]


def email(i: int) -> str:
    return f"customer{i}@example.com"


def build(engine: sa.Engine, n: int) -> None:
    metadata.drop_all(engine)
    metadata.create_all(engine)
    rows: dict[sa.Table, list[dict[str, Any]]] = {t: [] for t in TABLES}
    import datetime as dt

    when = dt.datetime(2026, 1, 1, 12, 0)
    for i in range(1, n + 1):
        rows[customer].append(
            {
                "id": i,
                "email": email(i),
                "name": f"Name {i}",
                "address": f"{i} Main Street",
                "phone": f"+370-600-{i:05d}",
                "created_at": when,
            }
        )
        for o in range(ORDERS):
            oid = (i - 1) * ORDERS + o + 1
            rows[orders].append(
                {
                    "id": oid,
                    "customer_id": i,
                    "total": 10 + o,
                    "shipping_address": f"{i} Main Street",
                }
            )
            for k in range(ITEMS):
                rows[order_items].append(
                    {
                        "id": (oid - 1) * ITEMS + k + 1,
                        "order_id": oid,
                        "product": f"product-{k}",
                        "quantity": 1 + k,
                        "price": 5,
                    }
                )
        for e in range(LOGINS):
            rows[login_events].append(
                {
                    "id": (i - 1) * LOGINS + e + 1,
                    "customer_id": i,
                    "ip": f"10.0.{i % 250}.{e}",
                    "ts": when,
                }
            )
    subscribers = [email(i) for i in range(2, n + 1, 2)]
    subscribers += [f"prospect{i}@example.com" for i in range(1, max(n // 10, 1) + 1)]
    rows[newsletter] = [{"id": j + 1, "email": e} for j, e in enumerate(subscribers)]
    with engine.begin() as conn:
        for table in TABLES:
            if rows[table]:
                conn.execute(table.insert(), rows[table])


def snapshot(engine: sa.Engine) -> dict[str, dict[Any, dict[str, Any]]]:
    """Every row of every table by primary key, to prove what changed and what did not.

    Read untyped, as the engine reads them (SQLite gives timestamps back as text).
    """
    with engine.connect() as conn:
        return {
            t.name: {
                r.id: dict(r._mapping) for r in conn.execute(sa.text(f"SELECT * FROM {t.name}"))
            }
            for t in TABLES
        }


def subject_rows(engine: sa.Engine, i: int) -> dict[str, set[Any]]:
    """Primary keys of customer i's rows in each table, found independently of the engine."""
    with engine.connect() as conn:
        order_ids = {
            r.id for r in conn.execute(sa.select(orders.c.id).where(orders.c.customer_id == i))
        }
        items = {
            r.id
            for r in conn.execute(
                sa.select(order_items.c.id).where(order_items.c.order_id.in_(order_ids or {-1}))
            )
        }
        logins = {
            r.id
            for r in conn.execute(
                sa.select(login_events.c.id).where(login_events.c.customer_id == i)
            )
        }
        letters = {
            r.id
            for r in conn.execute(sa.select(newsletter.c.id).where(newsletter.c.email == email(i)))
        }
    return {
        "customer": {i},
        "orders": order_ids,
        "order_items": items,
        "login_events": logins,
        "newsletter": letters,
    }

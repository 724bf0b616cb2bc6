#!/usr/bin/env python3
"""Benchmark DSR execution on the shop database, beside Fides' figures (FIDES_BASELINE.md).

For each N: build (or reuse) database shop_bench_<N> with shared/bench/shop/gen_shop.py on an
already running PostgreSQL, then time, with every outcome verified:
  * 20 access requests one at a time, 20 erasures one at a time (different customers);
  * 20 access and 20 erasure requests submitted at once to a pool of worker processes;
  * the heavy subject (add_heavy.py: 1,000 more orders, 2,000 items, 10,000 logins).
Server time per request = from handing the request to the engine until its result is
committed (the call returns after COMMIT). Verification runs outside the timed part and
checks the database independently: the access data holds exactly the subject's rows, erased
columns are NULL, and no other row lost a value (table-wide NULL counts move by exactly the
subjects' rows).

  bench/execution/run.py --dsn postgresql+psycopg://postgres@127.0.0.1:5432/postgres --n 10000 100000
  bench/execution/run.py --smoke      # N = 1000, correctness only; exits 1 on a wrong outcome
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import multiprocessing as mp
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tvarka.adapters.targets.sql import SqlSystem
from tvarka.domain.execution.datamap import parse_yaml
from tvarka.domain.execution.erasure import ErasurePolicy, ErasureRule, MaskAction
from tvarka.domain.execution.validation import load_datamap

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "bench" / "results"
POLICY = ErasurePolicy(
    tuple(
        ErasureRule(c, MaskAction.null)
        for c in ("user.contact", "user.name", "user.device.ip_address")
    )
)
ERASED = {  # what POLICY nulls: table -> (column, how the subject's rows are found)
    "customer": ["email", "name", "address", "phone"],
    "orders": ["shipping_address"],
    "login_events": ["ip"],
    "newsletter": ["email"],
}
FIDES = {  # FIDES_BASELINE.md, server time, seconds
    "access": {10_000: 0.80, 100_000: 0.80, 1_000_000: 0.69},
    "erasure": {10_000: 1.61, 100_000: 1.43, 1_000_000: 1.36},
    "burst_access_rps": 1.63,
    "burst_erasure_rps": 0.80,
    "heavy_access": 3.5,
    "heavy_erasure": 63.3,
}


class WrongOutcome(AssertionError):
    """A request's effect on the database is not what it must be."""


def shop_dir(given: str | None) -> Path:
    candidates = [
        given,
        os.environ.get("TVARKA_SHOP_DIR"),
        REPO.parent / "shared/bench/shop",
        "/work/shared/bench/shop",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "gen_shop.py").exists():
            return Path(candidate)
    sys.exit("bench: cannot find shared/bench/shop (gen_shop.py); pass --shop-dir")


def email(i: int) -> str:
    return f"customer{i}@example.com"


# -- the database -----------------------------------------------------------------------------


def prepare(server: sa.URL, name: str, n: int, shop: Path, rebuild: bool) -> sa.URL:
    """Create and fill shop_bench_<N> unless it already holds N customers."""
    url = server.set(database=name)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": name}
        ).first()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT to_regclass('customer') IS NOT NULL")).scalar()
        if count:
            count = conn.execute(sa.text("SELECT count(*) FROM customer")).scalar()
    if count != n or rebuild:
        print(f"building {name}: N = {n:,} with gen_shop.py", flush=True)
        subprocess.run(
            [sys.executable, str(shop / "gen_shop.py"), "--n", str(n), "--dsn", libpq(url)],
            check=True,
        )
    engine.dispose()
    return url


def drop(server: sa.URL, name: str) -> None:
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def make_heavy(url: sa.URL, shop: Path, heavy: int, heavy_size: tuple[int, int]) -> None:
    """A fresh heavy subject each run, so a rerun never meets one erased before."""
    subprocess.run(
        [
            sys.executable,
            str(shop / "add_heavy.py"),
            "--ids",
            str(heavy),
            "--orders",
            str(heavy_size[0]),
            "--logins",
            str(heavy_size[1]),
            "--dsn",
            libpq(url),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def libpq(url: sa.URL) -> str:
    parts = {
        "host": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "dbname": url.database,
        "user": url.username or "postgres",
        "password": url.password,
    }
    return " ".join(f"{k}={v}" for k, v in parts.items() if v is not None)


def fresh_customers(
    engine: sa.Engine, n: int, count: int, rng: random.Random, avoid: set[int]
) -> list[int]:
    """Customers not erased yet (their e-mail is still there), never reused in this run."""
    picked: list[int] = []
    with engine.connect() as conn:
        while len(picked) < count:
            i = rng.randint(1, n)
            if i in avoid:
                continue
            avoid.add(i)
            alive = conn.execute(
                sa.text("SELECT email IS NOT NULL FROM customer WHERE id = :i"), {"i": i}
            ).scalar()
            if alive:
                picked.append(i)
    return picked


# -- verification (independent of the engine) ----------------------------------------------------


def subject_keys(conn: sa.Connection, i: int) -> dict[str, set[int]]:
    q = lambda sql: {r[0] for r in conn.execute(sa.text(sql), {"i": i, "e": email(i)})}
    return {
        "customer": q("SELECT id FROM customer WHERE id = :i"),
        "orders": q("SELECT id FROM orders WHERE customer_id = :i"),
        "order_items": q(
            "SELECT oi.id FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE o.customer_id = :i"
        ),
        "login_events": q("SELECT id FROM login_events WHERE customer_id = :i"),
        "newsletter": q("SELECT id FROM newsletter WHERE email = :e"),
    }


def verify_access(engine: sa.Engine, i: int, data: Any) -> int:
    with engine.connect() as conn:
        expected = subject_keys(conn, i)
        got = {c.collection: {r["id"] for r in rows} for c, rows in data.rows.items()}
        if got != expected:
            raise WrongOutcome(
                f"access for customer {i}: got {summary(got)}, expected {summary(expected)}"
            )
        for address, rows in data.rows.items():  # a sample row per table, every column
            if rows:
                row = rows[0]
                cols = ", ".join(row)
                db = (
                    conn.execute(
                        sa.text(f"SELECT {cols} FROM {address.collection} WHERE id = :k"),
                        {"k": row["id"]},
                    )
                    .mappings()
                    .one()
                )
                if dict(db) != row:
                    raise WrongOutcome(
                        f"access for customer {i}: {address.collection} row differs from the database"
                    )
    return sum(len(v) for v in got.values())


def summary(keys: dict[str, set[int]]) -> str:
    return ", ".join(f"{t}={len(k)}" for t, k in sorted(keys.items()))


def null_counts(engine: sa.Engine) -> dict[tuple[str, str], int]:
    with engine.connect() as conn:
        return {
            (t, c): conn.execute(sa.text(f"SELECT count(*) FROM {t} WHERE {c} IS NULL")).scalar()
            for t, cols in ERASED.items()
            for c in cols
        }


def rows_of(engine: sa.Engine, subjects: Sequence[int]) -> dict[int, dict[str, set[int]]]:
    with engine.connect() as conn:
        return {i: subject_keys(conn, i) for i in subjects}


def verify_erasure(engine: sa.Engine, before: dict, keys: dict[int, dict[str, set[int]]]) -> None:
    """Every erased column of every subject row is NULL, and nothing else became NULL."""
    with engine.connect() as conn:
        for i, tables in keys.items():
            for table, cols in ERASED.items():
                ids = sorted(tables[table])
                if not ids:
                    continue
                left = conn.execute(
                    sa.text(
                        f"SELECT count(*) FROM {table} WHERE id = ANY(:ids) AND NOT ({' AND '.join(f'{c} IS NULL' for c in cols)})"
                    ),
                    {"ids": ids},
                ).scalar()
                if left:
                    raise WrongOutcome(
                        f"erasure of customer {i}: {left} {table} rows keep erased values"
                    )
    after = null_counts(engine)
    for (table, col), count in after.items():
        grew = sum(len(k[table]) for k in keys.values())
        if count != before[(table, col)] + grew:
            raise WrongOutcome(
                f"{table}.{col}: NULLs went {before[(table, col)]} -> {count}, expected +{grew}: another row was touched"
            )


# -- timing ---------------------------------------------------------------------------------------


@dataclass
class Timed:
    label: str
    times: list[float] = field(default_factory=list)
    wall: float | None = None

    def line(self) -> str:
        t = sorted(self.times)
        med = statistics.median(t) * 1000
        return f"{med:8.1f} ms ({t[0] * 1000:.1f}–{t[-1] * 1000:.1f})"


def timed(call: Callable[[], Any], cpu: list[float] | None = None) -> tuple[float, Any]:
    """Wall time of ``call``; with ``cpu``, also append this thread's CPU time for it."""
    start, start_cpu = time.perf_counter(), time.thread_time()
    result = call()
    if cpu is not None:
        cpu.append(time.thread_time() - start_cpu)
    return time.perf_counter() - start, result


def _worker(url: str, yml: str, jobs: Any, results: Any, threads: int) -> None:
    """A worker process: ``threads`` threads share one engine, so one request's database
    round trips overlap another's Python work. Runs until told to stop, like a task worker."""
    datamap, _ = load_datamap(parse_yaml(yml))
    system = SqlSystem("shop", url, datamap, pool_size=threads)
    pool = [threading.Thread(target=_serve, args=(system, jobs, results)) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    system.dispose()


def _serve(system: SqlSystem, jobs: Any, results: Any) -> None:
    while (job := jobs.get()) is not None:
        kind, i = job
        if kind == "access":
            seconds, data = timed(lambda i=i: system.access({"email": [email(i)]}))
            payload = {c.collection: sorted(r["id"] for r in rows) for c, rows in data.rows.items()}
        else:
            seconds, _ = timed(lambda i=i: system.erase({"email": [email(i)]}, POLICY))
            payload = None
        results.put((kind, i, seconds, time.perf_counter(), payload))


class Workers:
    """``procs`` worker processes × ``threads`` threads, started and warmed up once."""

    def __init__(self, url: str, yml: str, procs: int, threads: int) -> None:
        ctx = mp.get_context("spawn")
        self.jobs, self.results = ctx.Queue(), ctx.Queue()
        self.size = procs * threads
        self.procs = [
            ctx.Process(target=_worker, args=(url, yml, self.jobs, self.results, threads))
            for _ in range(procs)
        ]
        for p in self.procs:
            p.start()

    def run(self, kind: str, subjects: Sequence[int]) -> tuple[Timed, dict[int, Any]]:
        """Submit all at once; wall = first submission to the last commit."""
        start = time.perf_counter()
        for i in subjects:
            self.jobs.put((kind, i))
        out = Timed(f"{kind} x{len(subjects)} at once")
        data: dict[int, Any] = {}
        last = start
        for _ in subjects:
            _, i, seconds, finished, payload = self.results.get(timeout=600)
            out.times.append(seconds)
            last = max(last, finished)
            data[i] = payload
        out.wall = last - start
        return out, data

    def stop(self) -> None:
        for _ in range(self.size):
            self.jobs.put(None)
        for p in self.procs:
            p.join(timeout=60)


def job_path(
    url: str, yml: str, check: sa.Engine, n: int, count: int, rng: random.Random, used: set[int]
) -> dict[str, list[float]]:
    """The same requests through Tvarka's job machinery: ``execute()`` persists the job and
    its task in Tvarka's database (SQLite here), the queue runs the task (Huey's immediate
    mode, in process), the outcome and audit events are written, and for access the package
    is built, sealed and stored. Timed from the call until the job is recorded done."""
    import tempfile

    from tvarka.adapters.db import migrate
    from tvarka.adapters.profile_files import read_profiles
    from tvarka.config import Config
    from tvarka.runtime import Runtime
    from tvarka.services import execution
    from tvarka.services.actor import SYSTEM
    from tvarka.services.organisations import access as organisations

    os.environ["TVARKA_QUEUE_IMMEDIATE"] = "1"
    folder = Path(tempfile.mkdtemp(prefix="tvarka-bench-"))
    runtime = Runtime(Config(f"sqlite:///{folder / 'tvarka.sqlite3'}", folder, "bench", 1_000_000))
    migrate.upgrade(runtime.engine)
    organisations.load_profiles(runtime.uow(), read_profiles(), SYSTEM)
    execution.add_system(runtime, SYSTEM, "delano", "shop", "sql", url=url, datasets_yaml=yml)
    execution.set_erasure_rules(
        runtime,
        SYSTEM,
        "delano",
        {"user.contact": "null", "user.name": "null", "user.device.ip_address": "null"},
    )
    out: dict[str, list[float]] = {"access": [], "erasure": []}
    for action in ("access", "erasure"):
        subjects = fresh_customers(check, n, count + 3, rng, used)
        keys, before = rows_of(check, subjects), null_counts(check)
        for k, i in enumerate(subjects):
            seconds, job = timed(
                lambda i=i, action=action: execution.execute(
                    runtime, SYSTEM, "delano", action, {"email": [email(i)]}
                )
            )
            view = execution.job_view(runtime, SYSTEM, "delano", job)
            if view["status"] != "done":
                raise WrongOutcome(f"job path {action} for customer {i}: {view}")
            if k >= 3:  # the first three warm the pool and the plans
                out[action].append(seconds)
            if action == "access" and k >= 3:
                verify_package(runtime, job, check, i)
        if action == "erasure":
            verify_erasure(check, before, keys)
    runtime.engine.dispose()
    return out


def verify_package(runtime: Any, job: str, check: sa.Engine, i: int) -> None:
    """The job's package, opened through its download link, holds exactly the subject's rows."""
    from tvarka.services import execution
    from tvarka.services.actor import SYSTEM

    token = execution.package_link(runtime, SYSTEM, "delano", job)
    package = zipfile.ZipFile(io.BytesIO(execution.download_package(runtime, token)))
    document = json.loads(package.read("data.json"))
    got = {c["collection"]: {r["id"] for r in c["rows"]} for c in document["collections"]}
    with check.connect() as conn:
        if got != subject_keys(conn, i):
            raise WrongOutcome(f"job path access for customer {i}: wrong package")


def process_cpu(pids: Sequence[int]) -> dict[int, float]:
    """User + system CPU seconds each process (all its threads) has used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return out


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used in between; a process started meanwhile counts from zero."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def backends(engine: sa.Engine, databases: Sequence[str]) -> list[int]:
    """PostgreSQL's server processes serving these databases (their CPU is the server's)."""
    with engine.connect() as conn:
        return list(
            conn.scalars(
                sa.text("SELECT pid FROM pg_stat_activity WHERE datname = ANY(:d)"),
                {"d": list(databases)},
            )
        )


def checkpoint(server: sa.URL) -> None:
    """Write out what earlier series left dirty, so a checkpoint PostgreSQL would force later
    (the DROP DATABASE of a previous store does) does not land in the middle of a series."""
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text("CHECKPOINT"))
    admin.dispose()


def job_burst(
    server: sa.URL,
    url: str,
    yml: str,
    check: sa.Engine,
    n: int,
    rng: random.Random,
    used: set[int],
    procs: int,
    threads: int,
    store: str,
    bursts: int,
) -> dict[str, Any]:
    """20 requests at once through the real queue, as users meet it: 20 clients call
    ``execute()`` at the same moment (threads of one process, like the REST API's), each
    writes its job and task rows and audit event in Tvarka's database (``store``: postgresql,
    with the queue table there; or the embedded sqlite, with Huey's SQLite queue file), and
    ``procs`` ``tvarka worker --workers threads`` processes run them. Wall = first submission
    until the last job is recorded done (its finished_at). CPU = the workers' and the
    submitting process's user + system time, and PostgreSQL's backends for both databases.
    ``bursts`` measured bursts per action, after two to warm up."""
    import tempfile
    from concurrent.futures import ThreadPoolExecutor

    from tvarka.adapters.db import migrate
    from tvarka.adapters.db.execution_tables import ExecutionJob
    from tvarka.adapters.profile_files import read_profiles
    from tvarka.config import Config
    from tvarka.runtime import Runtime
    from tvarka.services import execution
    from tvarka.services.actor import SYSTEM
    from tvarka.services.organisations import access as organisations

    os.environ.pop("TVARKA_QUEUE_IMMEDIATE", None)
    folder = Path(tempfile.mkdtemp(prefix="tvarka-bench-"))
    name = f"tvarka_bench_jobs_{os.getpid()}"
    if store == "postgresql":
        drop(server, name)
        admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        tvarka_url = server.set(database=name).render_as_string(hide_password=False)
    else:
        tvarka_url = f"sqlite:///{folder / 'tvarka.sqlite3'}"
    runtime = Runtime(Config(tvarka_url, folder, "bench", 1_000_000))
    migrate.upgrade(runtime.engine)
    organisations.load_profiles(runtime.uow(), read_profiles(), SYSTEM)
    execution.add_system(runtime, SYSTEM, "delano", "shop", "sql", url=url, datasets_yaml=yml)
    execution.set_erasure_rules(
        runtime,
        SYSTEM,
        "delano",
        {"user.contact": "null", "user.name": "null", "user.device.ip_address": "null"},
    )
    env = os.environ | {
        "TVARKA_DATABASE_URL": tvarka_url,
        "TVARKA_DATA_DIR": str(folder),
        "TVARKA_SECRET_KEY": "bench",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tvarka.cli", "worker", "--workers", str(threads)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(procs)
    ]
    clients = ThreadPoolExecutor(20)
    admin = sa.create_engine(server)
    dbs = [name, sa.make_url(url).database or ""]  # PostgreSQL's backends for both count

    def run(action: str, subjects: Sequence[int]) -> dict[str, Any]:
        barrier = threading.Barrier(len(subjects))

        def submit(i: int) -> str:
            barrier.wait()
            return execution.execute(runtime, SYSTEM, "delano", action, {"email": [email(i)]})

        pids = [w.pid for w in workers]
        cpu_before = process_cpu(pids), time.process_time(), process_cpu(backends(admin, dbs))
        started = dt.datetime.now(dt.UTC)
        jobs = list(clients.map(submit, subjects))
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            with runtime.engine.connect() as conn:
                done = conn.execute(
                    sa.select(sa.func.count(), sa.func.max(ExecutionJob.finished_at)).where(
                        ExecutionJob.id.in_(jobs), ExecutionJob.status == "done"
                    )
                ).one()
            if done[0] == len(jobs):
                finished = done[1] if done[1].tzinfo else done[1].replace(tzinfo=dt.UTC)
                cpu = (
                    cpu_used(cpu_before[0], process_cpu(pids)),
                    time.process_time() - cpu_before[1],
                    cpu_used(cpu_before[2], process_cpu(backends(admin, dbs))),
                )
                return {
                    "wall": (finished - started).total_seconds(),
                    "cpu_workers": cpu[0] / len(jobs),
                    "cpu_clients": cpu[1] / len(jobs),
                    "cpu_postgres": cpu[2] / len(jobs),
                    "jobs": dict(zip(subjects, jobs, strict=True)),
                }
            time.sleep(0.05)  # the wall comes from finished_at: polling only costs CPU
        raise WrongOutcome(f"job path: {action} jobs not done after 300 s")

    def series(action: str) -> dict[str, list[float]]:
        """``bursts`` bursts of 20, each verified: the median is what the table reports (a
        single burst on a shared 2-core machine varies by a third from one to the next)."""
        out: dict[str, list[float]] = {}
        for _ in range(bursts):
            subjects = fresh_customers(check, n, 20, rng, used)
            if action == "erasure":
                keys, before = rows_of(check, subjects), null_counts(check)
            burst = run(action, subjects)
            if action == "access":
                for i, job in burst["jobs"].items():
                    verify_package(runtime, job, check, i)
            else:
                verify_erasure(check, before, keys)
            for name in ("wall", "cpu_workers", "cpu_clients", "cpu_postgres"):
                out.setdefault(name, []).append(burst[name])
        return out

    try:
        for _ in range(2):  # warm-up: every worker thread's connections, plans, the clients
            run("access", fresh_customers(check, n, 20, rng, used))
        checkpoint(server)
        access = series("access")
        checkpoint(server)
        erasure = series("erasure")
    finally:
        clients.shutdown()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)
        runtime.engine.dispose()
        admin.dispose()
        if store == "postgresql":
            drop(server, name)
    return {"access": access, "erasure": erasure, "load": os.getloadavg()[0]}


# -- one size -------------------------------------------------------------------------------------


def run_size(
    server: sa.URL,
    n: int,
    shop: Path,
    count: int,
    procs: int,
    threads: int,
    heavy_size: tuple[int, int],
    name: str,
    rebuild: bool,
    with_jobs: bool = False,
    bursts: int = 10,
) -> dict[str, Any]:
    url = prepare(server, name, n, shop, rebuild)
    yml = (shop / "shop_dataset.yml").read_text()
    datamap, warnings = load_datamap(parse_yaml(yml))
    if warnings:
        raise WrongOutcome(f"the shop dataset has warnings: {warnings}")
    url_text = url.render_as_string(hide_password=False)
    system = SqlSystem("shop", url_text, datamap)
    check = sa.create_engine(url)
    rng = random.Random(time.time_ns())
    used: set[int] = set()
    (heavy,) = fresh_customers(check, n, 1, rng, used)
    make_heavy(url, shop, heavy, heavy_size)
    report: dict[str, Any] = {"n": n, "load_before": os.getloadavg()[0]}

    for _ in range(3):  # warm-up: pool connection, prepared statements, plans (not counted)
        system.access({"email": [email(rng.randint(1, n))]})

    seq_access = Timed("access, one at a time")
    access_cpu: list[float] = []
    for i in fresh_customers(check, n, count, rng, used):
        seconds, data = timed(lambda i=i: system.access({"email": [email(i)]}), access_cpu)
        seq_access.times.append(seconds)
        verify_access(check, i, data)

    seq_erase = Timed("erasure, one at a time")
    erase_cpu: list[float] = []
    subjects = fresh_customers(check, n, count, rng, used)
    keys, before = rows_of(check, subjects), null_counts(check)
    for i in subjects:
        seconds, _ = timed(lambda i=i: system.erase({"email": [email(i)]}, POLICY), erase_cpu)
        seq_erase.times.append(seconds)
    verify_erasure(check, before, keys)
    report["cpu"] = {"access": access_cpu, "erasure": erase_cpu}

    if with_jobs:
        report["jobs"] = job_path(url_text, yml, check, n, count, rng, used)
        if not rebuild:  # the smoke run skips worker processes: the test suite covers them
            report["job_burst"] = {
                store: job_burst(
                    server, url_text, yml, check, n, rng, used, procs, threads, store, bursts
                )
                for store in ("postgresql", "sqlite")
            }

    workers = Workers(url_text, yml, procs, threads)
    try:  # warm-up (not counted): every thread's connection, plans, prepared statements
        workers.run("access", fresh_customers(check, n, 8 * workers.size, rng, used))
        warm = fresh_customers(check, n, 8 * workers.size, rng, used)
        workers.run("erasure", warm)

        access_subjects = fresh_customers(check, n, 20, rng, used)
        burst_access, packages = workers.run("access", access_subjects)
        with check.connect() as conn:
            for i in access_subjects:
                expected = {t: sorted(k) for t, k in subject_keys(conn, i).items()}
                if packages[i] != expected:
                    raise WrongOutcome(f"burst access for customer {i}: wrong rows")

        erase_subjects = fresh_customers(check, n, 20, rng, used)
        keys, before = rows_of(check, erase_subjects), null_counts(check)
        burst_erase, _ = workers.run("erasure", erase_subjects)
        verify_erasure(check, before, keys)
    finally:
        workers.stop()

    seconds_access, data = timed(lambda: system.access({"email": [email(heavy)]}))
    rows = verify_access(check, heavy, data)
    keys, before = rows_of(check, [heavy]), null_counts(check)
    heavy_erase, _ = timed(lambda: system.erase({"email": [email(heavy)]}, POLICY))
    verify_erasure(check, before, keys)
    system.dispose()
    check.dispose()
    report.update(
        access=seq_access.times,
        erasure=seq_erase.times,
        burst_access={"times": burst_access.times, "wall": burst_access.wall},
        burst_erasure={"times": burst_erase.times, "wall": burst_erase.wall},
        heavy={"rows": rows, "access": seconds_access, "erasure": heavy_erase},
    )
    report["load_after"] = os.getloadavg()[0]
    return report


def table(reports: list[dict[str, Any]], procs: int, threads: int) -> str:
    ms = lambda s: f"{s * 1000:.1f} ms"
    med = lambda t: f"{ms(statistics.median(t))} ({ms(min(t))}–{ms(max(t))})"
    lines = [
        "Machine load (1-minute load average on 2 cores) before and after each size: "
        + ", ".join(
            f"N = {r['n']:,}: {r['load_before']:.1f} → {r['load_after']:.1f}" for r in reports
        ),
        "",
        "| N | access median (min–max) | Fides | × | erasure median (min–max) | Fides | × |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        n = r["n"]
        fa, fe = FIDES["access"].get(n), FIDES["erasure"].get(n)
        a, e = statistics.median(r["access"]), statistics.median(r["erasure"])
        lines.append(
            f"| {n:,} | {med(r['access'])} | {f'{fa:.2f} s' if fa else '—'} | {f'{fa / a:.0f}×' if fa else '—'} "
            f"| {med(r['erasure'])} | {f'{fe:.2f} s' if fe else '—'} | {f'{fe / e:.0f}×' if fe else '—'} |"
        )
    lines += [
        "",
        "CPU time of the engine's thread per request (median), sequential series — the",
        "database server's CPU is not included:",
        "",
        "| N | access CPU | erasure CPU |",
        "|---|---|---|",
    ]
    for r in reports:
        c = r["cpu"]
        lines.append(
            f"| {r['n']:,} | {ms(statistics.median(c['access']))} | {ms(statistics.median(c['erasure']))} |"
        )
    if any("jobs" in r for r in reports):
        lines += [
            "",
            (
                "Through the job path (execute() -> job and task rows in Tvarka's SQLite DB -> Huey, "
                "immediate mode -> target -> outcome, audit; access also builds and seals the package):"
            ),
            "",
            "| N | access median (min–max) | erasure median (min–max) |",
            "|---|---|---|",
        ]
        for r in reports:
            if "jobs" in r:
                j = r["jobs"]
                lines.append(f"| {r['n']:,} | {med(j['access'])} | {med(j['erasure'])} |")
    lines += [
        "",
        f"20 at once ({procs} worker processes × {threads} threads, all 20 submitted together; Fides: Celery, 2 procs, N = 1M):",
        "",
        "| N | access: all done after | req/s | Fides req/s | erasure: all done after | req/s | Fides req/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        ba, be = r["burst_access"], r["burst_erasure"]
        lines.append(
            f"| {r['n']:,} | {ms(ba['wall'])} | {20 / ba['wall']:.0f} | {FIDES['burst_access_rps']} "
            f"| {ms(be['wall'])} | {20 / be['wall']:.0f} | {FIDES['burst_erasure_rps']} |"
        )
    if any("job_burst" in r for r in reports):
        bursts = len(
            next(r for r in reports if "job_burst" in r)["job_burst"]["sqlite"]["access"]["wall"]
        )
        lines += [
            "",
            (
                "20 at once through the real queue (20 clients call execute() together -> "
                f"queue -> {procs} `tvarka worker` processes x {threads} threads; wall = first "
                "submission to the last job done; median of "
                f"{bursts} bursts, (slowest–fastest); CPU per request, median: workers + "
                "submitting clients + PostgreSQL's backends):"
            ),
            "",
            "| N | Tvarka DB, queue | access: all done after | req/s | CPU/request | erasure: all done after | req/s | CPU/request | load |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        median = statistics.median
        rate = lambda w: f"{20 / median(w):.0f} ({20 / max(w):.0f}–{20 / min(w):.0f})"
        cpu = lambda b: (
            f"{ms(median(b['cpu_workers']) + median(b['cpu_clients']) + median(b['cpu_postgres']))} "
            f"({ms(median(b['cpu_workers']))} + {ms(median(b['cpu_clients']))} "
            f"+ {ms(median(b['cpu_postgres']))})"
        )
        queue = {"postgresql": "PostgreSQL, its queue table", "sqlite": "SQLite, SQLite queue"}
        for r in reports:
            for store, b in r.get("job_burst", {}).items():
                a, e = b["access"], b["erasure"]
                lines.append(
                    f"| {r['n']:,} | {queue[store]} | {ms(median(a['wall']))} | {rate(a['wall'])} "
                    f"| {cpu(a)} | {ms(median(e['wall']))} | {rate(e['wall'])} | {cpu(e)} "
                    f"| {b['load']:.1f} |"
                )
    lines += [
        "",
        "Heavy subject (Fides at N = 1M: access 3.5 s, erasure 63.3 s):",
        "",
        "| N | rows | access | erasure |",
        "|---|---|---|---|",
    ]
    for r in reports:
        h = r["heavy"]
        lines.append(f"| {r['n']:,} | {h['rows']:,} | {ms(h['access'])} | {ms(h['erasure'])} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--dsn",
        default=os.environ.get(
            "TVARKA_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="SQLAlchemy URL of a PostgreSQL server where shop_bench_<N> may be created",
    )
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--count", type=int, default=20, help="requests per sequential series")
    ap.add_argument(
        "--procs", type=int, default=2, help="worker processes for the 20-at-once burst"
    )
    ap.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per worker process (tvarka worker's default)",
    )
    ap.add_argument("--jobs", action="store_true", help="also time requests through the job path")
    ap.add_argument(
        "--bursts", type=int, default=10, help="measured bursts of 20 through the real queue"
    )
    ap.add_argument("--shop-dir", help="folder with gen_shop.py, add_heavy.py, shop_dataset.yml")
    ap.add_argument(
        "--smoke", action="store_true", help="N = 1000, correctness only, exit 1 on a wrong outcome"
    )
    a = ap.parse_args()
    server = sa.make_url(a.dsn)
    if server.get_backend_name() != "postgresql":
        sys.exit("bench: --dsn must name a PostgreSQL server (gen_shop.py is PostgreSQL-only)")
    shop = shop_dir(a.shop_dir)
    sizes = [1000] if a.smoke else a.n
    heavy_size = (100, 1000) if a.smoke else (1000, 10_000)
    reports = []
    try:
        for n in sizes:
            name = f"shop_bench_smoke_{os.getpid()}" if a.smoke else f"shop_bench_{n}"
            print(f"N = {n:,} ...", flush=True)
            reports.append(
                run_size(
                    server,
                    n,
                    shop,
                    5 if a.smoke else a.count,
                    a.procs,
                    a.threads,
                    heavy_size,
                    name,
                    a.smoke,
                    a.jobs or a.smoke,
                    a.bursts,
                )
            )
    except WrongOutcome as wrong:
        print(f"WRONG OUTCOME: {wrong}", file=sys.stderr)
        sys.exit(1)
    finally:
        if a.smoke:
            drop(server, f"shop_bench_smoke_{os.getpid()}")
    if a.smoke:
        print(
            "smoke: every outcome verified (access rows exact, erased columns NULL, nobody else touched)"
        )
        return
    text = table(reports, a.procs, a.threads)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"execution-{stamp}.json").write_text(json.dumps(reports, indent=1))
    (RESULTS / f"execution-{stamp}.md").write_text(text + "\n")
    print(f"\nwritten: bench/results/execution-{stamp}.json, .md")


if __name__ == "__main__":
    main()

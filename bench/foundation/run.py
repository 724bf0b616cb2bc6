"""Footprint benchmark: install time and venv size, start -> /readyz, idle memory.

Run from the project root:  .venv/bin/python bench/foundation/run.py [--runs 5]
Figures are printed beside Fides' (../shared/bench/shop/FIDES_BASELINE.md) and written to
bench/results/foundation.json. Nothing here asserts: it measures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"
FIDES = {"install_s": 151, "venv_mb": 788, "start_s": "13-19", "idle_mib": 494}


def du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout.split()[0])


def install(cold_cache: bool) -> dict[str, float]:
    """A runtime-only install (no test tools) into a fresh venv, as `scripts/run` does."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for name in ("pyproject.toml", "uv.lock", "README.md"):
            shutil.copy(ROOT / name, work / name)
        shutil.copytree(ROOT / "src", work / "src")
        env = os.environ | {"UV_PYTHON_DOWNLOADS": "never"}
        if cold_cache:
            env["UV_CACHE_DIR"] = str(work / "cache")
        started = time.perf_counter()
        subprocess.run([str(UV), "sync", "--locked", "--quiet", "--no-dev"], cwd=work, env=env,
                       check=True)
        seconds = time.perf_counter() - started
        return {"seconds": round(seconds, 2), "venv_mb": du_mb(work / ".venv")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU the process has used so far (the machine may be shared)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_to_ready(data_dir: Path, bytecode: Path | None) -> tuple[float, float, float]:
    """Wall and CPU seconds from process start to the first 200 of /readyz, and idle RSS.

    ``bytecode``: where Python caches compiled modules, as it does by default (a first start
    fills it, a restart reuses it); None runs with no cache, compiling every module each start.
    """
    port = free_port()
    env = os.environ | {"TVARKA_DATA_DIR": str(data_dir)}
    env.pop("TVARKA_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if bytecode is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(data_dir / "no-bytecode")  # never written: no old .pyc
    else:
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "tvarka"), "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.01)
            if time.perf_counter() - started > 60:
                raise RuntimeError("server not ready after 60 s")
        ready = time.perf_counter() - started
        cpu = cpu_seconds(server.pid)
        for path in ("/healthz", "/login", "/openapi.json"):
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5).read()
        time.sleep(3)
        return ready, cpu, rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-install", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {}
    if not args.skip_install:
        results["install_cold_cache"] = install(cold_cache=True)
        results["install_warm_cache"] = install(cold_cache=False)
    starts: dict[str, list[tuple[float, float]]] = {"fresh_db": [], "existing_db": [],
                                                    "existing_db_no_bytecode": []}
    memory = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as scratch:
            data, bytecode = Path(scratch) / "data", Path(scratch) / "bytecode"
            # first start: compiles the code, migrates, loads the five profiles
            *timing, _ = start_to_ready(data, bytecode)
            starts["fresh_db"].append(tuple(timing))
            *timing, rss = start_to_ready(data, bytecode)  # a restart on the existing database
            starts["existing_db"].append(tuple(timing))
            memory.append(rss)
            *timing, _ = start_to_ready(data, None)
            starts["existing_db_no_bytecode"].append(tuple(timing))
    for name, timings in starts.items():
        results[f"start_to_ready_{name}_s"] = round(statistics.median(t[0] for t in timings), 3)
        results[f"start_to_ready_{name}_cpu_s"] = round(
            statistics.median(t[1] for t in timings), 3
        )
    results["idle_rss_mib"] = round(statistics.median(memory), 1)
    results["runs"] = args.runs
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "foundation.json").write_text(json.dumps(results, indent=2))
    print("| what | Tvarka | Fides |")
    print("|---|---|---|")
    if "install_cold_cache" in results:
        cold = results["install_cold_cache"]
        warm_install = results["install_warm_cache"]
        print(f"| install, empty cache (s) | {cold['seconds']} | {FIDES['install_s']} |")
        print(f"| install, warm cache (s) | {warm_install['seconds']} | — |")
        print(f"| virtual environment (MB) | {cold['venv_mb']:.0f} | {FIDES['venv_mb']} |")
    labels = {"fresh_db": "first start, fresh DB", "existing_db": "restart, existing DB",
              "existing_db_no_bytecode": "restart, existing DB, no bytecode cache"}
    for name, label in labels.items():
        print(f"| start -> /readyz, {label} (s wall / s CPU, median of {args.runs}) | "
              f"{results[f'start_to_ready_{name}_s']} / {results[f'start_to_ready_{name}_cpu_s']}"
              f" | {FIDES['start_s']} |")
    print(f"| idle RSS (MiB) | {results['idle_rss_mib']} | {FIDES['idle_mib']} |")


if __name__ == "__main__":
    main()

"""The execution benchmark at N = 1000 as a correctness check (no timing is asserted).

Runs ``bench/execution/run.py --smoke`` against the PostgreSQL server of the test suite: the
shop database from shared/bench/shop/gen_shop.py, sequential and 20-at-once access and
erasure, and the heavy subject, every outcome verified by the script itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.postgres
def test_benchmark_smoke_run_verifies_every_outcome() -> None:
    url = os.environ.get("TVARKA_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL not available: set TVARKA_TEST_POSTGRES_URL")
    shop = [REPO.parent / "shared/bench/shop", Path("/work/shared/bench/shop")]
    if not any((p / "gen_shop.py").exists() for p in shop):
        pytest.skip("shared/bench/shop (gen_shop.py) is not beside the repository")
    run = subprocess.run(
        [sys.executable, str(REPO / "bench/execution/run.py"), "--smoke", "--dsn", url],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert "every outcome verified" in run.stdout

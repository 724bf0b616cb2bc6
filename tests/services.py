"""Real servers for tests: their URLs come from the environment that scripts/test prepares.

Without a server a test skips and says why; under CI (TVARKA_STRICT_SERVICES=1) it fails,
because CI must always run against the real thing.
"""

from __future__ import annotations

import os
import shutil

import pytest

STRICT = os.environ.get("TVARKA_STRICT_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def _missing(why: str) -> None:
    if STRICT:
        pytest.fail(f"required in CI: {why}")
    pytest.skip(why)


def service_url(variable: str, what: str) -> str:
    url = os.environ.get(variable)
    if not url:
        _missing(f"{what} not available: set {variable} (scripts/test does when one runs)")
    return url or ""


def chromium() -> str:
    if not shutil.which(CHROMIUM):
        _missing("Debian's Chromium is not installed (scripts/test installs it as root)")
    return CHROMIUM

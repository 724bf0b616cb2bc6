"""Tvarka's code imports only what a runtime install has: test tools (Babel, httpx...) are absent.

The test environment holds the test tools too, so an import of one of them under src/ would pass
every other test and fail only in production; this walks the imports instead.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

import tvarka

SOURCE = Path(tvarka.__file__).parent
DEPLOYMENT_EXTRAS = {"postgres", "mysql", "redis"}  # database and queue drivers a site adds


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions() -> set[str]:
    """Tvarka's requirements and theirs, with the deployment extras and without "test"."""
    found: set[str] = set()
    pending = [("tvarka", frozenset(DEPLOYMENT_EXTRAS))]
    while pending:
        name, extras = pending.pop()
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            marker = requirement.marker
            if marker and not any(marker.evaluate({"extra": e}) for e in {"", *extras}):
                continue
            if canonical(requirement.name) not in found:
                found.add(canonical(requirement.name))
                pending.append((requirement.name, frozenset(requirement.extras)))
    return found


def imported_modules() -> dict[str, str]:
    """Each top-level module imported under src/, with one file importing it."""
    modules: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                modules.setdefault(name.partition(".")[0], str(path.relative_to(SOURCE)))
    return modules


def test_every_import_is_the_standard_library_tvarka_or_a_runtime_dependency() -> None:
    runtime = runtime_distributions()
    owners = metadata.packages_distributions()
    outside = {
        module: f"{where} (from {owners.get(module, ['?'])})"
        for module, where in imported_modules().items()
        if module not in sys.stdlib_module_names and module != "tvarka"
        and not runtime & {canonical(d) for d in owners.get(module, [])}
    }
    assert outside == {}


def test_the_walk_sees_the_runtime_and_excludes_the_test_tools() -> None:
    runtime = runtime_distributions()
    assert {"fastapi", "sqlalchemy", "weasyprint", "fonttools", "psycopg"} <= runtime
    assert not {"babel", "httpx", "pytest", "playwright"} & runtime
    assert {"fastapi", "sqlalchemy", "yaml"} <= set(imported_modules())

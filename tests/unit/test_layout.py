"""The layout rules of ARCHITECTURE.md, checked on the source: a change that breaks one fails."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

# layer → the layers it must never import
FORBIDDEN = {
    "tvarka.domain": ("tvarka.services", "tvarka.adapters", "tvarka.api", "tvarka.web",
                      "tvarka.http", "tvarka.cli", "tvarka.runtime", "tvarka.app"),
    "tvarka.services": ("tvarka.api", "tvarka.web", "tvarka.http", "tvarka.cli", "tvarka.app"),
    "tvarka.adapters": ("tvarka.services", "tvarka.api", "tvarka.web", "tvarka.http",
                        "tvarka.cli", "tvarka.app"),
    "tvarka.http": ("tvarka.api", "tvarka.web", "tvarka.cli", "tvarka.app"),
    "tvarka.api": ("tvarka.web", "tvarka.cli", "tvarka.app"),
    "tvarka.web": ("tvarka.api", "tvarka.cli", "tvarka.app"),
    "tvarka.cli": ("tvarka.api", "tvarka.web", "tvarka.http"),
}


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted((SRC / "tvarka").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append((".".join(parts), path))
    return found


def imported(module: str, path: Path) -> set[str]:
    """Every module named by an import in the file, relative imports resolved."""
    names: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_violations(module: str, names: set[str]) -> list[str]:
    return [
        f"{module} imports {name}"
        for layer, banned in FORBIDDEN.items()
        if _within(module, layer)
        for name in sorted(names)
        if any(_within(name, b) for b in banned)
    ]


def test_layers_import_only_downwards() -> None:
    broken = [v for module, path in modules() for v in layer_violations(module, imported(module, path))]
    assert broken == []


def test_a_forbidden_import_is_caught() -> None:
    assert layer_violations("tvarka.web.requests", {"tvarka.api.deps"}) == [
        "tvarka.web.requests imports tvarka.api.deps"
    ]
    assert layer_violations("tvarka.domain.register", {"tvarka.services.audit"})
    assert layer_violations("tvarka.api.routers.requests", {"tvarka.http.deps"}) == []


def test_every_service_capability_says_what_it_offers() -> None:
    for package in sorted((SRC / "tvarka" / "services").iterdir()):
        init = package / "__init__.py"
        if package.is_dir() and init.exists():
            doc = ast.get_docstring(ast.parse(init.read_text()))
            assert doc, f"services/{package.name}/__init__.py has no docstring"

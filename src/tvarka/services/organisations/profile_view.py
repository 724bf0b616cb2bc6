"""A profile as a reader needs it: every cited value with its place, and every gap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CitedEntry:
    path: str
    value: Any
    citation: str | None
    note: str | None


@dataclass(frozen=True)
class GapEntry:
    path: str
    kind: str
    note: str
    citation: str | None


def _is_cited(node: dict[str, Any]) -> bool:
    return "value" in node and "citation" in node


def _is_gap(node: dict[str, Any]) -> bool:
    return "gap" in node and "note" in node


def walk(data: Any, path: str = "") -> tuple[list[CitedEntry], list[GapEntry]]:
    """Find every Cited value and every Gap in a profile's JSON form, with its path."""
    cited: list[CitedEntry] = []
    gaps: list[GapEntry] = []
    if isinstance(data, dict):
        if _is_gap(data):
            gaps.append(GapEntry(path, data["gap"], data["note"], data.get("citation")))
        elif _is_cited(data):
            cited.append(CitedEntry(path, data["value"], data["citation"], data.get("note")))
        else:
            for key, value in data.items():
                more_cited, more_gaps = walk(value, f"{path}.{key}" if path else key)
                cited += more_cited
                gaps += more_gaps
    elif isinstance(data, list):
        for index, value in enumerate(data):
            more_cited, more_gaps = walk(value, f"{path}[{index}]")
            cited += more_cited
            gaps += more_gaps
    return cited, gaps

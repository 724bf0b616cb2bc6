"""Changing a register: add, change or remove an activity, refusing anything the schema refuses.

Each operation returns a new Register and leaves the old one untouched, so a caller can write
the change and its audit event in one transaction, or write nothing when validation fails.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from tvarka.domain.register.model import Activity, Register


class ActivityNotFound(LookupError):
    """No activity with that key in the organisation's register."""


class ActivityExists(ValueError):
    """An activity with that key is already in the register."""


class InvalidActivity(ValueError):
    """The activity breaks the register schema; ``errors`` name each field and value."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        first = errors[0] if errors else {"loc": (), "msg": "invalid"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        super().__init__(f"{where}: {first.get('msg')}" if where else str(first.get("msg")))


def _location(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The field path a person wrote: without the union-branch names pydantic inserts."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p[:1].isupper() or "[" in p)))


def _errors(error: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[dict[str, Any]]:
    return [
        {
            "loc": prefix + _location(tuple(e["loc"])),
            "msg": e["msg"],
            "type": e["type"],
            "input": e.get("input") if isinstance(e.get("input"), str | int | float) else None,
        }
        for e in error.errors(include_url=False)
    ]


def parse_activity(data: dict[str, Any]) -> Activity:
    try:
        return Activity.model_validate(data)
    except ValidationError as error:
        raise InvalidActivity(_errors(error)) from None


def _rebuild(register: Register, activities: list[Activity]) -> Register:
    data = register.model_dump(mode="json")
    data["activities"] = [a.model_dump(mode="json") for a in activities]
    try:
        return Register.model_validate(data)
    except ValidationError as error:
        raise InvalidActivity(_errors(error)) from None


def add_activity(register: Register, data: dict[str, Any]) -> Register:
    activity = parse_activity(data)
    if any(a.key == activity.key for a in register.activities):
        raise ActivityExists(f"activity {activity.key!r} already exists in {register.org}")
    return _rebuild(register, [*register.activities, activity])


def _merge(base: Any, patch: Any) -> Any:
    """JSON merge patch (RFC 7396): objects merge, null removes, anything else replaces."""
    if not isinstance(patch, dict) or not isinstance(base, dict):
        return patch
    merged = dict(base)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = _merge(base.get(key), value)
    return merged


def change_activity(register: Register, key: str, patch: dict[str, Any]) -> Register:
    current = find_activity(register, key)
    if "key" in patch and patch["key"] != key:
        raise InvalidActivity(
            [
                {
                    "loc": ("key",),
                    "msg": "the key of an activity cannot change",
                    "type": "value_error",
                    "input": patch["key"],
                }
            ]
        )
    changed = parse_activity(_merge(current.model_dump(mode="json", exclude_none=True), patch))
    return _rebuild(register, [changed if a.key == key else a for a in register.activities])


def remove_activity(register: Register, key: str) -> Register:
    find_activity(register, key)
    remaining = [a for a in register.activities if a.key != key]
    if not remaining:
        raise InvalidActivity(
            [
                {
                    "loc": ("activities",),
                    "msg": "a register keeps at least one activity",
                    "type": "value_error",
                    "input": key,
                }
            ]
        )
    return _rebuild(register, remaining)


def find_activity(register: Register, key: str) -> Activity:
    for activity in register.activities:
        if activity.key == key:
            return activity
    raise ActivityNotFound(f"no activity {key!r} in the register of {register.org}")

"""Reading organisation profiles from YAML files, with errors that name file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tvarka.domain.legal_time.catalogue import validate_clock_rules
from tvarka.domain.profile import Profile

BUNDLED = Path(str(resources.files("tvarka") / "profiles"))
# libyaml's parser when PyYAML was built with it (its wheels are): the pure-Python one costs
# a fifth of a second of every start for the five bundled profiles.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ProfileError:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}"


class ProfilesRefused(Exception):
    """One or more profiles are invalid; none of the batch may be loaded."""

    def __init__(self, errors: list[ProfileError]) -> None:
        super().__init__("; ".join(map(str, errors)))
        self.errors = errors


@dataclass(frozen=True)
class ProfileFile:
    profile: Profile
    source: str


def profile_paths(path: Path | None) -> list[Path]:
    """The YAML files a path names: the file itself, or every *.yaml in a folder."""
    target = path or BUNDLED
    if target.is_dir():
        return sorted(target.glob("*.yaml")) + sorted(target.glob("*.yml"))
    return [target]


def read_profiles(path: Path | None = None) -> list[ProfileFile]:
    """Parse and validate every profile under ``path``; refuse them all if any is invalid."""
    paths = profile_paths(path)
    if not paths:
        raise ProfilesRefused([ProfileError(str(path), None, "-", "no *.yaml profile found")])
    loaded, errors = [], []
    for file in paths:
        try:
            loaded.append(ProfileFile(_read_one(file), str(file)))
        except ProfilesRefused as refused:
            errors.extend(refused.errors)
    keys = [item.profile.key for item in loaded]
    for key in {k for k in keys if keys.count(k) > 1}:
        errors.append(ProfileError(str(path), None, "key", f"{key!r} appears in several files"))
    if errors:
        raise ProfilesRefused(errors)
    return loaded


def _read_one(file: Path) -> Profile:
    name = str(file)
    if not file.is_file():
        raise ProfilesRefused([ProfileError(name, None, "-", "no such file")])
    text = file.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ProfilesRefused([ProfileError(name, line, "-", f"not valid YAML: {error}")]) from None
    if not isinstance(data, dict):
        raise ProfilesRefused([ProfileError(name, 1, "-", "a profile must be a YAML mapping")])
    try:
        profile = Profile.model_validate(data)
    except ValidationError as error:
        raise _refused(name, text, [(item["loc"], item["msg"]) for item in error.errors()]) from None
    clock_errors = validate_clock_rules(profile.clocks)  # names and lengths the catalogue knows
    if clock_errors:
        raise _refused(name, text, [(fault.location, fault.message) for fault in clock_errors])
    return profile


def _refused(name: str, text: str, faults: list[tuple[tuple[Any, ...], str]]) -> ProfilesRefused:
    """Each fault at its line: the YAML is composed again, into nodes, only when refusing."""
    root = yaml.compose(text, Loader=SafeLoader)
    return ProfilesRefused(
        [ProfileError(name, _line_of(root, loc), _field(loc), message) for loc, message in faults]
    )


UNION_TAGS = {"cited", "gap"}  # the branch names of CitedOrGap in error locations


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if isinstance(p, int) or str(p) not in UNION_TAGS]
    return ".".join(parts) or "-"


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Follow a validation error's location into the YAML node tree as far as it goes."""
    if node is None:
        return None
    current = node
    for part in (p for p in loc if p not in UNION_TAGS):
        if isinstance(current, yaml.MappingNode) and isinstance(part, str):
            child = next((v for k, v in current.value if k.value == part), None)
            if child is None:
                key_node = next((k for k, _ in current.value if k.value == part), None)
                return (key_node or current).start_mark.line + 1
            current = child
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(current.value):
                break
            current = current.value[part]
    return current.start_mark.line + 1

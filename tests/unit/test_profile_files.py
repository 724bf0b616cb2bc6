"""Profile files: a bad one is refused with file, line and field, and refuses its batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tvarka.adapters.profile_files import BUNDLED, ProfilesRefused, read_profiles

KEYS = {"it-sales", "vivasend", "tiens", "delano", "kitoks-miestas"}


def test_the_five_bundled_profiles_load() -> None:
    assert {item.profile.key for item in read_profiles()} == KEYS


def copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (BUNDLED / name).read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {name}"
    target = tmp_path / name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


def test_wrong_company_code_names_file_line_and_field(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "delano.yaml", "125542554", "125542555")
    with pytest.raises(ProfilesRefused) as refused:
        read_profiles(path)
    (error,) = refused.value.errors
    assert error.file == str(path)
    assert error.line == line_of(path, "125542555")
    assert error.field.startswith("company_code")
    assert "check digit" in error.message


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    path = copy_with(tmp_path, "tiens.yaml", "\nlegal_name:", "\nlegal_nam:")
    with pytest.raises(ProfilesRefused) as refused:
        read_profiles(path)
    fields = {e.field for e in refused.value.errors}
    assert "legal_nam" in fields and "legal_name" in fields


def test_one_bad_file_refuses_the_whole_folder(tmp_path: Path) -> None:
    for name in ("delano.yaml", "tiens.yaml"):
        (tmp_path / name).write_text((BUNDLED / name).read_text(encoding="utf-8"))
    copy_with(tmp_path, "tiens.yaml", "111733040", "111733041")
    with pytest.raises(ProfilesRefused) as refused:
        read_profiles(tmp_path)
    assert all(e.file.endswith("tiens.yaml") for e in refused.value.errors)


def test_broken_yaml_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("key: x\nlegal_name: [unclosed\n")
    with pytest.raises(ProfilesRefused) as refused:
        read_profiles(path)
    assert refused.value.errors[0].line is not None
    assert "YAML" in refused.value.errors[0].message

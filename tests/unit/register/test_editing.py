from __future__ import annotations

import pytest

from tvarka.domain.register.editing import (
    ActivityExists,
    ActivityNotFound,
    InvalidActivity,
    add_activity,
    change_activity,
    remove_activity,
)

from .builders import C, activity, register


def test_add_change_remove_leave_the_original_untouched() -> None:
    original = register(activity("a1"))
    added = add_activity(original, activity("a2"))
    assert [a.key for a in added.activities] == ["a1", "a2"]
    assert [a.key for a in original.activities] == ["a1"]
    changed = change_activity(added, "a2", {"purpose": {"en": "Delivering goods"}})
    assert changed.activity("a2").purpose.en == "Delivering goods"
    assert changed.activity("a2").purpose.lt == "Prekių pardavimas"  # merge keeps the rest
    assert [a.key for a in remove_activity(changed, "a1").activities] == ["a2"]


def test_unknown_category_names_the_value_and_the_field() -> None:
    with pytest.raises(InvalidActivity) as info:
        add_activity(
            register(),
            activity(
                "a2", data_categories=[{"key": "user.shoe_size", "label": "x", "citation": C}]
            ),
        )
    error = info.value.errors[0]
    assert error["loc"][0] == "data_categories"
    assert "user.shoe_size" in error["msg"]


def test_unknown_basis_and_country_are_refused() -> None:
    with pytest.raises(InvalidActivity) as info:
        change_activity(register(), "a1", {"legal_bases": [{"basis": "z", "citation": C}]})
    assert info.value.errors[0]["input"] == "z"
    with pytest.raises(InvalidActivity) as info:
        change_activity(
            register(),
            "a1",
            {"transfers": [{"country": "QQ", "recipient": "x", "mechanism": "scc", "citation": C}]},
        )
    assert "'QQ'" in str(info.value.errors)


def test_null_removes_an_optional_field() -> None:
    reg = register(activity(note="old"))
    assert change_activity(reg, "a1", {"note": None}).activity("a1").note is None


def test_key_cannot_change_and_duplicates_are_refused() -> None:
    with pytest.raises(InvalidActivity, match="key"):
        change_activity(register(), "a1", {"key": "b1"})
    with pytest.raises(ActivityExists):
        add_activity(register(), activity("a1"))


def test_missing_activity_and_last_activity() -> None:
    with pytest.raises(ActivityNotFound):
        change_activity(register(), "zz", {})
    with pytest.raises(InvalidActivity, match="at least one"):
        remove_activity(register(), "a1")

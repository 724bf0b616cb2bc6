"""The canonical VDAI record and its lookup."""

from __future__ import annotations

import pytest

from tvarka.domain.authority import UnknownAuthority, authority
from tvarka.domain.identifiers import validate_company_code


def test_vdai_is_found_by_key_with_its_canonical_contacts() -> None:
    vdai = authority("vdai")
    assert vdai.name_lt == "Valstybinė duomenų apsaugos inspekcija"
    assert vdai.name_en == "State Data Protection Inspectorate"
    assert str(vdai.address) == "L. Sapiegos g. 17, LT-10312 Vilnius"
    assert vdai.address.note is not None and "kairės" in vdai.address.note
    assert (vdai.email, vdai.dpo_email, vdai.website) == (
        "ada@ada.lt",
        "dap@ada.lt",
        "https://vdai.lrv.lt",
    )
    assert vdai.e_delivery_box == "188607912"


def test_vdai_code_passes_the_company_code_check() -> None:
    assert validate_company_code(authority("vdai").code) == "188607912"


def test_the_old_address_is_kept_only_as_outdated() -> None:
    vdai = authority("vdai")
    (old,) = vdai.outdated_addresses
    assert "Juozapavičiaus" in old.address.street
    assert old.address != vdai.address


def test_courts_are_listed_as_the_parallel_remedy() -> None:
    bodies = " ".join(r.body for r in authority("vdai").parallel_remedies)
    assert "teismas" in bodies


def test_the_seeds_misnomers_map_to_the_record() -> None:
    assert "Valstybinė asmens duomenų apsaugos inspekcija" in authority("vdai").names_seen_in_seeds


def test_unknown_key_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(UnknownAuthority, match="vdai"):
        authority("ada")


def test_record_is_immutable() -> None:
    vdai = authority("vdai")
    with pytest.raises(AttributeError):
        vdai.email = "someone@example.lt"  # type: ignore[misc]

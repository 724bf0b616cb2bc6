from __future__ import annotations

import pytest
from pydantic import ValidationError

from tvarka.domain.register.categories import LT_EXTENSION, known_categories
from tvarka.domain.register.vocabulary import Art9Condition, LegalBasis, TransferMechanism

from .builders import C, activity, register


def test_legal_bases_carry_dpv_iris() -> None:
    assert LegalBasis.a.dpv_iri == "https://w3id.org/dpv#Consent"
    assert LegalBasis.b.dpv_iri == "https://w3id.org/dpv#Contract"
    assert LegalBasis.c.dpv_iri == "https://w3id.org/dpv#LegalObligation"
    assert LegalBasis.d.dpv_iri == "https://w3id.org/dpv#VitalInterest"
    assert LegalBasis.e.dpv_iri == "https://w3id.org/dpv#PublicInterest"
    assert LegalBasis.f.dpv_iri == "https://w3id.org/dpv#LegitimateInterest"
    assert LegalBasis.f.gdpr_iri == "https://w3id.org/dpv/legal/eu/gdpr#A6-1-f"
    assert Art9Condition.b.gdpr_iri.endswith("#A9-2-b")


def test_privacy_shield_carries_its_end_in_law() -> None:
    assert str(TransferMechanism.privacy_shield.legally_valid_to) == "2020-07-16"
    assert TransferMechanism.scc.legally_valid_to is None


def test_extension_keys_hang_under_fideslang_parents() -> None:
    names = known_categories()
    for ext in LT_EXTENSION:
        assert ext.parent in names, ext.key
    assert "user.government_id.national_identification_number.lt_asmens_kodas" in names
    assert "user.contact.email" in names  # plain fideslang


def _error(**overrides: object) -> str:
    with pytest.raises(ValidationError) as info:
        register(activity(**overrides))
    return str(info.value)


def test_unknown_category_is_refused_by_name() -> None:
    message = _error(data_categories=[{"key": "user.shoe_size", "label": "x", "citation": C}])
    assert "user.shoe_size" in message


def test_unknown_data_use_and_subject_are_refused_by_name() -> None:
    assert "marketing.telepathy" in _error(data_uses=["marketing.telepathy"])
    assert "martian" in _error(data_subjects=[{"key": "martian", "label": "x", "citation": C}])


def test_unknown_legal_basis_is_refused() -> None:
    assert "legal_bases" in _error(legal_bases=[{"basis": "g", "citation": C}])


def _transfer(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "country": "US",
        "recipient": "Example Cloud Inc.",
        "mechanism": "scc",
        "citation": C,
    }
    base.update(overrides)
    return base


def test_unknown_country_is_refused_by_name() -> None:
    assert "'XY'" in _error(transfers=[_transfer(country="XY")])


def test_an_eea_country_is_not_a_transfer() -> None:
    assert "EEA" in _error(transfers=[_transfer(country="DE")])


def test_derogation_letter_goes_with_art49_only() -> None:
    assert "derogation" in _error(transfers=[_transfer(mechanism="art49_derogation")])
    assert "derogation" in _error(transfers=[_transfer(derogation="a")])
    register(activity(transfers=[_transfer(mechanism="art49_derogation", derogation="a")]))


def test_basis_f_states_the_interest() -> None:
    assert "legitimate_interest" in _error(legal_bases=[{"basis": "f", "citation": C}])
    assert "legitimate_interest" in _error(
        legal_bases=[
            {"basis": "a", "citation": C, "legitimate_interest": {"value": "x", "citation": C}}
        ]
    )


def test_processor_activity_names_its_controller() -> None:
    message = _error(role={"value": "processor", "citation": C}, legal_bases=[])
    assert "on_behalf_of" in message
    register(
        activity(
            role={"value": "processor", "citation": C},
            legal_bases=[],
            on_behalf_of={"value": "client controllers", "citation": C},
        )
    )


def test_controller_activity_needs_a_basis_or_a_gap() -> None:
    assert "legal basis" in _error(legal_bases=[])
    register(activity(legal_bases={"gap": "silent", "note": "not stated"}))


def test_retention_period_is_a_length() -> None:
    rule = {
        "anchor": "x_y",
        "anchor_label": "x",
        "period": "ten years",
        "action": "delete",
        "citation": C,
    }
    assert "not a length" in _error(retention=[rule])


def test_activity_keys_are_unique() -> None:
    with pytest.raises(ValidationError, match="appears twice"):
        register(activity("same"), activity("same"))


def test_unknown_field_is_refused() -> None:
    assert "colour" in _error(colour="red")

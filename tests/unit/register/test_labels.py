from __future__ import annotations

import pytest

from tvarka.adapters.exports.labels import length
from tvarka.domain.legal_time.lengths import parse_length


@pytest.mark.parametrize(
    ("text", "lithuanian"),
    [
        ("1 year", "1 metai"),
        ("2 years", "2 metai"),
        ("10 years", "10 metų"),
        ("11 years", "11 metų"),
        ("21 years", "21 metai"),
        ("9 months", "9 mėnesiai"),
        ("1 month", "1 mėnuo"),
        ("30 calendar days", "30 kalendorinių dienų"),
        ("5 working days", "5 darbo dienos"),
        ("7 paros", "7 paros"),
        ("immediately", "iš karto"),
        ("next business day", "kitą darbo dieną"),
    ],
)
def test_lithuanian_lengths_take_the_form_their_number_needs(text: str, lithuanian: str) -> None:
    assert length(parse_length(text), "lt") == lithuanian


def test_accusative_for_every_n_years() -> None:
    assert length(parse_length("2 years"), "lt", accusative=True) == "2 metus"
    assert length(parse_length("1 month"), "lt", accusative=True) == "1 mėnesį"
    assert length(parse_length("2 years"), "en") == "2 years"

"""The five seed registers shipped with Tvarka as YAML files (``tvarka/registers/<key>.yaml``).

Top-level keys starting with ``x-`` hold YAML anchors shared by several activities; they are
dropped before validation, so a typo elsewhere is still refused by the strict schema.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from tvarka.adapters.profile_files import SafeLoader
from tvarka.domain.register.facts import OrgFacts
from tvarka.domain.register.model import Register

BUNDLED = ("it-sales", "vivasend", "tiens", "delano", "kitoks-miestas")


class UnknownOrganisation(LookupError):
    """No bundled register for that organisation key."""


def parse_register(text: str) -> Register:
    data: dict[str, Any] = yaml.load(text, Loader=SafeLoader)  # libyaml: 10x the pure-Python
    return Register.model_validate({k: v for k, v in data.items() if not k.startswith("x-")})


def load_bundled(org: str) -> Register:
    if org not in BUNDLED:
        raise UnknownOrganisation(
            f"no register for organisation {org!r}; known: {', '.join(BUNDLED)}"
        )
    text = resources.files("tvarka.registers").joinpath(f"{org}.yaml").read_text(encoding="utf-8")
    return parse_register(text)


def load_bundled_extras(org: str) -> OrgFacts:
    """The findings facts the organisation's profile does not carry (see profile_facts)."""
    if org not in BUNDLED:
        raise UnknownOrganisation(
            f"no register for organisation {org!r}; known: {', '.join(BUNDLED)}"
        )
    text = (
        resources.files("tvarka.registers.facts")
        .joinpath(f"{org}.yaml")
        .read_text(encoding="utf-8")
    )
    return OrgFacts.model_validate(yaml.load(text, Loader=SafeLoader))


def bundled_facts(org: str) -> OrgFacts:
    """Findings facts for a bundled organisation: its bundled profile plus the extras file."""
    from tvarka.adapters.profile_files import read_profiles
    from tvarka.domain.register.profile_facts import facts_from_profile

    profiles = {item.profile.key: item.profile for item in read_profiles()}
    if org not in profiles:
        raise UnknownOrganisation(f"no profile for organisation {org!r}")
    return facts_from_profile(profiles[org], load_bundled_extras(org))

"""An organisation's profile: who it is, how people reach it, and the rules its documents set.

Profiles are data files (``tvarka/profiles/*.yaml``); this module is their schema. Unknown
keys are errors, so a typo in a profile is refused instead of silently ignored. When a
profile names its seed document (``seed: "003"``), every citation in it must point into that
document, so a value copied from another organisation's profile cannot slip through.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo, field_validator

from tvarka.domain.authority import AUTHORITY_KEYS
from tvarka.domain.cited import Citation, Cited, CitedOrGap, Gap, Strict
from tvarka.domain.identifiers import validate_company_code
from tvarka.domain.settings import Settings
from tvarka.domain.vocabulary import ChannelKind, LengthText, Role, SubjectType

__all__ = [
    "AuthorityRef",
    "Channel",
    "ChannelKind",
    "ClockRule",
    "CompanyCode",
    "LengthText",
    "OrgKey",
    "Profile",
    "Role",
    "SubjectType",
]

ORG_KEY_PATTERN = r"^[a-z][a-z0-9-]{1,40}$"
OrgKey = Annotated[str, Field(pattern=ORG_KEY_PATTERN)]
CompanyCode = Annotated[str, AfterValidator(validate_company_code)]
SeedNumber = Annotated[str, Field(pattern=r"^\d{3}$")]
ClockName = Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")]


class Channel(Strict):
    kind: ChannelKind
    endpoints: list[CitedOrGap[str]] = Field(default_factory=list)
    subject_types: list[SubjectType] = Field(default_factory=lambda: list(SubjectType))
    examined: bool = True  # False: the documents say requests on this channel are not examined
    citation: Citation
    note: str | None = None


class ClockRule(Strict):
    """An organisation's own length for a named clock, possibly for one subject type."""

    length: LengthText
    subject_type: SubjectType | None = None
    citation: Citation
    note: str | None = None


class AuthorityRef(Strict):
    key: str  # a record in tvarka.domain.authority
    named_as: CitedOrGap[str]  # how the organisation's documents name it

    @field_validator("key")
    @classmethod
    def _known_authority(cls, key: str) -> str:
        if key not in AUTHORITY_KEYS:
            known = ", ".join(sorted(AUTHORITY_KEYS))
            raise ValueError(f"unknown supervisory authority {key!r}; known: {known}")
        return key


class Profile(Strict):
    key: OrgKey
    seed: SeedNumber | None = None  # the seed document every citation must point into
    legal_name: Cited[str]
    company_code: CitedOrGap[CompanyCode]
    address: CitedOrGap[str]
    phones: list[CitedOrGap[str]] = Field(min_length=1)
    emails: list[CitedOrGap[str]] = Field(min_length=1)
    websites: list[CitedOrGap[str]] = Field(min_length=1)
    portal: CitedOrGap[str]
    channels: list[Channel] = Field(min_length=1)
    supervisory_authority: AuthorityRef
    default_role: Cited[Role]
    settings: Settings
    clocks: dict[ClockName, Annotated[list[ClockRule], Field(min_length=1)]] = Field(
        default_factory=dict
    )
    # Damage in the source that no field above holds (a missing list, a cut-off section),
    # written down so nobody fills it in from guesswork later.
    source_gaps: list[Gap] = Field(default_factory=list)

    @field_validator("*")
    @classmethod
    def _citations_point_into_seed(cls, value: Any, info: ValidationInfo) -> Any:
        seed = info.data.get("seed")
        if seed is None or info.field_name in ("key", "seed"):
            return value
        for path, citation in _citations(value, info.field_name or ""):
            if not citation.startswith(f"{seed} "):
                raise ValueError(
                    f"citation {citation!r} at {path} does not point into seed {seed} "
                    f"(it must start with '{seed} ')"
                )
        return value


def _citations(value: object, path: str) -> list[tuple[str, str]]:
    """Every (path, citation) inside ``value``, so a wrong one can be named precisely."""
    found: list[tuple[str, str]] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            if name == "citation" and isinstance(item, str):
                found.append((f"{path}.citation", item))
            else:
                found.extend(_citations(item, f"{path}.{name}"))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found.extend(_citations(item, f"{path}[{index}]"))
    elif isinstance(value, dict):
        for key, item in value.items():
            found.extend(_citations(item, f"{path}.{key}"))
    return found

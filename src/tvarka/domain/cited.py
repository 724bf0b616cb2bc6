"""Values taken from an organisation's documents, each with the place it was taken from.

Every value read from a seed carries its citation (e.g. ``003 D-DSR 12.3``). Where the
source is silent or damaged the profile says so with a ``Gap`` instead of inventing a value.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

T = TypeVar("T")

Citation = str


class Strict(BaseModel):
    """Base for profile data: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(Strict, Generic[T]):
    value: T
    citation: Citation = Field(min_length=3)
    note: str | None = None


class GapKind(StrEnum):
    silent = "silent"  # the documents do not say
    damaged = "damaged"  # the documents said it, but the text we have lost it (obfuscated, cut)


class Gap(Strict):
    gap: GapKind
    note: str = Field(min_length=3)
    citation: Citation | None = None


def _cited_or_gap(value: Any) -> str:
    if isinstance(value, Gap) or (isinstance(value, dict) and "gap" in value):
        return "gap"
    return "cited"


if TYPE_CHECKING:
    CitedOrGap = Union[Cited[T], Gap]  # noqa: UP007 - a generic alias for type checkers
else:

    class CitedOrGap:
        """A value from the documents, or an explicit gap, discriminated by the ``gap`` key:
        a wrong value is reported against the branch it meant, not against both."""

        def __class_getitem__(cls, item: Any) -> Any:
            return Annotated[
                Annotated[Cited[item], Tag("cited")] | Annotated[Gap, Tag("gap")],
                Discriminator(_cited_or_gap),
            ]

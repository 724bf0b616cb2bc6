"""Values taken from an organisation's documents, each with the place it was taken from.

Every value read from a seed carries its citation (e.g. ``003 D-DSR 12.3``). Where the
source is silent or damaged the profile says so with a ``Gap`` instead of inventing a value.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

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

"""Letter contexts for tests, with generated people only."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from tvarka.domain.letters import LetterContext, LetterKind, Recipient, Sender
from tvarka.domain.settings import Language
from tvarka.services.letters.samples import sample_context

SENDER = Sender("UAB „Bandymas“", "111111115", "Testų g. 1, LT-00001 Vilnius",
                "info@example.lt", "+370 600 00000", "www.example.lt")


def context(kind: LetterKind, language: Language = Language.lt, **changes: Any) -> LetterContext:
    base = sample_context(kind, language, SENDER, seed=7)
    return dataclasses.replace(base, **changes) if changes else base


def with_request(ctx: LetterContext, **changes: Any) -> LetterContext:
    return dataclasses.replace(ctx, request=dataclasses.replace(ctx.request, **changes))


def with_decision(ctx: LetterContext, **changes: Any) -> LetterContext:
    return dataclasses.replace(ctx, decision=dataclasses.replace(ctx.decision, **changes))


def to(ctx: LetterContext, email: str | None = None,
       address: tuple[str, ...] = ()) -> LetterContext:
    return dataclasses.replace(ctx, recipient=Recipient(ctx.recipient.name, address, email))


D = dt.date

"""Deadline use cases: an organisation's clocks, one clock's deadline, a bare length added.

The CLI and the REST routers both call these and print the same JSON, so a script gets the
same answer either way. Input arrives as text; every refusal names the field at fault.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tvarka.adapters.db.uow import UnitOfWork
from tvarka.domain.findings import Finding
from tvarka.domain.legal_time.catalogue import CATALOGUE, clock_definition
from tvarka.domain.legal_time.deadlines import (
    ClockSummary,
    Deadline,
    Moment,
    deadline_after,
    resolve_clock,
    roll_rule,
    summarise_clocks,
)
from tvarka.domain.legal_time.lengths import Length, Unit
from tvarka.domain.profile import SubjectType
from tvarka.services.actor import Actor
from tvarka.services.errors import Invalid, NotFound
from tvarka.services.organisations import access as organisations

# The options of ``deadline add`` and the unit each one counts in.
ADD_UNITS = {
    "working_days": Unit.working_days,
    "calendar_days": Unit.calendar_days,
    "months": Unit.months,
    "years": Unit.years,
    "hours": Unit.hours,
    "paros": Unit.paros,
}


def parse_start(text: str, field: str = "start") -> Moment:
    """A date (``2026-03-05``) or an instant with a UTC offset (``2026-03-31T23:30:00Z``)."""
    cleaned = text.strip()
    try:
        if "T" not in cleaned and " " not in cleaned:
            return dt.date.fromisoformat(cleaned)
        instant = dt.datetime.fromisoformat(cleaned)
    except ValueError:
        raise Invalid(
            f"not an ISO date or instant: {text!r} (e.g. 2026-03-05 or 2026-03-31T23:30:00Z)",
            field=field,
        ) from None
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise Invalid(
            f"{text!r} has no UTC offset; add Z or +02:00 so the instant is unambiguous",
            field=field,
        )
    return instant.astimezone(dt.UTC)


def parse_subject_type(text: str | None) -> SubjectType | None:
    if text is None:
        return None
    try:
        return SubjectType(text)
    except ValueError:
        known = ", ".join(t.value for t in SubjectType)
        raise Invalid(
            f"unknown subject type {text!r}; use one of {known}", "subject_type"
        ) from None


def clocks(uow: UnitOfWork, actor: Actor, key: str) -> list[ClockSummary]:
    """Every clock as the organisation runs it (404 for an organisation the caller cannot see)."""
    profile = organisations.profile_of(organisations.get(uow, actor, key))
    return summarise_clocks(profile.clocks)


def compute(
    uow: UnitOfWork,
    actor: Actor,
    key: str,
    clock: str,
    start: str | None,
    subject_type: str | None = None,
    events: dict[str, str | None] | None = None,
) -> Deadline:
    """One clock's deadline for the organisation, counted from ``start``.

    ``events`` are the events that can end the period earlier (``art14.notice``:
    ``first_contact``, ``first_disclosure``); each is a date or an instant, or None.
    """
    profile = organisations.profile_of(organisations.get(uow, actor, key))
    try:
        definition = clock_definition(clock)
    except ValueError as error:
        raise NotFound(str(error), field="clock") from None
    if start is None:
        raise Invalid("start is required: a date or an instant with a UTC offset", "start")
    moment = parse_start(start)
    kind = parse_subject_type(subject_type)
    known = {event for event, _ in definition.end_events}
    happened: dict[str, Moment] = {}
    for event, text in (events or {}).items():
        if text is None:
            continue
        if event not in known:
            raise Invalid(f"clock {clock} has no event {event}", field=event)
        happened[event] = parse_start(text, field=event)
    try:
        resolved = resolve_clock(clock, profile.clocks, kind)
    except ValueError as error:
        raise Invalid(str(error), field="subject_type") from None
    try:
        return resolved.compute(moment, events=happened)
    except (ValueError, OverflowError) as error:  # a date for hours; beyond the calendar
        raise Invalid(str(error), field="start") from None


def add(
    start: str,
    *,
    working_days: int | None = None,
    calendar_days: int | None = None,
    months: int | None = None,
    years: int | None = None,
    hours: int | None = None,
    paros: int | None = None,
) -> dict[str, Any]:
    """``start`` plus exactly one length, as a legal deadline (date periods roll)."""
    amounts = {
        "working_days": working_days,
        "calendar_days": calendar_days,
        "months": months,
        "years": years,
        "hours": hours,
        "paros": paros,
    }
    given = {name: amount for name, amount in amounts.items() if amount is not None}
    if len(given) != 1:
        names = ", ".join(ADD_UNITS)
        raise Invalid(f"give exactly one length: one of {names}", field="length")
    ((name, amount),) = given.items()
    if amount < 0:
        raise Invalid(f"a length cannot be negative (got {amount})", field=name)
    length = Length(amount, ADD_UNITS[name])
    moment = parse_start(start)
    if length.is_hours and not isinstance(moment, dt.datetime):
        raise Invalid(
            f"{length} counts hours: the start needs a time with a UTC offset, "
            "e.g. 2026-10-23T11:20:00Z",
            field="start",
        )
    try:
        due, rolled_from = deadline_after(moment, length)
    except (ValueError, OverflowError) as error:  # beyond the calendar, or past year 9999
        raise Invalid(f"{start} + {length} is out of range: {error}", field=name) from None
    return {
        "start": iso(moment),
        "length": str(length),
        "due": iso(due),
        "rolled_from": iso(rolled_from),
        "roll": "never" if length.is_hours else "next working day",
        "citation": _ADD_CITATION["hours" if length.is_hours else "days"],
    }


_ADD_CITATION = {
    "days": "Reg. 1182/71 Art. 3(1), 3(2)(c), 3(4); Civil Code Art. 1.119",
    "hours": "Reg. 1182/71 Art. 3(4) (periods in hours do not roll)",
}


# -- JSON shapes shared by the CLI and the API ---------------------------------------------------


def iso(moment: Moment | None) -> str | None:
    """Dates as ``2026-03-05``; instants in UTC as ``2026-10-26T11:20:00Z``."""
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return moment.isoformat()


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "title": finding.title,
        "explanation": finding.explanation,
        "legal_reference": finding.legal_reference,
        "citation": finding.citation,
    }


def deadline_json(deadline: Deadline, organisation: str) -> dict[str, Any]:
    definition = CATALOGUE[deadline.clock]
    return {
        "organisation": organisation,
        "clock": deadline.clock,
        "subject_type": deadline.subject_type.value if deadline.subject_type else None,
        "start": iso(deadline.start),
        "due": iso(deadline.due),
        "rolled_from": iso(deadline.rolled_from),
        "citation": "; ".join(deadline.citations),
        "citations": list(deadline.citations),
        "length": str(deadline.length) if deadline.length else None,
        "roll": roll_rule(definition, deadline.length).value if deadline.length else None,
        "outer_limit": iso(deadline.outer_limit),
        "note": deadline.note,
        "variants": [
            {
                "length": str(variant.length),
                "citation": variant.citation,
                "source": variant.source.value,
                "raw": iso(variant.raw),
                "due": iso(variant.due),
            }
            for variant in deadline.variants
        ],
        "findings": [finding_json(finding) for finding in deadline.findings],
    }


def clock_json(summary: ClockSummary) -> dict[str, Any]:
    return {
        "name": summary.name,
        "title": summary.title,
        "start_event": summary.start_event,
        "rules": [
            {
                "length": str(rule.length),
                "subject_type": rule.subject_type.value if rule.subject_type else None,
                "citation": rule.citation,
                "source": rule.source.value,
                "roll": rule.roll.value,
            }
            for rule in summary.rules
        ],
        "default": str(summary.default) if summary.default else None,
        "default_citation": summary.default_citation,
        "legal_limit": str(summary.legal_limit) if summary.legal_limit else None,
        "limit_citation": summary.limit_citation,
        "pausable": summary.pausable,
        "per_subject_type": summary.per_subject_type,
        "extended_by": summary.extended_by,
        "findings": [finding_json(finding) for finding in summary.findings],
    }

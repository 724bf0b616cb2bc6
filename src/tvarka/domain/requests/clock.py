"""A request's due dates from the legal-time clocks: pauses, one extension, the notice date.

Each right runs on its clock (``dsr.rectification``, ``dsr.erasure``, ``dsr.restriction``,
else ``dsr.response``), resolved per organisation and subject type, so Delano's candidate
rectification is due in 5 working days and a customer's access request in the earlier of
"1 month" and "30 calendar days". Waiting for identity moves the due date by the whole days
paused (EDPB Guidelines 01/2022 §159). One extension is allowed, decided and told to the
person before the first due date, for complexity or the number of requests (Art. 12(3)).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tvarka.domain.findings import Finding
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.legal_time.deadlines import Deadline, resolve_clock
from tvarka.domain.profile import ClockRule, SubjectType
from tvarka.domain.requests.terms import ExtensionReason, Right

CLOCK_FOR_RIGHT: dict[Right, str] = {
    Right.rectification: "dsr.rectification",
    Right.erasure: "dsr.erasure",
    Right.restriction: "dsr.restriction",
}
Clocks = Mapping[str, Sequence[ClockRule]]


class ExtensionRefused(ValueError):
    """An extension the law does not allow (late, a second one, or without reasons)."""


@dataclass(frozen=True)
class DueDates:
    clock: str
    initial: dt.date | None  # None: "without undue delay" with no number
    extended: dt.date | None  # set once the request is extended
    due: dt.date | None  # what applies now
    notice_by: dt.date | None  # an extension must be told to the person by this date
    citations: tuple[str, ...]
    findings: tuple[Finding, ...]


def clock_name(right: Right) -> str:
    return CLOCK_FOR_RIGHT.get(right, "dsr.response")


def _date(deadline: Deadline) -> dt.date | None:
    due = deadline.due
    if isinstance(due, dt.datetime):
        return local_date(due)
    return due


def due_dates(
    clocks: Clocks,
    right: Right,
    subject_type: SubjectType,
    received: dt.date,
    *,
    paused_days: int = 0,
    extended: bool = False,
) -> DueDates:
    """The request's due dates; ``paused_days`` are the whole days it waited for identity."""
    name = clock_name(right)
    suspended = dt.timedelta(days=paused_days)
    first = resolve_clock(name, clocks, subject_type).compute(received, suspended=suspended)
    initial = _date(first)
    citations = list(first.citations)
    findings = list(first.findings)
    if right is Right.information and "inquiry.response" in clocks:
        inquiry = resolve_clock("inquiry.response", clocks).compute(received, suspended=suspended)
        inquiry_due = _date(inquiry)
        if inquiry_due is not None and (initial is None or inquiry_due < initial):
            initial, citations = inquiry_due, list(inquiry.citations)
    extended_due: dt.date | None = None
    if extended:
        longer = resolve_clock("dsr.response.extended", clocks, subject_type).compute(
            received, suspended=suspended
        )
        extended_due = _date(longer)
        findings += [f for f in longer.findings if f not in findings]
        if extended_due is not None and initial is not None and extended_due < initial:
            extended_due = initial  # an organisation's cap shorter than its own first period
        citations += list(longer.citations)
    due = extended_due if extended else initial
    return DueDates(name, initial, extended_due, due, initial, tuple(citations), tuple(findings))


def invalid_notice_due(clocks: Clocks, subject_type: SubjectType, received: dt.date) -> dt.date | None:
    """When a request that will not be examined must be answered with reasons."""
    return _date(resolve_clock("dsr.invalid_notice", clocks, subject_type).compute(received))


def check_extension(
    *,
    today: dt.date,
    initial_due: dt.date | None,
    already_extended: bool,
    reason: ExtensionReason,
    justification: str,
) -> None:
    if already_extended:
        raise ExtensionRefused("a request can be extended only once (GDPR Art. 12(3))")
    if initial_due is not None and today > initial_due:
        raise ExtensionRefused(
            f"the extension must be decided and told within the first period, which ended on "
            f"{initial_due.isoformat()} (GDPR Art. 12(3))"
        )
    if len(justification.strip()) < 10:
        raise ExtensionRefused(
            f"say why {reason.value} makes the extension necessary (at least 10 characters)"
        )


def paused_days(pauses: Sequence[tuple[dt.datetime, dt.datetime]]) -> int:
    """Whole days the clock stood still: counted by Vilnius dates, as date clocks count."""
    return sum((local_date(end) - local_date(start)).days for start, end in pauses)

"""A request's clock and due dates, built on the legal-time ``Clock`` (pauses, one extension).

Each right runs on its clock (``dsr.rectification``, ``dsr.erasure``, ``dsr.restriction``,
else ``dsr.response``), resolved per organisation and subject type, so Delano's candidate
rectification is due in 5 working days and a customer's access request in the earlier of
"1 month" and "30 calendar days". Waiting for identity pauses the clock where the
organisation's ``dsr_pause_for_identity`` allows (EDPB Guidelines 01/2022 §159). The one
extension of Art. 12(3) covers every right, so every request clock extends on
``dsr.response.extended``; it must be decided and told before the first due date.
Information requests also run on ``inquiry.response`` where an organisation sets one (Tiens:
14 days), and the earlier date applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tvarka.domain.findings import Finding
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.legal_time.clock import Clock, Extension, Pause
from tvarka.domain.legal_time.deadlines import Deadline, resolve_clock
from tvarka.domain.profile import ClockRule, SubjectType
from tvarka.domain.requests.terms import Right

CLOCK_FOR_RIGHT: dict[Right, str] = {
    Right.rectification: "dsr.rectification",
    Right.erasure: "dsr.erasure",
    Right.restriction: "dsr.restriction",
}
Clocks = Mapping[str, Sequence[ClockRule]]


@dataclass(frozen=True)
class DueDates:
    clock: str
    initial: dt.date | None  # None: "without undue delay" with no number
    extended: dt.date | None  # set once the request is extended
    due: dt.date | None  # what applies now
    notice_by: dt.date | None  # an extension must be told to the person by this date
    paused_days: int
    citations: tuple[str, ...]
    findings: tuple[Finding, ...]


def clock_name(right: Right) -> str:
    return CLOCK_FOR_RIGHT.get(right, "dsr.response")


def request_clock(
    clocks: Clocks,
    right: Right,
    subject_type: SubjectType,
    received: dt.date,
    *,
    pauses: Sequence[Pause] = (),
    extension: Extension | None = None,
    pauses_allowed: bool = True,
) -> Clock:
    """The request's clock as it stands, rebuilt from what the request has recorded."""
    resolved = resolve_clock(clock_name(right), clocks, subject_type)
    extended = resolve_clock("dsr.response.extended", clocks, subject_type)
    return Clock(resolved, received, extended, pauses_allowed, tuple(pauses), extension)


def _date(deadline: Deadline) -> dt.date | None:
    due = deadline.due
    if isinstance(due, dt.datetime):
        return local_date(due)
    return due


def due_dates(clock: Clock, right: Right, clocks: Clocks) -> DueDates:
    first = clock.initial_deadline()
    initial = _date(first)
    citations = list(first.citations)
    findings = list(first.findings)
    if right is Right.information and "inquiry.response" in clocks:
        inquiry = resolve_clock("inquiry.response", clocks).compute(
            clock.started_at, suspended=clock.suspended())
        inquiry_due = _date(inquiry)
        if inquiry_due is not None and (initial is None or inquiry_due < initial):
            initial, citations = inquiry_due, list(inquiry.citations)
    extended_due: dt.date | None = None
    if clock.extension is not None:
        longer = clock.deadline()
        extended_due = _date(longer)
        findings += [f for f in longer.findings if f not in findings]
        if extended_due is not None and initial is not None and extended_due < initial:
            extended_due = initial  # an organisation's cap shorter than its own first period
        citations += list(longer.citations)
    due = extended_due if clock.extension is not None else initial
    return DueDates(clock.resolved.name, initial, extended_due, due, initial,
                    clock.suspended().days, tuple(citations), tuple(findings))


def invalid_notice_due(clocks: Clocks, subject_type: SubjectType, received: dt.date) -> dt.date | None:
    """When a request that will not be examined must be answered with reasons."""
    return _date(resolve_clock("dsr.invalid_notice", clocks, subject_type).compute(received))

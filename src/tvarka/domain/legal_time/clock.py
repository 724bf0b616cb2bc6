"""A running clock: a deadline that can pause, be extended once, and be met (or missed).

Waiting for the person to prove their identity or clarify the request stops a request clock
(EDPB Guidelines 01/2022 §159, Recital 63) and resuming it continues the count: a date clock
moves its start by the whole days it stood still, an hour clock by the elapsed time. Whether an
organisation pauses at all is its choice (``pauses_allowed``). A request may be extended once,
by a reason the GDPR accepts (complexity or number of requests, Art. 12(3)), decided and told
to the person before the first deadline passes; the extended date comes from the extension
clock (``dsr.response.extended``). The clock is immutable: every change returns a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from tvarka.domain.legal_time.arithmetic import as_utc
from tvarka.domain.legal_time.calendar import local_date
from tvarka.domain.legal_time.deadlines import (
    Deadline,
    Moment,
    ResolvedClock,
    expiry,
    resolve_clock,
)
from tvarka.domain.profile import ClockRule, Profile, SubjectType
from tvarka.domain.setting_defaults import effective


class PauseReason(StrEnum):
    identity = "identity"  # waiting for proof of identity (Art. 12(6))
    clarification = "clarification"  # waiting for the person to say what they ask (Recital 63)


class ExtensionReason(StrEnum):
    complexity = "complexity"
    number_of_requests = "number_of_requests"


class ClockStatus(StrEnum):
    running = "running"
    paused = "paused"
    due_soon = "due_soon"
    overdue = "overdue"
    met = "met"
    met_late = "met_late"


class ClockError(ValueError):
    """A change the clock's rules do not allow (a second extension, a pause on a breach…)."""


@dataclass(frozen=True)
class Pause:
    paused_at: dt.datetime
    reason: PauseReason
    resumed_at: dt.datetime | None = None


@dataclass(frozen=True)
class Extension:
    reason: ExtensionReason
    justification: str
    decided_at: dt.datetime


@dataclass(frozen=True)
class Clock:
    resolved: ResolvedClock
    started_at: Moment
    extension_clock: ResolvedClock | None = None  # the same organisation's extended clock
    pauses_allowed: bool = True
    pauses: tuple[Pause, ...] = ()
    extension: Extension | None = None
    completed_at: dt.datetime | None = None

    # -- the deadlines ---------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].resumed_at is None

    def suspended(self) -> dt.timedelta:
        """How long the clock stood still in finished pauses."""
        total = dt.timedelta(0)
        hourly = self.resolved.hourly
        for pause in self.pauses:
            if pause.resumed_at is None:
                continue
            if hourly:
                total += pause.resumed_at - pause.paused_at
            else:
                days = (local_date(pause.resumed_at) - local_date(pause.paused_at)).days
                total += dt.timedelta(days=days)
        return total

    def initial_deadline(self) -> Deadline:
        return self.resolved.compute(self.started_at, suspended=self.suspended())

    def deadline(self) -> Deadline:
        """The deadline in force: the extended one once the clock is extended."""
        if self.extension is not None and self.extension_clock is not None:
            return self.extension_clock.compute(self.started_at, suspended=self.suspended())
        return self.initial_deadline()

    @property
    def extension_notice_by(self) -> Moment | None:
        """The person must hear of an extension, and why, within the first period."""
        return self.initial_deadline().due

    # -- changes -----------------------------------------------------------------------------

    def pause(self, at: dt.datetime, reason: PauseReason) -> Clock:
        at = as_utc(at)
        if not (self.resolved.definition.pausable and self.pauses_allowed):
            raise ClockError(f"clock {self.resolved.name} does not pause")
        self._still_open("pause")
        if self.paused:
            raise ClockError("the clock is already paused")
        if _before(at, self.started_at):
            raise ClockError("a clock cannot pause before it starts")
        due = self.deadline().due
        if due is not None and _past(due, at):
            raise ClockError(f"the clock ran out on {due}; a pause cannot revive it")
        return replace(self, pauses=self.pauses + (Pause(at, reason),))

    def resume(self, at: dt.datetime) -> Clock:
        at = as_utc(at)
        if not self.paused:
            raise ClockError("the clock is not paused")
        last = self.pauses[-1]
        if at < last.paused_at:
            raise ClockError("a clock cannot resume before it paused")
        return replace(self, pauses=self.pauses[:-1] + (replace(last, resumed_at=at),))

    def extend(self, reason: ExtensionReason, justification: str, decided_at: dt.datetime) -> Clock:
        decided_at = as_utc(decided_at)
        if self.extension_clock is None:
            raise ClockError(f"clock {self.resolved.name} cannot be extended")
        self._still_open("extend")
        if self.extension is not None:
            raise ClockError("the clock was already extended; the GDPR allows one extension")
        if not justification.strip():
            raise ClockError("an extension needs a justification")
        first = self.initial_deadline().due
        if first is not None and _past(first, decided_at):
            raise ClockError(f"the first deadline ({first}) has passed; it cannot be extended")
        return replace(self, extension=Extension(reason, justification.strip(), decided_at))

    def complete(self, at: dt.datetime) -> Clock:
        at = as_utc(at)
        self._still_open("complete")
        if _before(at, self.started_at):
            raise ClockError("a clock cannot be met before it starts")
        clock = self.resume(at) if self.paused else self
        return replace(clock, completed_at=at)

    def _still_open(self, action: str) -> None:
        if self.completed_at is not None:
            raise ClockError(f"the clock was met on {self.completed_at}; cannot {action} it")

    # -- status ------------------------------------------------------------------------------

    def status(
        self, now: dt.datetime, due_soon: dt.timedelta = dt.timedelta(days=3)
    ) -> ClockStatus:
        """Where the clock stands at ``now``; ``due_soon`` is how early to warn."""
        deadline = self.deadline()
        limit = deadline.due if deadline.due is not None else deadline.outer_limit
        if self.completed_at is not None:
            if limit is not None and _past(limit, self.completed_at):
                return ClockStatus.met_late
            return ClockStatus.met
        if self.paused:
            return ClockStatus.paused
        if limit is None:
            return ClockStatus.running
        now = as_utc(now)
        if _past(limit, now):
            return ClockStatus.overdue
        if now >= expiry(limit) - due_soon:
            return ClockStatus.due_soon
        return ClockStatus.running


def _past(due: Moment, at: dt.datetime) -> bool:
    """A date deadline is past from 24:00 (Vilnius) on; an hour deadline after its instant."""
    if isinstance(due, dt.datetime):
        return at > due
    return at >= expiry(due)


def _before(at: dt.datetime, start: Moment) -> bool:
    if isinstance(start, dt.datetime):
        return at < as_utc(start)
    return local_date(at) < start


def start_clock(
    name: str,
    clocks: Mapping[str, Sequence[ClockRule]],
    started_at: Moment,
    subject_type: SubjectType | None = None,
    pauses_allowed: bool = True,
) -> Clock:
    """A clock ``name`` for an organisation's ``clocks:`` rules, started at ``started_at``."""
    resolved = resolve_clock(name, clocks, subject_type)
    extended_by = resolved.definition.extended_by
    extension = resolve_clock(extended_by, clocks, subject_type) if extended_by else None
    clock = Clock(resolved, started_at, extension, pauses_allowed)
    clock.initial_deadline()  # refuses a start the clock cannot count from (a date for hours)
    return clock


def start_profile_clock(
    profile: Profile,
    name: str,
    started_at: Moment,
    subject_type: SubjectType | None = None,
) -> Clock:
    """A clock for an organisation's profile: its clock rules, and whether it pauses for
    identity or clarification (setting ``dsr_pause_for_identity``, else the EDPB default)."""
    pauses = effective(profile.settings, "dsr_pause_for_identity").value
    return start_clock(
        name, profile.clocks, started_at, subject_type, pauses_allowed=pauses is True
    )

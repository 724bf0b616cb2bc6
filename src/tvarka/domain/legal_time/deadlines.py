"""Computing a named clock's deadline for one organisation.

An organisation's documents may set several lengths for the same clock (Delano: "1 month" in
its request rules, "30 calendar days" in its privacy policy). Tvarka computes every one, applies
the earliest, and reports the conflict as a finding; where the organisation's earliest date is
still later than the law allows, the law's limit applies and a second finding says so. Rules are
resolved once per organisation, clock and subject type (``resolve_clock``); ``compute`` then
only does date arithmetic, because it runs for every request on every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from tvarka.domain.findings import Finding, Severity
from tvarka.domain.legal_time.arithmetic import (
    add_date_length,
    add_hour_length,
    as_utc,
    shift_months,
)
from tvarka.domain.legal_time.calendar import (
    LT_CALENDAR,
    LithuanianCalendar,
    end_of_day,
    local_date,
)
from tvarka.domain.legal_time.catalogue import (
    CATALOGUE,
    ClockDefinition,
    Direction,
    clock_definition,
)
from tvarka.domain.legal_time.lengths import Length, Unit
from tvarka.domain.profile import ClockRule, SubjectType

Moment = dt.date | dt.datetime  # a date for date clocks, an aware UTC instant for hour clocks
_ZERO = dt.timedelta(0)
_ROLLS_ITSELF = (Unit.working_days, Unit.next_business_day)  # always land on a working day
_HOURLY = (Unit.hours, Unit.paros, Unit.immediately)


class Source(StrEnum):
    organisation = "organisation"
    law = "law"


class RollRule(StrEnum):
    next_working_day = "next working day"  # Reg. 1182/71 Art. 3(4); Civil Code 1.119
    never = "never"  # periods in hours are elapsed time
    none = "none"  # a period counted back from a date ends where it ends


class Variant(NamedTuple):
    """One length considered for a deadline, with the date it gives."""

    length: Length
    citation: str
    source: Source
    raw: Moment | None  # before rolling; None for "without undue delay"
    due: Moment | None


class Deadline(NamedTuple):
    clock: str
    subject_type: SubjectType | None
    start: Moment
    due: Moment | None  # None: "without undue delay", or no period in law or documents
    rolled_from: dt.date | None  # the raw last day, where rolling moved it
    length: Length | None  # the length that gave ``due``
    citations: tuple[str, ...]  # of ``due``
    variants: tuple[Variant, ...]
    outer_limit: Moment | None  # the law's limit, where the organisation's rule has no number
    findings: tuple[Finding, ...]
    note: str | None


@dataclass(frozen=True)
class _Rule:
    length: Length
    citation: str
    source: Source


# How a step computes its end; compiled once per resolved clock so ``compute`` only branches.
_MONTHS, _DAYS, _WORKING, _HOURS, _FURTHER_MONTHS, _BACK_DAYS, _BACK_MONTHS, _UNDUE = range(8)
# Building the result tuples without NamedTuple's Python-level __new__ halves their cost.
_new_variant = tuple.__new__
_new_deadline = tuple.__new__


# A compiled step, as a plain tuple (the interpreter unpacks those fastest): kind; amount in
# months, days, working days or hours; the same amount as a timedelta (days and hours); the
# rule's length, citation and source; an earlier step with the same arithmetic whose result
# it shares, or -1; and whether it competes for the due date (False for the law's limit).
_Step = tuple[int, int, dt.timedelta, Length, str, Source, int, bool]


def _compile(
    definition: ClockDefinition, rules: Sequence[_Rule], competing: int
) -> tuple[_Step, ...]:
    backwards = definition.direction is Direction.before
    steps: list[_Step] = []
    seen: dict[tuple[int, int], int] = {}
    for index, rule in enumerate(rules):
        unit, amount = rule.length.unit, rule.length.amount
        if unit is Unit.without_undue_delay:
            kind = _UNDUE
        elif unit in _HOURLY:
            kind, amount = _HOURS, amount * (24 if unit is Unit.paros else 1)
        elif unit is Unit.years:
            kind, amount = (_BACK_MONTHS if backwards else _MONTHS), 12 * amount
        elif unit is Unit.months:
            further = rule.source is Source.law and definition.law_counts_from_initial_month
            kind = _BACK_MONTHS if backwards else _FURTHER_MONTHS if further else _MONTHS
        elif unit is Unit.calendar_days:
            kind = _BACK_DAYS if backwards else _DAYS
        elif unit is Unit.next_business_day:
            kind, amount = _WORKING, 1
        elif unit is Unit.working_days and not backwards:
            kind = _WORKING
        else:
            raise ValueError(f"clock {definition.name} counts back from a date; not {rule.length}")
        first = seen.setdefault((kind, amount), index)
        delta = dt.timedelta(hours=amount) if kind == _HOURS else dt.timedelta(days=amount)
        shares = first if first != index else -1
        steps.append(
            (
                kind,
                amount,
                delta,
                rule.length,
                rule.citation,
                rule.source,
                shares,
                index < competing,
            )
        )
    return tuple(steps)


def roll_rule(definition: ClockDefinition, length: Length) -> RollRule:
    if length.unit in _HOURLY:
        return RollRule.never
    if definition.direction is Direction.before:
        return RollRule.none
    return RollRule.next_working_day


def expiry(moment: Moment) -> dt.datetime:
    """The UTC instant a deadline expires: a date deadline at 24:00 that day in Vilnius."""
    return moment if isinstance(moment, dt.datetime) else end_of_day(moment)


def _later(a: Moment, b: Moment) -> bool:
    """Whether ``a`` ends after ``b``; a date ends at 24:00 of that day in Vilnius."""
    if isinstance(a, dt.datetime) == isinstance(b, dt.datetime):
        return a > b
    return expiry(a) > expiry(b)


def _rules_for(
    definition: ClockDefinition, rules: Sequence[ClockRule], subject_type: SubjectType | None
) -> list[ClockRule]:
    if not definition.per_subject_type:
        return list(rules)
    wanted = subject_type or SubjectType.customer
    specific = [rule for rule in rules if rule.subject_type is wanted]
    return specific or [rule for rule in rules if rule.subject_type is None]


class ResolvedClock:
    """A clock with one organisation's rules for one subject type, ready to compute."""

    __slots__ = (
        "_mixed",
        "_primary_count",
        "_steps",
        "definition",
        "findings",
        "hourly",
        "limit",
        "primary",
        "subject_type",
    )

    def __init__(
        self,
        definition: ClockDefinition,
        rules: Sequence[ClockRule],
        subject_type: SubjectType | None = None,
    ) -> None:
        if subject_type is not None and not definition.per_subject_type:
            raise ValueError(f"clock {definition.name} does not vary by subject type")
        self.definition = definition
        self.subject_type = (
            (subject_type or SubjectType.customer) if definition.per_subject_type else None
        )
        own = _rules_for(definition, rules, subject_type)
        if own:
            self.primary = tuple(_Rule(r.length, r.citation, Source.organisation) for r in own)
        elif definition.default is not None:
            self.primary = (_Rule(definition.default, definition.default_citation, Source.law),)
        else:
            self.primary = ()
        uses_law_default = not own
        limit = definition.legal_limit
        self.limit = (
            _Rule(limit, definition.limit_citation or definition.default_citation, Source.law)
            if limit is not None and not (uses_law_default and limit == definition.default)
            else None
        )
        considered = self.primary + ((self.limit,) if self.limit else ())
        fixed = [r for r in considered if r.length.is_fixed]
        # "immediately" needs no time of day: from an event known by its date it is that date.
        self.hourly = any(r.length.unit in (Unit.hours, Unit.paros) for r in fixed)
        self._mixed = any(r.length.unit in _HOURLY for r in fixed) and any(
            r.length.unit not in _HOURLY for r in fixed
        )
        self._steps = _compile(definition, considered, len(self.primary))
        self._primary_count = len(self.primary)
        self.findings = tuple(_static_findings(definition, own))

    @property
    def name(self) -> str:
        return self.definition.name

    def compute(
        self,
        start: Moment,
        *,
        suspended: dt.timedelta = _ZERO,
        events: Mapping[str, Moment] | None = None,
        calendar: LithuanianCalendar = LT_CALENDAR,
    ) -> Deadline:
        """The deadline for a clock started at ``start`` (a date, or an aware instant).

        ``suspended`` is the time the clock stood still (pauses); date clocks count its whole
        days. ``events`` are the events that may end the period earlier (Art. 14(3)(b)–(c)).
        """
        definition = self.definition
        if isinstance(start, dt.datetime):
            utc = as_utc(start)
            instant: dt.datetime | None = utc + suspended
            # Date periods move by whole days on the Vilnius calendar, not by 24-hour blocks,
            # which would cross a daylight-saving switch into the wrong day.
            day = local_date(utc)
            if suspended:
                day += dt.timedelta(days=suspended.days)
        elif self.hourly:
            raise ValueError(
                f"clock {definition.name} counts hours: the start needs a time with a UTC "
                "offset, e.g. 2026-10-23T11:20:00Z"
            )
        else:
            instant = None
            day = start + dt.timedelta(days=suspended.days) if suspended else start
        roll = calendar.roll_forward
        mixed = self._mixed
        variants: list[Variant] = []
        best: Variant | None = None
        best_due: Moment | None = None
        raw: Moment | None
        end: Moment | None
        # One pass over the compiled steps: each rule's raw end and its end after rolling.
        for kind, amount, delta, rule_length, rule_citation, source, same_as, counts in self._steps:
            if same_as >= 0:
                prior = variants[same_as]
                raw, end = prior[3], prior[4]
            elif kind == _MONTHS:
                raw = shift_months(day, amount)
                end = roll(raw)
            elif kind == _DAYS:
                raw = day + delta
                end = roll(raw)
            elif kind == _WORKING:
                raw = end = calendar.add_working_days(day, amount)
            elif kind == _HOURS:
                # A date start reaches here only for "immediately" (hourly clocks refuse it).
                raw = end = day if instant is None else instant + delta
            elif kind == _FURTHER_MONTHS:
                # GDPR Art. 12(3): "two further months" after the first; at month ends the
                # two readings differ (31 Oct: 30 Jan vs 31 Jan), so the earlier one is used.
                raw = shift_months(day, amount + 1)
                if day.day > 28:  # only then can the two readings differ
                    raw = min(raw, shift_months(shift_months(day, 1), amount))
                end = roll(raw)
            elif kind == _BACK_DAYS:
                raw = end = day - delta
            elif kind == _BACK_MONTHS:
                raw = end = shift_months(day, -amount)
            else:  # without undue delay
                raw = end = None
            variant = _new_variant(Variant, (rule_length, rule_citation, source, raw, end))
            variants.append(variant)
            if (
                counts
                and end is not None
                and (best_due is None or (_later(best_due, end) if mixed else best_due > end))
            ):
                best, best_due = variant, end
        findings = self.findings
        outer_limit: Moment | None = None
        if self.limit is not None:
            limit = variants[self._primary_count]
            limit_due = limit[4]
            if best is None or best_due is None:
                outer_limit = limit_due
            elif limit_due is not None and (
                _later(best_due, limit_due) if mixed else best_due > limit_due
            ):
                findings = findings + (_beyond_law(definition, best, limit),)
                best, best_due = limit, limit_due

        note: str | None = None
        length: Length | None
        if best is None:
            due: Moment | None = None
            rolled_from = None
            length = None
            citations = tuple(v.citation for v in variants if v.source is Source.organisation)
            note = self._no_date_note(citations)
            citations = citations or (definition.default_citation,)
        else:
            due = best_due
            raw = best[3]
            rolled_from = raw if raw != due and not isinstance(raw, dt.datetime) else None
            length = best[0]
            cited = []  # a loop, not a comprehension: Python 3.11 gives those their own frame
            for variant in variants:
                if variant[4] == due:
                    cited.append(variant[1])
            citations = tuple(cited)
        if events and definition.end_events and due is not None:
            for event, citation in definition.end_events:
                moment = events.get(event)
                if moment is None:
                    continue
                if isinstance(due, dt.datetime):
                    earlier = _later(due, moment)
                else:
                    event_day = local_date(moment) if isinstance(moment, dt.datetime) else moment
                    earlier = event_day < due
                    moment = event_day
                if earlier:
                    due, rolled_from, length, citations = moment, None, None, (citation,)
                    note = f"{event.replace('_', ' ')} comes before the period ends"
        return _new_deadline(
            Deadline,
            (
                definition.name,
                self.subject_type,
                start,
                due,
                rolled_from,
                length,
                citations,
                tuple(variants),
                outer_limit,
                findings,
                note,
            ),
        )

    def _no_date_note(self, citations: tuple[str, ...]) -> str:
        if not self.primary:
            return (
                f"no period: neither the law nor the organisation's documents set one "
                f"({self.definition.default_citation})"
            )
        note = "without undue delay: no fixed date"
        if self.limit is not None:
            note += f"; the law's outer limit is {self.limit.length} ({self.limit.citation})"
        return note


def deadline_after(
    start: Moment, length: Length, calendar: LithuanianCalendar = LT_CALENDAR
) -> tuple[Moment, dt.date | None]:
    """``start`` plus a bare ``length`` as a legal deadline: (due, the raw day if it rolled).

    Periods in days, months and years are counted from the start's date in Vilnius and roll
    to a working day (Reg. 1182/71 Art. 3(4)); periods in hours are elapsed time.
    """
    if length.unit in _HOURLY:
        if not isinstance(start, dt.datetime):
            raise ValueError(
                f"{length} counts hours: the start needs a time with a UTC offset, "
                "e.g. 2026-10-23T11:20:00Z"
            )
        return add_hour_length(start, length), None
    day = local_date(start) if isinstance(start, dt.datetime) else start
    raw = add_date_length(day, length, calendar)
    due = calendar.roll_forward(raw)
    return due, (raw if due != raw else None)


def resolve_clock(
    name: str,
    clocks: Mapping[str, Sequence[ClockRule]],
    subject_type: SubjectType | None = None,
) -> ResolvedClock:
    """The clock ``name`` with an organisation's ``clocks:`` rules (raises on an unknown name)."""
    definition = clock_definition(name)
    return ResolvedClock(definition, clocks.get(name, ()), subject_type)


# -- findings ----------------------------------------------------------------------------------


def _static_findings(definition: ClockDefinition, own: Sequence[ClockRule]) -> list[Finding]:
    findings: list[Finding] = []
    cited = "; ".join(rule.citation for rule in own) or None
    lengths = list(dict.fromkeys(rule.length for rule in own))
    law = definition.legal_limit
    units = {length.unit for length in lengths}
    days_for_months = law is not None and law.unit is Unit.months and Unit.calendar_days in units
    if len(lengths) > 1 or days_for_months:
        listed = ", ".join(f"{rule.length} ({rule.citation})" for rule in own)
        explanation = f"The organisation's documents set {listed} for {definition.name}"
        if law is not None:
            explanation += f", where the law sets {law} ({definition.limit_citation})"
        explanation += ". Tvarka computes each for every start date and applies the earliest."
        if days_for_months:
            explanation += (
                " A period in calendar days is not a period in months (Reg. 1182/71 "
                "Art. 3(2)(c)): 30 days is shorter than a 31-day month and longer than a month "
                "across February (31 January + 30 days = 2 March; + 1 month = 28/29 February)."
            )
        findings.append(
            Finding(
                code=definition.conflict_code,
                severity=Severity.warning,
                title=f"{definition.title}: the documents and the law measure it differently",
                explanation=explanation,
                legal_reference=_legal_reference(definition),
                citation=cited,
            )
        )
    if definition.name == "dm.optout" and any(rule.length.is_fixed for rule in own):
        findings.append(
            Finding(
                code="DM-OPTOUT-GRACE",
                severity=Severity.warning,
                title="Direct marketing may continue for a period after an objection",
                explanation=(
                    "Once a person objects, their data may no longer be processed for direct "
                    "marketing (GDPR Art. 21(3)); the documents allow "
                    + ", ".join(str(rule.length) for rule in own if rule.length.is_fixed)
                    + ". Tvarka keeps that period only as the deadline for completing the "
                    "opt-out everywhere; new sends must be suppressed at once."
                ),
                legal_reference="GDPR Art. 21(2)–(3); ERĮ Art. 81",
                citation=cited,
            )
        )
    if definition.name == "breach.commission_conclusion" and own:
        findings.append(
            Finding(
                code="BREACH-COMMISSION-PERIOD",
                severity=Severity.warning,
                title="A breach investigation period longer than the notification deadlines",
                explanation=(
                    "The commission's conclusion may take "
                    + ", ".join(str(rule.length) for rule in own)
                    + "; the controller must still notify the authority within 72 hours of "
                    "awareness, and a processor its controller without undue delay. The "
                    "investigation must not hold back either notice."
                ),
                legal_reference="GDPR Art. 33(1)–(2)",
                citation=cited,
            )
        )
    return findings


def _legal_reference(definition: ClockDefinition) -> str:
    reference = definition.limit_citation or definition.default_citation
    return f"{reference}; Reg. 1182/71 Art. 3(2)(c), 3(4)"


def _beyond_law(definition: ClockDefinition, own: Variant, limit: Variant) -> Finding:
    return Finding(
        code="CLOCK-BEYOND-LAW",
        severity=Severity.violation,
        title=f"{definition.title}: the organisation's period ends later than the law allows",
        explanation=(
            f"{own.length} ({own.citation}) ends on {own.due}, but the law's limit of "
            f"{limit.length} ends on {limit.due}; Tvarka applies the law's limit."
        ),
        legal_reference=_legal_reference(definition),
        citation=own.citation,
    )


# -- the list of clocks ------------------------------------------------------------------------


class RuleSummary(NamedTuple):
    length: Length
    citation: str
    source: Source
    subject_type: SubjectType | None
    roll: RollRule


class ClockSummary(NamedTuple):
    """One clock as an organisation runs it: its own rules, else the law's default."""

    name: str
    title: str
    start_event: str
    rules: tuple[RuleSummary, ...]  # the organisation's rules, or the law's default
    default: Length | None
    default_citation: str
    legal_limit: Length | None
    limit_citation: str | None
    pausable: bool
    per_subject_type: bool
    extended_by: str | None
    findings: tuple[Finding, ...]


def summarise_clocks(clocks: Mapping[str, Sequence[ClockRule]]) -> list[ClockSummary]:
    """Every clock in the catalogue with the rules an organisation's profile sets for it."""
    summaries: list[ClockSummary] = []
    for definition in CATALOGUE.values():
        own = clocks.get(definition.name, ())
        rules = tuple(
            RuleSummary(
                rule.length,
                rule.citation,
                Source.organisation,
                rule.subject_type,
                roll_rule(definition, rule.length),
            )
            for rule in own
        )
        if not rules and definition.default is not None:
            rules = (
                RuleSummary(
                    definition.default,
                    definition.default_citation,
                    Source.law,
                    None,
                    roll_rule(definition, definition.default),
                ),
            )
        subject_types: Sequence[SubjectType | None] = (
            list(SubjectType) if definition.per_subject_type else [None]
        )
        findings: dict[tuple[str, str | None], Finding] = {}
        for subject_type in subject_types:
            for finding in _static_findings(definition, _rules_for(definition, own, subject_type)):
                findings.setdefault((finding.code, finding.citation), finding)
        summaries.append(
            ClockSummary(
                definition.name,
                definition.title,
                definition.start_event,
                rules,
                definition.default,
                definition.default_citation,
                definition.legal_limit,
                definition.limit_citation,
                definition.pausable,
                definition.per_subject_type,
                definition.extended_by,
                tuple(findings.values()),
            )
        )
    return summaries

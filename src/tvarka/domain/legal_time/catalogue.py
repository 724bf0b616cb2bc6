"""The named clocks: every deadline the five organisations' documents set, with the law's default.

Each clock has the GDPR or Lithuanian default that applies where an organisation's documents
are silent (``default``; ``None`` where the law sets no period at all), the citation of that
default, and the outer limit the law puts on the organisation's own value (``legal_limit``): an
organisation may promise to be faster than the law, never slower, so where its rule would end
later than the limit, the limit applies and a finding says so. The catalogue is also the list
of valid clock names a profile may use.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from tvarka.domain.legal_time.lengths import Length, Unit
from tvarka.domain.profile import ClockRule


class Direction(StrEnum):
    after = "after"  # the period runs from the start event forward
    before = "before"  # the period ends at the start event ("at least 30 days before")


@dataclass(frozen=True)
class ClockDefinition:
    name: str
    title: str
    start_event: str
    default: Length | None  # the law's period; None: the law sets none
    default_citation: str
    legal_limit: Length | None = None  # no organisation rule may end later than this
    limit_citation: str | None = None
    pausable: bool = False  # waiting for identity or clarification stops the clock (EDPB §159)
    per_subject_type: bool = False
    direction: Direction = Direction.after
    extended_by: str | None = None  # the clock that gives the extended due date
    # For dsr.response.extended: the law's length counts from the initial one-month deadline
    # (and never beyond three months from receipt); the organisations' rules count from receipt.
    law_counts_from_initial_month: bool = False
    end_events: tuple[tuple[str, str], ...] = ()  # (event, citation): ends the period earlier
    conflict_code: str = "CLOCK-RULES-CONFLICT"


_MONTH = Length(1, Unit.months)
_UNDUE = Length(0, Unit.without_undue_delay)


def _dsr(name: str, title: str, article: str) -> ClockDefinition:
    return ClockDefinition(
        name=name,
        title=title,
        start_event="receipt of the request through any official channel",
        default=_MONTH,
        default_citation=f"GDPR Art. 12(3), {article}; Reg. 1182/71 Art. 3",
        legal_limit=_MONTH,
        limit_citation="GDPR Art. 12(3)",
        pausable=True,
        per_subject_type=True,
    )


CATALOGUE: dict[str, ClockDefinition] = {
    clock.name: clock
    for clock in (
        replace(
            _dsr("dsr.response", "Answer a data-subject request", "Art. 15–22"),
            extended_by="dsr.response.extended",
            conflict_code="DSR-30-DAYS",
        ),
        ClockDefinition(
            name="dsr.response.extended",
            title="Answer a data-subject request after an extension",
            start_event="receipt of the request through any official channel",
            default=Length(2, Unit.months),
            default_citation="GDPR Art. 12(3) (two further months; at most 3 months from receipt)",
            legal_limit=Length(2, Unit.months),
            limit_citation="GDPR Art. 12(3)",
            pausable=True,
            per_subject_type=True,
            law_counts_from_initial_month=True,
            conflict_code="DSR-60-DAYS",
        ),
        ClockDefinition(
            name="dsr.invalid_notice",
            title="Tell the person a request will not be examined, and why",
            start_event="receipt of the request through any official channel",
            default=_MONTH,
            default_citation="GDPR Art. 12(4)",
            legal_limit=_MONTH,
            limit_citation="GDPR Art. 12(4)",
            per_subject_type=True,
        ),
        _dsr("dsr.rectification", "Rectify personal data on request", "Art. 16"),
        _dsr("dsr.restriction", "Restrict (suspend) processing on request", "Art. 18"),
        _dsr("dsr.erasure", "Erase personal data on request", "Art. 17"),
        ClockDefinition(
            name="art14.notice",
            title="Inform the person when data were not obtained from them",
            start_event="obtaining the personal data",
            default=_MONTH,
            default_citation="GDPR Art. 14(3)(a)",
            legal_limit=_MONTH,
            limit_citation="GDPR Art. 14(3)(a)",
            end_events=(
                ("first_contact", "GDPR Art. 14(3)(b)"),
                ("first_disclosure", "GDPR Art. 14(3)(c)"),
            ),
        ),
        ClockDefinition(
            name="inquiry.response",
            title="Answer a written inquiry or complaint about the privacy policy",
            start_event="receipt of the inquiry",
            default=None,
            default_citation=(
                "no period in law for a general inquiry; a request under GDPR Art. 15–22 "
                "runs on dsr.response"
            ),
        ),
        ClockDefinition(
            name="dm.optout",
            title="Stop direct marketing after an opt-out or objection",
            start_event="receipt of the opt-out or objection",
            default=_UNDUE,
            default_citation="GDPR Art. 21(3) (processing for direct marketing stops on objection)",
            legal_limit=_MONTH,
            limit_citation="GDPR Art. 12(3)",
            conflict_code="DM-OPTOUT-CONFLICT",
        ),
        ClockDefinition(
            name="processor.end_deletion",
            title="Delete (or return) the controller's data after the contract ends",
            start_event="end or termination of the processing contract",
            default=None,
            default_citation="GDPR Art. 28(3)(g) (sets no period)",
        ),
        ClockDefinition(
            name="breach.internal_report",
            title="Report a possible breach inside the organisation",
            start_event="an employee notices a possible breach",
            default=Length(0, Unit.immediately),
            default_citation="GDPR Art. 33(1) read with WP250 rev.01 (awareness starts 72 h)",
        ),
        ClockDefinition(
            name="breach.register_entry",
            title="Enter the breach in the breach register",
            start_event="awareness of the breach",
            default=None,
            default_citation="GDPR Art. 33(5) (every breach is documented; no period)",
        ),
        ClockDefinition(
            name="breach.authority",
            title="Notify the supervisory authority (VDAI) of a breach",
            start_event="awareness of the breach (reasonable certainty)",
            default=Length(72, Unit.hours),
            default_citation="GDPR Art. 33(1)",
            legal_limit=Length(72, Unit.hours),
            limit_citation="GDPR Art. 33(1)",
        ),
        ClockDefinition(
            name="breach.data_subjects",
            title="Tell the people affected by a high-risk breach",
            start_event="awareness of the breach",
            default=_UNDUE,
            default_citation="GDPR Art. 34(1)",
        ),
        ClockDefinition(
            name="breach.commission_conclusion",
            title="Breach commission's conclusion",
            start_event="a possible breach is established",
            default=None,
            default_citation="no period in law (internal investigation)",
        ),
        ClockDefinition(
            name="rules.review",
            title="Review the data-protection rules and the register of processing",
            start_event="the last review or approval of the rules",
            default=None,
            default_citation="GDPR Art. 24(1) (reviewed and updated where necessary; no period)",
        ),
        ClockDefinition(
            name="candidate.rules_change_notice",
            title="Tell candidates of a change to the recruitment rules",
            start_event="the day the change takes effect",
            default=None,
            default_citation="no period in law",
            direction=Direction.before,
        ),
    )
}


def clock_definition(name: str) -> ClockDefinition:
    """The clock called ``name``, or a ValueError naming the closest valid names."""
    try:
        return CATALOGUE[name]
    except KeyError:
        close = difflib.get_close_matches(name, CATALOGUE, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(f"unknown clock {name!r}{hint}") from None


_BACKWARD_UNITS = (Unit.calendar_days, Unit.months, Unit.years)


@dataclass(frozen=True)
class ClockRuleError:
    """A fault in a profile's ``clocks:`` section, located for the profile loader."""

    clock: str
    index: int | None  # the rule's position, or None for the clock as a whole
    message: str

    @property
    def location(self) -> tuple[str | int, ...]:
        """Where in the profile, as a validation error's ``loc``."""
        return ("clocks", self.clock) if self.index is None else ("clocks", self.clock, self.index)

    def __str__(self) -> str:
        where = f"clocks.{self.clock}" + ("" if self.index is None else f"[{self.index}]")
        return f"{where}: {self.message}"


def validate_clock_rules(clocks: Mapping[str, Sequence[ClockRule]]) -> list[ClockRuleError]:
    """Faults in a profile's ``clocks:`` section, each naming the clock; empty if it is sound."""
    errors: list[ClockRuleError] = []
    for name, rules in clocks.items():
        if name not in CATALOGUE:
            try:
                clock_definition(name)
            except ValueError as error:
                errors.append(ClockRuleError(name, None, str(error)))
            continue
        definition = CATALOGUE[name]
        if not rules:
            errors.append(
                ClockRuleError(name, None, "lists no rule; leave the clock out to use the law")
            )
        for position, rule in enumerate(rules):
            length = rule.length
            numbered = length.unit not in (
                Unit.immediately,
                Unit.without_undue_delay,
                Unit.next_business_day,
            )
            if numbered and length.amount <= 0:
                errors.append(
                    ClockRuleError(name, position, f"length {length} must be greater than zero")
                )
            if rule.subject_type is not None and not definition.per_subject_type:
                errors.append(
                    ClockRuleError(name, position, f"clock {name} does not vary by subject type")
                )
            if definition.direction is Direction.before and length.unit not in _BACKWARD_UNITS:
                errors.append(
                    ClockRuleError(
                        name,
                        position,
                        f"clock {name} counts back from a date; use calendar days, "
                        f"months or years, not {length.unit.value}",
                    )
                )
    return errors

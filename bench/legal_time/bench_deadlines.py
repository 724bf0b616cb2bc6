"""Time date-clock deadline computations on one core.

Each computation is a full ``ResolvedClock.compute``: every rule the organisation sets, the
law's limit, rolling to a Lithuanian working day, and the result with its variants and
findings. Start dates vary over 2024–2031 (never the same input twice in a row), so nothing
is answered from a cache of earlier results; the only precomputation is the calendar's
working-day table and each organisation's resolved rules, as in the running service.

    .venv/bin/python bench/legal_time/bench_deadlines.py [--count 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time

from tvarka.domain.legal_time.deadlines import ResolvedClock, resolve_clock
from tvarka.domain.profile import ClockRule, SubjectType


def rule(length: str, citation: str, subject_type: SubjectType | None = None) -> ClockRule:
    return ClockRule(length=length, citation=citation, subject_type=subject_type)


# Delano's and Kitoks's rules as their documents set them (requirements.md §3).
DELANO = {
    "dsr.response": [rule("1 month", "003 D-DSR 12.1"), rule("30 calendar days", "003 D-POL 6.3")],
    "dsr.response.extended": [rule("60 calendar days", "003 D-POL 6.3")],
    "dsr.invalid_notice": [rule("5 working days", "003 D-DSR 12.3")],
    "dsr.rectification": [rule("3 working days", "003 D-EMP2 9.6", SubjectType.employee)],
}

CASES: list[tuple[str, ResolvedClock]] = [
    ("dsr.response, law (1 month)", resolve_clock("dsr.response", {})),
    ("dsr.response, Delano (1 month + 30 days + law)", resolve_clock("dsr.response", DELANO)),
    ("dsr.response.extended, law", resolve_clock("dsr.response.extended", {})),
    (
        "dsr.response.extended, Delano (60 days + law)",
        resolve_clock("dsr.response.extended", DELANO),
    ),
    (
        "dsr.invalid_notice, Delano (5 working days + law)",
        resolve_clock("dsr.invalid_notice", DELANO),
    ),
    (
        "dsr.rectification, Delano employee (3 working days + law)",
        resolve_clock("dsr.rectification", DELANO, SubjectType.employee),
    ),
]


def starts(count: int) -> list[dt.date]:
    """``count`` start dates walking through 2024–2031 with a stride coprime to its length."""
    first = dt.date(2024, 1, 1).toordinal()
    span = dt.date(2031, 12, 31).toordinal() - first + 1
    return [dt.date.fromordinal(first + (i * 7919) % span) for i in range(count)]


def run(clock: ResolvedClock, days: list[dt.date]) -> tuple[float, float]:
    """Wall-clock and CPU seconds; on a shared machine the CPU time is the fair figure."""
    compute = clock.compute
    gc.disable()
    wall, cpu = time.perf_counter(), time.process_time()
    for day in days:
        compute(day)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    gc.enable()
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="computations in total")
    args = parser.parse_args()
    per_case = args.count // len(CASES)
    days = starts(per_case)
    for _, clock in CASES:  # build the calendar tables for the span before timing
        clock.compute(days[0])
    total_wall = total_cpu = 0.0
    print(
        f"{'clock':58} {'count':>9} {'wall s':>7} {'CPU s':>7} {'/s (wall)':>10} {'/s (CPU)':>10}"
    )
    for label, clock in CASES:
        wall, cpu = run(clock, days)
        total_wall, total_cpu = total_wall + wall, total_cpu + cpu
        print(
            f"{label:58} {per_case:>9,} {wall:>7.2f} {cpu:>7.2f} "
            f"{per_case / wall:>10,.0f} {per_case / cpu:>10,.0f}"
        )
    total = per_case * len(CASES)
    print(
        f"{'all':58} {total:>9,} {total_wall:>7.2f} {total_cpu:>7.2f} "
        f"{total / total_wall:>10,.0f} {total / total_cpu:>10,.0f}"
    )


if __name__ == "__main__":
    main()

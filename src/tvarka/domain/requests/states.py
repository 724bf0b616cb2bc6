"""The request's life: which state may follow which, so no step can skip the law's order.

received → awaiting identity (clock paused) → in progress → extended → decided →
answered / refused; from intake also not examined (formally invalid, or an unverified
identity where the organisation refuses to examine), refused (a channel the organisation
does not examine) and forwarded (processor mode: the controller answers).
"""

from __future__ import annotations

from tvarka.domain.requests.terms import Status

TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.received: frozenset(
        {Status.awaiting_identity, Status.in_progress, Status.not_examined, Status.refused,
         Status.forwarded}
    ),
    Status.awaiting_identity: frozenset(
        {Status.in_progress, Status.not_examined, Status.refused}
    ),
    Status.in_progress: frozenset({Status.extended, Status.decided, Status.not_examined}),
    Status.extended: frozenset({Status.decided}),
    Status.decided: frozenset({Status.answered, Status.refused}),
    Status.answered: frozenset(),
    Status.refused: frozenset(),
    Status.not_examined: frozenset(),
    Status.forwarded: frozenset(),
}


class TransitionRefused(ValueError):
    """A step that the request's current state does not allow."""


def check_transition(current: Status, target: Status) -> None:
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current])) or "none (closed)"
        raise TransitionRefused(
            f"a request that is {current.value} cannot become {target.value}; "
            f"next steps: {allowed}"
        )


def is_closed(status: Status) -> bool:
    return not TRANSITIONS[status]

"""Use cases of the register of processing activities: read, change, review, check, export.

Every change is validated by the domain first, then written with one audit event in the same
transaction; a refused change writes nothing. Another organisation's register looks like a
missing one (404), like every other object of an organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from tvarka.adapters.db import register_store
from tvarka.adapters.db.tables import Organisation
from tvarka.adapters.db.uow import UnitOfWork
from tvarka.adapters.exports import ExportFormat, RecordKind, export_register
from tvarka.adapters.exports.labels import Lang
from tvarka.adapters.register_files import BUNDLED, load_bundled, load_bundled_extras
from tvarka.domain.findings import Finding
from tvarka.domain.register import editing
from tvarka.domain.register.findings import check
from tvarka.domain.register.model import Activity, Register, ReviewRule
from tvarka.domain.register.profile_facts import facts_from_profile
from tvarka.domain.register.review import review_due
from tvarka.domain.roles import Permission
from tvarka.services.actor import Actor
from tvarka.services.errors import Conflict, Invalid, NotFound
from tvarka.services.organisations import access as organisations

OBJECT_TYPE = "processing_activity"


def seed_bundled(uow: UnitOfWork, org: Organisation, actor: Actor) -> bool:
    """Give a newly loaded seed organisation its bundled register; never overwrite edits.

    Runs inside the caller's transaction (organisation loading), so the organisation and its
    register appear together or not at all.
    """
    if org.key not in BUNDLED:
        return False
    uow.session.flush()
    if register_store.exists(uow.session, org.id):
        return False
    register = load_bundled(org.key)
    register_store.create(uow.session, org.id, register, f"bundled:registers/{org.key}.yaml")
    uow.audit(
        chain=org.key,
        actor=actor.label,
        action="register.seeded",
        object_type="register",
        object_id=org.key,
        after=register.model_dump(mode="json", exclude_none=True),
    )
    return True


def _register(uow: UnitOfWork, org: Organisation) -> Register:
    with uow:
        register = register_store.load(uow.session, org.id)
    if register is None:
        raise NotFound(f"organisation {org.key!r} has no register yet", field="key")
    return register


def read(uow: UnitOfWork, actor: Actor, key: str) -> Register:
    return _register(uow, organisations.get(uow, actor, key))


def activity(uow: UnitOfWork, actor: Actor, key: str, activity_key: str) -> Activity:
    register = read(uow, actor, key)
    try:
        return editing.find_activity(register, activity_key)
    except editing.ActivityNotFound as error:
        raise NotFound(str(error), field="activity") from None


def _invalid(error: editing.InvalidActivity) -> Invalid:
    first = error.errors[0] if error.errors else {"loc": (), "msg": str(error)}
    field = ".".join(str(p) for p in first["loc"]) or None
    value = f" (got {first['input']!r})" if first.get("input") is not None else ""
    return Invalid(f"{field}: {first['msg']}{value}" if field else str(error), field=field)


def _write(
    uow: UnitOfWork,
    actor: Actor,
    key: str,
    change: Any,
) -> Activity | None:
    """Apply ``change(register) -> (new register, activity key, action)`` in one transaction."""
    org = organisations.get(uow, actor, key, Permission.edit_register)
    with uow:
        register = register_store.load(uow.session, org.id)
        if register is None:
            raise NotFound(f"organisation {org.key!r} has no register yet", field="key")
        try:
            changed, activity_key, action = change(register)
        except editing.InvalidActivity as error:
            raise _invalid(error) from None
        except editing.ActivityExists as error:
            raise Conflict(str(error), field="key") from None
        except editing.ActivityNotFound as error:
            raise NotFound(str(error), field="activity") from None
        before = _find(register, activity_key)
        after = _find(changed, activity_key)
        if after is None:
            register_store.delete_activity(uow.session, org.id, activity_key)
        elif before is None:
            register_store.insert_activity(uow.session, org.id, after)
        else:
            register_store.replace_activity(uow.session, org.id, after)
        uow.audit(
            chain=org.key,
            actor=actor.label,
            action=f"register.activity.{action}",
            object_type=OBJECT_TYPE,
            object_id=f"{org.key}/{activity_key}",
            before=before.model_dump(mode="json", exclude_none=True) if before else None,
            after=after.model_dump(mode="json", exclude_none=True) if after else None,
        )
        try:
            uow.commit()
        except IntegrityError:  # a concurrent request created the same key first
            raise Conflict(
                f"activity {activity_key!r} was changed meanwhile; reload", field="key"
            ) from None
    return after


def _find(register: Register, key: str) -> Activity | None:
    return next((a for a in register.activities if a.key == key), None)


def create_activity(uow: UnitOfWork, actor: Actor, key: str, data: dict[str, Any]) -> Activity:
    def change(register: Register) -> tuple[Register, str, str]:
        new = editing.add_activity(register, data)
        return new, new.activities[-1].key, "created"

    created = _write(uow, actor, key, change)
    assert created is not None
    return created


def change_activity(
    uow: UnitOfWork, actor: Actor, key: str, activity_key: str, patch: dict[str, Any]
) -> Activity:
    def change(register: Register) -> tuple[Register, str, str]:
        return editing.change_activity(register, activity_key, patch), activity_key, "changed"

    changed = _write(uow, actor, key, change)
    assert changed is not None
    return changed


def delete_activity(uow: UnitOfWork, actor: Actor, key: str, activity_key: str) -> None:
    def change(register: Register) -> tuple[Register, str, str]:
        return editing.remove_activity(register, activity_key), activity_key, "deleted"

    _write(uow, actor, key, change)


# --- review ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewStatus:
    every: str | None  # the organisation's rule, e.g. "2 years"; None: it sets none
    citation: str | None
    last_reviewed: date | None
    due: date | None  # None with a rule: never reviewed in Tvarka, so due now
    overdue: bool


def review_rule(register: Register, org: Organisation) -> ReviewRule | None:
    """The register's own review rule, else the profile's ``rules.review`` clock."""
    if register.review is not None:
        return register.review
    for rule in organisations.profile_of(org).clocks.get("rules.review", []):
        return ReviewRule(every=rule.length, citation=rule.citation)
    return None


def review_status(uow: UnitOfWork, actor: Actor, key: str, today: date) -> ReviewStatus:
    org = organisations.get(uow, actor, key)
    rule = review_rule(_register(uow, org), org)
    if rule is None:
        return ReviewStatus(None, None, None, None, False)
    due = review_due(rule)
    return ReviewStatus(
        str(rule.every), rule.citation, rule.last_reviewed, due, due is None or due <= today
    )


def record_review(
    uow: UnitOfWork, actor: Actor, key: str, reviewed_on: date, today: date
) -> ReviewStatus:
    if reviewed_on > today:
        raise Invalid(f"reviewed_on: {reviewed_on} is in the future", field="reviewed_on")
    org = organisations.get(uow, actor, key, Permission.edit_register)
    with uow:
        register = register_store.load(uow.session, org.id)
        if register is None:
            raise NotFound(f"organisation {org.key!r} has no register yet", field="key")
        rule = review_rule(register, org)
        if rule is None:
            raise Invalid("the organisation sets no review period", field="reviewed_on")
        updated = register.model_copy(
            update={"review": rule.model_copy(update={"last_reviewed": reviewed_on})}
        )
        register_store.replace_header(uow.session, org.id, updated)
        uow.audit(
            chain=org.key,
            actor=actor.label,
            action="register.reviewed",
            object_type="register",
            object_id=org.key,
            before={"last_reviewed": str(rule.last_reviewed) if rule.last_reviewed else None},
            after={"last_reviewed": str(reviewed_on)},
        )
        uow.commit()
    return review_status(uow, actor, key, today)


# --- findings and exports -------------------------------------------------------------------


def findings(uow: UnitOfWork, actor: Actor, key: str, as_of: date) -> list[Finding]:
    org = organisations.get(uow, actor, key)
    register = _register(uow, org)
    rule = review_rule(register, org)
    if rule is not None and register.review is None:
        register = register.model_copy(update={"review": rule})
    extras = load_bundled_extras(org.key) if org.key in BUNDLED else None
    try:
        facts = facts_from_profile(organisations.profile_of(org), extras)
    except ValidationError as error:  # a profile edited outside Tvarka
        raise Invalid(f"the profile cannot be read for findings: {error}") from None
    return check(register, facts, as_of)


def export(
    uow: UnitOfWork,
    actor: Actor,
    key: str,
    fmt: ExportFormat,
    lang: Lang,
    record: RecordKind | None,
    today: date,
) -> bytes:
    return export_register(read(uow, actor, key), fmt, lang, record, today)

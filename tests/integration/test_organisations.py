"""Loading organisations into the database: all or nothing, audited, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tvarka.adapters.profile_files import BUNDLED, ProfilesRefused, read_profiles
from tvarka.runtime import Runtime
from tvarka.services import audit
from tvarka.services.actor import SYSTEM, operator
from tvarka.services.organisations import access as organisations


def test_bundled_profiles_load_with_an_audit_event_each(loaded: Runtime) -> None:
    orgs = organisations.list_visible(loaded.uow(), operator())
    assert [o.key for o in orgs] == ["delano", "it-sales", "kitoks-miestas", "tiens", "vivasend"]
    results = {r.chain: r for r in audit.verify(loaded.uow())}
    # one event for the organisation, one for its bundled register of processing
    assert all(results[o.key].ok and results[o.key].events == 2 for o in orgs)


def test_loading_again_changes_nothing(loaded: Runtime) -> None:
    again = organisations.load_profiles(loaded.uow(), read_profiles(), SYSTEM)
    assert {r.outcome for r in again} == {"unchanged"}
    assert all(r.events == 2 for r in audit.verify(loaded.uow()) if r.chain != "platform")


def test_a_changed_profile_updates_and_is_audited(loaded: Runtime, tmp_path: Path) -> None:
    data = yaml.safe_load((BUNDLED / "tiens.yaml").read_text(encoding="utf-8"))
    data["legal_name"]["note"] = "edited for the test"
    (tmp_path / "tiens.yaml").write_text(yaml.safe_dump(data, allow_unicode=True))
    results = organisations.load_profiles(loaded.uow(), read_profiles(tmp_path), SYSTEM)
    assert [r.outcome for r in results] == ["updated"]
    (tiens,) = audit.verify(loaded.uow(), "tiens")
    assert tiens.ok and tiens.events == 3  # created, register seeded, updated


def test_visibility_follows_membership(loaded: Runtime) -> None:
    from tvarka.domain.roles import OrgRole
    from tvarka.services.actor import Actor

    actor = Actor(label="user:1", user_id=1, roles={"delano": OrgRole.viewer})
    assert [o.key for o in organisations.list_visible(loaded.uow(), actor)] == ["delano"]
    with pytest.raises(Exception) as missing:
        organisations.get(loaded.uow(), actor, "tiens")
    assert type(missing.value).__name__ == "NotFound"


def test_refused_batch_writes_nothing(runtime: Runtime, tmp_path: Path) -> None:
    (tmp_path / "delano.yaml").write_text((BUNDLED / "delano.yaml").read_text(encoding="utf-8"))
    (tmp_path / "tiens.yaml").write_text("key: tiens\n")
    with pytest.raises(ProfilesRefused):
        organisations.load_profiles(runtime.uow(), read_profiles(tmp_path), SYSTEM)
    assert organisations.list_visible(runtime.uow(), operator()) == []

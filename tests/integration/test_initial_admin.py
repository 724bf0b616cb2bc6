"""The first start's platform admin: its one-time password is on disk before the account
exists, readable by the owner only, even when the data folder does not exist yet."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tvarka.cli.server import INITIAL_ADMIN, _initial_admin
from tvarka.config import Config
from tvarka.runtime import Runtime
from tvarka.services.auth import login as auth


@pytest.fixture
def fresh(database_url: str, tmp_path: Path) -> Iterator[Runtime]:
    rt = Runtime(Config(database_url, tmp_path / "new" / "data", "test", 1_000_000))
    yield rt
    rt.engine.dispose()


def test_the_password_file_is_written_even_into_a_folder_that_does_not_exist(
        fresh: Runtime) -> None:
    written = _initial_admin(fresh)
    assert written is not None
    path = Path(written)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    user = auth.login(fresh.uow(), INITIAL_ADMIN, path.read_text().strip())
    assert user.email == INITIAL_ADMIN
    assert _initial_admin(fresh) is None  # once: a restart keeps the account and the file
    assert path.exists()


def test_no_account_is_left_without_its_password(
        fresh: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    from tvarka.services.auth import users

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(users, "add_user", refuse)
    with pytest.raises(RuntimeError):
        _initial_admin(fresh)
    assert not (fresh.config.data_dir / "initial-admin-password").exists()
    assert auth.find_user(fresh.uow(), INITIAL_ADMIN) is None

import base64
import secrets

import pytest
from cryptography.exceptions import InvalidTag

from tvarka.adapters.crypto import DataKey, DataKeyError


def key() -> DataKey:
    return DataKey(secrets.token_bytes(32))


def test_round_trip_and_no_plaintext_in_ciphertext() -> None:
    k = key()
    token = k.encrypt_text("jonas@example.com", "requesters:1:email")
    assert b"jonas" not in token
    assert k.decrypt_text(token, "requesters:1:email") == "jonas@example.com"


def test_ciphertext_is_bound_to_its_context() -> None:
    k = key()
    token = k.encrypt_text("x", "requesters:1:email")
    with pytest.raises(InvalidTag):
        k.decrypt_text(token, "requesters:2:email")


def test_lookup_hash_is_keyed_and_normalised() -> None:
    k, other = key(), key()
    assert k.lookup_hash("email", " A@Example.com ") == k.lookup_hash("email", "a@example.com")
    assert k.lookup_hash("email", "a@example.com") != other.lookup_hash("email", "a@example.com")
    assert k.lookup_hash("email", "x") != k.lookup_hash("phone", "x")


def test_key_file_is_created_once_with_owner_only_access(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("TVARKA_DATA_KEY", raising=False)
    first = DataKey.load(tmp_path)
    assert (tmp_path / "data.key").stat().st_mode & 0o777 == 0o600
    assert DataKey.load(tmp_path) == first


def test_malformed_key_is_refused(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TVARKA_DATA_KEY", base64.urlsafe_b64encode(b"short").decode())
    with pytest.raises(DataKeyError, match="32 bytes"):
        DataKey.load(tmp_path)

"""Packages at rest are encrypted; download links expire.

AES-256-GCM from ``cryptography`` with a key the caller supplies (Tvarka keeps it in a file
outside its database, so a copy of the database alone does not open the packages). The
package id is bound in as associated data: a sealed file renamed to another request's id
does not open. Links carry the package id signed with a timestamp (itsdangerous) and are
refused after ``max_age`` seconds.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

MAGIC = b"TVKP1"
NONCE = 12


class PackageUnreadable(ValueError):
    """Wrong key, wrong package id, or a damaged file."""


class LinkRefused(ValueError):
    """An expired or forged download link."""


def seal(plain: bytes, key: bytes, package_id: str) -> bytes:
    if len(key) != 32:
        raise ValueError("the package key must be 32 bytes (AES-256)")
    nonce = os.urandom(NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, plain, package_id.encode())


def unseal(sealed: bytes, key: bytes, package_id: str) -> bytes:
    if not sealed.startswith(MAGIC):
        raise PackageUnreadable("not a sealed Tvarka package")
    nonce = sealed[len(MAGIC) : len(MAGIC) + NONCE]
    try:
        return AESGCM(key).decrypt(nonce, sealed[len(MAGIC) + NONCE :], package_id.encode())
    except InvalidTag as error:
        raise PackageUnreadable("wrong key or package id, or the file was changed") from error


def _signer(secret: str | bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="tvarka.access-package")


def link_token(secret: str | bytes, package_id: str) -> str:
    return _signer(secret).dumps(package_id)


def package_of_link(secret: str | bytes, token: str, max_age: int) -> str:
    """The package id a link names, or LinkRefused when it is forged or older than max_age."""
    try:
        return str(_signer(secret).loads(token, max_age=max_age))
    except SignatureExpired as error:
        raise LinkRefused("the download link has expired; ask for a new one") from error
    except BadSignature as error:
        raise LinkRefused("the download link is not valid") from error

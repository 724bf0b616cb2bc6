"""Expiring download links for access packages.

A link carries the package's job id signed with a timestamp (itsdangerous, with the
service's secret key) and is refused after ``max_age`` seconds; the link itself is the
data subject's credential, so it is long, unguessable and short-lived. The package file it
opens is encrypted at rest with the data key (``tvarka.adapters.crypto``).
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer


class LinkRefused(ValueError):
    """An expired or forged download link."""


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

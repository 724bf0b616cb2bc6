"""Errors a use case raises; the API turns them into problem+json, the CLI into one line."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(ServiceError):
    """Also what another organisation's objects look like: existence must not leak."""

    status = 404


class Forbidden(ServiceError):
    """The caller sees the organisation but its role does not allow this."""

    status = 403


class Invalid(ServiceError):
    status = 422


class Conflict(ServiceError):
    status = 409


class AuthenticationFailed(ServiceError):
    status = 401


class PasswordChangeRequired(ServiceError):
    status = 403

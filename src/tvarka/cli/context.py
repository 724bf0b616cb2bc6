"""The runtime a command works with, and turning service errors into one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError

from tvarka.adapters.profile_files import ProfilesRefused
from tvarka.cli.output import fail
from tvarka.runtime import Runtime, from_environment
from tvarka.services.errors import ServiceError


def runtime() -> Runtime:
    return from_environment()


@contextmanager
def reported_errors() -> Iterator[None]:
    """Known failures become one line on stderr and exit code 1; nothing is half-written."""
    try:
        yield
    except ServiceError as error:
        where = f"{error.field}: " if error.field else ""
        fail(f"{where}{error.message}")
    except ProfilesRefused as refused:
        fail("profile refused, nothing loaded: " + "; ".join(map(str, refused.errors)))
    except OperationalError as error:
        fail(f"database unavailable: {error.orig}")

"""Who is acting: recorded in the audit log by pseudonymous id, never by e-mail."""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

from tvarka.domain.roles import OrgRole, Permission, allows


@dataclass(frozen=True)
class Actor:
    label: str  # "user:12", "cli:root", "system"
    user_id: int | None = None
    is_platform_admin: bool = False
    roles: dict[str, OrgRole] = field(default_factory=dict)  # organisation key -> role

    def can(self, org_key: str, permission: Permission) -> bool:
        if self.is_platform_admin:
            return True
        role = self.roles.get(org_key)
        return role is not None and allows(role, permission)

    def visible(self, org_key: str) -> bool:
        return self.is_platform_admin or org_key in self.roles


def operator() -> Actor:
    """The person at the server's shell: the CLI acts with platform rights."""
    return Actor(label=f"cli:{getpass.getuser()}", is_platform_admin=True)


SYSTEM = Actor(label="system", is_platform_admin=True)

"""Who may do what inside an organisation."""

from __future__ import annotations

from enum import StrEnum


class OrgRole(StrEnum):
    owner = "owner"  # director / DPO: decides, signs, manages users
    handler = "handler"  # staff who take and process requests
    viewer = "viewer"  # reads the organisation's records
    auditor = "auditor"  # reads records and the audit log, changes nothing


class Permission(StrEnum):
    read = "read"
    handle = "handle"
    manage_users = "manage_users"
    read_audit = "read_audit"
    edit_register = "edit_register"


_GRANTS: dict[OrgRole, frozenset[Permission]] = {
    OrgRole.owner: frozenset(Permission),
    OrgRole.handler: frozenset({Permission.read, Permission.handle}),
    OrgRole.viewer: frozenset({Permission.read}),
    OrgRole.auditor: frozenset({Permission.read, Permission.read_audit}),
}


def allows(role: OrgRole, permission: Permission) -> bool:
    return permission in _GRANTS[role]

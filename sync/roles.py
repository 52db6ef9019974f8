"""The roles, defined once: who may do what nests field < supervisor < admin.

Everything that names a role (the user table's check, accounts, the API's role checks, the web
pages, the CLI) reads it from here, so adding or renaming a role is one edit.
"""

__all__ = ["ADMIN", "FIELD", "ROLES", "SUPERVISOR", "has_role", "implied_roles"]

FIELD, SUPERVISOR, ADMIN = "field", "supervisor", "admin"
ROLES = (FIELD, SUPERVISOR, ADMIN)  # lowest first: each role may do all that those before it may
_RANK = {role: rank for rank, role in enumerate(ROLES)}


def has_role(user, role: str) -> bool:
    """True when `user` has `role` or a role above it (admin > supervisor > field)."""
    return _RANK[user.role] >= _RANK[role]


def implied_roles(role: str) -> list[str]:
    """`role` and every role below it: what an account with `role` counts as."""
    return list(ROLES[:_RANK[role] + 1])

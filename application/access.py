"""Who may do what: the roles of the web interface, as one table.

Viewers (board members, inspectors) read everything, history and as-at
included. Owners update their own items. The chair updates any item, revises
any deadline, signs items off (verifies), decides requests and sets the plan's
governance. Admins manage users and plans.
"""

from __future__ import annotations

from enum import StrEnum

from domain.errors import TrackerError


class Role(StrEnum):
    VIEWER = "viewer"
    OWNER = "owner"
    CHAIR = "chair"
    ADMIN = "admin"


class Act(StrEnum):
    STATUS = "change a status"
    DEADLINE = "revise a deadline"
    EVIDENCE = "add evidence"
    COMMENT = "add a comment"
    VERIFY = "sign off (verify)"
    IMPORT = "import a plan"
    ARCHIVE = "archive or unarchive a plan"
    POSITION = "record the latest position"
    APPROVE = "approve or reject a request"
    GOVERN = "change the plan's governance settings"
    REPORT = "report an indicator's figure"
    LOAD_FIGURES = "load indicators from a file"
    MEETING = "record a board meeting"


ITEM_ACTS = frozenset({Act.STATUS, Act.DEADLINE, Act.EVIDENCE, Act.COMMENT, Act.POSITION})

# What a role may do to anything, and what only to the items its user owns.
_CHAIRS = frozenset({Act.VERIFY, Act.APPROVE, Act.GOVERN, Act.REPORT, Act.LOAD_FIGURES})
_ANYWHERE = {
    Role.CHAIR: ITEM_ACTS | _CHAIRS | {Act.MEETING},
    Role.ADMIN: frozenset({Act.IMPORT, Act.ARCHIVE, Act.MEETING, Act.LOAD_FIGURES}),
}
_OWN_ITEMS = {Role.OWNER: ITEM_ACTS | {Act.REPORT}}  # an indicator's owner reports its figures
_NOTHING: frozenset[Act] = frozenset()


def allowed(role: Role, act: Act, *, user: str, owner: str | None = None) -> bool:
    """May ``user`` (of ``role``) do ``act`` (to an item owned by ``owner``)?"""
    if act in _ANYWHERE.get(role, _NOTHING):
        return True
    return act in _OWN_ITEMS.get(role, _NOTHING) and owner is not None and owner == user


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        roles = ", ".join(role.value for role in Role)
        raise TrackerError(f"'{text}' is not a role; expected one of: {roles}") from None

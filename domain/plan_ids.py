"""A plan's ids apart from the Plan aggregate: what its short id may be, and
the id of its event stream.

Why a module of its own: the command line checks a plan id while it parses
its arguments, and importing ``domain.plan`` there would build every event
model before a mistyped id could be refused. This module needs only the
standard library and the domain's errors (``domain.plan`` re-exports both).
"""

from __future__ import annotations

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.errors import InvalidPlanId

_PLAN_ID = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")


def plan_id(plan: str) -> UUID:
    """The plan's event stream (stable: stored events are keyed by it)."""
    return uuid5(NAMESPACE_URL, f"tracker:plan:{plan}")


def check_plan_id(text: str) -> str:
    """A plan's short id: lower-case letters, digits and hyphens, 2 to 64
    characters. It names URLs, files and streams, so nothing else gets in."""
    if _PLAN_ID.fullmatch(text):
        return text
    shown = repr(text[:70]) + ("..." if len(text) > 70 else "")
    raise InvalidPlanId(
        f"{shown} is not a plan id: use 2 to 64 lower-case letters, digits and "
        "hyphens, starting with a letter or digit (for example laming-2009)"
    )

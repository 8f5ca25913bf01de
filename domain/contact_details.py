"""No email address enters the event log.

Events are kept for good, chained, and never rewritten, so nothing in them can
be erased when a person asks. Staff are named by their key (``hos-cf``); their
address lives in the staff directory beside the events, where it can be
corrected or erased. So a person's change that would record an address (in a
comment, evidence, a reason, a title, an owner or an actor) is refused with a
message saying why, and text the tracker records on its own (a mail server's
reply) has any address cut out before the event is made.

Only the address's shape is recognised, ``local@domain``: a team's mailbox is
refused as well as a person's, as the two cannot be told apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from domain.errors import ContactDetailsRefused

ADDRESS = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")
REMOVED = "[address removed]"

# What a person calls each field of an event, for the refusal.
_CALLED = {
    "text": "the text",
    "reason": "the reason",
    "link": "the link",
    "owner": "the owner",
    "new": "the new value",
    "by": "who made the change",
    "title": "the title",
    "theme": "the theme",
    "source": "the source",
    "description": "the description",
}


def redact(text: str) -> str:
    """``text`` with every address-like part replaced by ``[address removed]``."""
    return ADDRESS.sub(REMOVED, text)


def refuse_addresses(fields: Mapping[str, object]) -> None:
    """Refuse if any text field holds something shaped like an email address.
    ``old`` is not judged: it repeats what the log already holds."""
    for name, value in fields.items():
        if (
            name != "old"
            and isinstance(value, str)
            and "@" in value  # the search is quadratic on long text without one
            and (found := ADDRESS.search(value))
        ):
            called = _CALLED.get(name, f"the {name}")
            raise ContactDetailsRefused(
                name,
                f"{called} holds an email address ({found.group(0)}): the record is "
                "kept for good and cannot be erased, so it never holds one. Name the "
                "person by their staff key (e.g. hos-cf); their address belongs in "
                "the staff directory (tracker person KEY --email ...). Nothing was recorded",
            )

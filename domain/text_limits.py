"""How much text a change may carry, and what counts as text at all.

A title is a line on a board (300 characters); a reason, a few sentences
(2,000); a comment, evidence, a description, a source or a latest position
(each of its parts), a page (10,000). A
3 MB comment or evidence made only of zero-width characters was accepted
before: both are refused, saying which field and what the limit is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from domain.errors import TextRequired

LIMITS = {
    "title": 300,
    "theme": 200,
    "reason": 2_000,
    "text": 10_000,
    "description": 10_000,
    "source": 10_000,
    "link": 2_000,
    "position": 10_000,
    "mitigation": 10_000,
    "next_steps": 10_000,
}
_CALLED = {"text": "the text", "link": "the link", "next_steps": "the next steps"}


class TextTooLong(TextRequired):
    """More text than the field is for; nothing was recorded."""


def visible(text: str) -> bool:
    """Whether the text shows anything: not only spaces, controls or
    invisible format characters (zero-width spaces, direction marks)."""
    return any(unicodedata.category(ch)[0] not in ("Z", "C") for ch in text)


def check_lengths(fields: Mapping[str, object]) -> None:
    """Refuse any field of a change longer than its limit. A detail change
    (``field``/``new``) is judged by the field it changes."""
    named = dict(fields)
    if isinstance(named.get("field"), str) and "new" in named:
        named[str(named["field"])] = named["new"]
    for name, limit in LIMITS.items():
        value = named.get(name)
        if isinstance(value, str) and len(value) > limit:
            what = _CALLED.get(name, f"the {name}")
            raise TextTooLong(
                f"{what} is {len(value):,} characters long; the most is {limit:,}: "
                "shorten it (link to a document for the detail)"
            )

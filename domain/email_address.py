"""The one rule for a staff email address, shared by every door it comes in by
(a spreadsheet's ``owner_email`` and ``tracker person --email``).

Mail goes to exactly the address given, so the rule is strict: one plain
``local@domain`` address, ASCII, no display name, no comments, no quoting. A
comma or semicolon would make a mail system see several recipients
(``a@x.gov.uk,ceo@x.gov.uk``), and a space or angle bracket would let a header
carry more than the address: all are refused.
"""

from __future__ import annotations

import re

from domain.errors import TrackerError

MAX_LENGTH = 254  # RFC 5321's limit on a forward path, less the angle brackets
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")
_TOP_LEVEL = re.compile(r"^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")
_EXAMPLE = "expected one address such as name@council.gov.uk"


class InvalidEmailAddress(TrackerError, ValueError):
    pass


def check_email_address(text: str) -> str:
    """``text`` as one plain email address (surrounding spaces dropped), or
    ``InvalidEmailAddress`` saying what is wrong with it."""
    address = text.strip()
    shown = address if len(address) <= 60 else address[:57] + "..."
    shown = "".join(c if c.isprintable() else "?" for c in shown)
    if not address:
        raise InvalidEmailAddress(f"the email address is empty: {_EXAMPLE}")
    if any(c in address for c in ",;"):
        raise InvalidEmailAddress(
            f"'{shown}' is not an email address: it holds more than one; {_EXAMPLE}"
        )
    if len(address) > MAX_LENGTH:
        raise InvalidEmailAddress(
            f"'{shown}' is not an email address: it has {len(address)} characters; "
            f"the limit is {MAX_LENGTH}"
        )
    if not (address.isascii() and address.isprintable()) or " " in address:
        raise InvalidEmailAddress(
            f"'{shown}' is not an email address: it has spaces, control or non-ASCII "
            f"characters; {_EXAMPLE}"
        )
    local, at, domain = address.rpartition("@")
    labels = domain.split(".")
    if (
        not at
        or not _LOCAL.match(local)
        or len(local) > 64
        or len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or not _TOP_LEVEL.match(labels[-1])
    ):
        raise InvalidEmailAddress(f"'{shown}' is not an email address: {_EXAMPLE}")
    return address

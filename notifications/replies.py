"""What is kept of a mail server's reply: its code, its enhanced status code
when it gives one, and a generic description of them: ``550 5.1.1 bad
destination mailbox address``. Nothing of the server's own words.

Why: servers quote the recipient in their replies ("550 5.1.1
<jo.bloggs@council.gov.uk>: Recipient address rejected"), and the reply is
recorded in an event, which can never be erased. A person's address must only
ever be in the staff directory, where ``tracker person erase`` removes it. The
codes are all an administrator needs to act (RFC 5321 and RFC 3463); the
server's own log has the rest.
"""

from __future__ import annotations

import re

_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})(?!\S)")

# RFC 5321's reply codes, as far as a relay meets them.
_CODES = {
    421: "service not available",
    450: "mailbox unavailable",
    451: "local error in processing",
    452: "insufficient system storage",
    454: "temporary authentication failure",
    500: "command not recognised",
    501: "syntax error in parameters",
    502: "command not implemented",
    503: "bad sequence of commands",
    504: "command parameter not implemented",
    521: "server does not accept mail",
    530: "authentication required",
    534: "authentication mechanism too weak",
    535: "authentication credentials invalid",
    550: "mailbox unavailable",
    551: "user not local",
    552: "exceeded storage allocation",
    553: "mailbox name not allowed",
    554: "transaction failed",
    556: "domain does not accept mail",
}

# RFC 3463's enhanced status codes: the details relays meet, then each subject.
_DETAILS = {
    (1, 1): "bad destination mailbox address",
    (1, 2): "bad destination system address",
    (1, 3): "bad destination mailbox address syntax",
    (1, 6): "destination mailbox has moved",
    (1, 8): "bad sender's system address",
    (1, 10): "recipient address has null MX",
    (2, 1): "mailbox disabled, not accepting messages",
    (2, 2): "mailbox full",
    (2, 3): "message length exceeds administrative limit",
    (3, 4): "message too big for system",
    (4, 1): "no answer from host",
    (4, 7): "delivery time expired",
    (5, 3): "too many recipients",
    (7, 1): "delivery not authorised, message refused",
}
_SUBJECTS = {
    0: "other or undefined status",
    1: "addressing status",
    2: "mailbox status",
    3: "mail system status",
    4: "network and routing status",
    5: "mail delivery protocol status",
    6: "message content or media status",
    7: "security or policy status",
}


def summary(code: int, text: bytes | str) -> str:
    """The reply as recorded: code, enhanced code if any, and what they mean."""
    words = text.decode(errors="replace") if isinstance(text, bytes) else text
    kept = [str(code)] if 200 <= code <= 599 else ["unknown reply code"]
    meaning = _CODES.get(code, "")
    found = _ENHANCED.match(words)
    if found and found.group(1) == str(code)[0]:
        subject, detail = int(found.group(2)), int(found.group(3))
        kept.append(".".join(found.groups()))
        meaning = _DETAILS.get((subject, detail)) or _SUBJECTS.get(subject) or meaning
    return " ".join([*kept, meaning] if meaning else kept)

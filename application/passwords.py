"""What a user name and a password must be, following the NCSC's guidance.

Length does the work, not composition rules: at least twelve characters, not
one of the most commonly used passwords (a shipped list, refreshed from
Django's by ``scripts/common_passwords.py``), not a common password dressed up
with digits or repeated, not the user's own name. Passwords are compared and
hashed in Unicode NFKC form, so the same characters typed on another keyboard
still match. A user name is a staff key, the actor the audit trail records.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import cache
from pathlib import Path

from domain.errors import TrackerError

MIN_PASSWORD = 12
MAX_PASSWORD = 256
MIN_DIFFERENT_CHARACTERS = 5
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")

_USER_NAME = re.compile(r"[a-z0-9][a-z0-9._\-]{1,63}")
# Digits, punctuation and spaces people add around a word to pass a rule.
_DRESSING = string.digits + string.punctuation + string.whitespace


class BadUserName(TrackerError):
    pass


class BadPassword(TrackerError):
    pass


def is_user_name(text: str) -> bool:
    return _USER_NAME.fullmatch(text) is not None


def check_user_name(text: str) -> str:
    """A user name: the staff key, as in spreadsheets' owner column."""
    if is_user_name(text):
        return text
    shown = repr(text[:70]) + ("..." if len(text) > 70 else "")
    raise BadUserName(
        f"{shown} is not a user name: use the staff key, 2 to 64 lower-case letters, "
        "digits, '.', '-' and '_', starting with a letter or digit (for example hos-cf)"
    )


def normalise(password: str) -> str:
    """The form a password is checked and hashed in (NFKC)."""
    return unicodedata.normalize("NFKC", password)


def check_password(password: str, *, user_name: str) -> str:
    """The password in the form to hash, or a clear refusal of it."""
    text = normalise(password)
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise BadPassword(
            "the password cannot hold control or invisible characters "
            "(such as NUL, a tab or a zero-width space)"
        )
    if len(text) < MIN_PASSWORD:
        raise BadPassword(
            f"the password must have at least {MIN_PASSWORD} characters "
            "(three random words make a good one)"
        )
    if len(text) > MAX_PASSWORD:
        raise BadPassword(f"the password must have at most {MAX_PASSWORD} characters")
    folded = text.casefold()
    if user_name and normalise(user_name).casefold() in folded:
        raise BadPassword("the password cannot contain the user name")
    if len(set(folded)) < MIN_DIFFERENT_CHARACTERS:
        raise BadPassword(
            f"the password must use at least {MIN_DIFFERENT_CHARACTERS} different characters"
        )
    if _is_common(folded):
        raise BadPassword(
            "that password is one of the most commonly used (or one with digits or symbols "
            "added, or repeated): choose another, for example three random words"
        )
    return text


def _is_common(folded: str) -> bool:
    common = common_passwords()
    compact = "".join(folded.split())
    core = folded.strip(_DRESSING)
    if folded in common or compact in common or (len(core) >= 4 and core in common):
        return True
    return _repeats_something_common(compact, common)


def _repeats_something_common(text: str, common: frozenset[str]) -> bool:
    """'monkeymonkey', 'qwerty123qwerty123': a short or common unit repeated."""
    for size in range(1, len(text) // 2 + 1):
        unit = text[:size]
        if len(text) % size == 0 and unit * (len(text) // size) == text:
            return size < 6 or unit in common or unit.strip(_DRESSING) in common
    return False


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))

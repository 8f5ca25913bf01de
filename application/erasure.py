"""Erasing a person: their contact details go, their key stays in the log.

Why a module of its own: erasure is the one command on personal data rather
than on plans. Events hold staff keys only, so erasing removes the person's
name and email from the directory, and the history then shows the key as
erased; the log itself is never rewritten (its hash chain must hold). A key
the tracker has never known is refused, so a typing slip is not mistaken for
an erasure. It is a mixin of ``Tracker``; what it needs of the service is
the ``Erasing`` protocol.
"""

from __future__ import annotations

import json
from typing import Protocol

from eventsourcing.persistence import ApplicationRecorder

from application.directory import Directory
from application.persistence import decode_state
from domain.errors import TrackerError
from store.database import Database
from store.log_rows import rows_holding
from store.log_tables import events_table

_PAGE = 1000


class UnknownPerson(TrackerError):
    pass


class Erasing(Protocol):
    """What erasure needs of the application service."""

    directory: Directory
    db: Database

    @property
    def recorder(self) -> ApplicationRecorder: ...


class Erasure:
    def erase_person(self: Erasing, key: str) -> bool:
        """Erase a person's contact details; the history then shows the key as
        erased. Refuses a key the tracker has never known. False if already erased."""
        key = key.strip()
        if key in self.directory.erased():
            return False
        if self.directory.email(key) is None and not _names(self, key):
            raise UnknownPerson(f"no person '{key}' in the directory or the history")
        return self.directory.erase(key)


def _names(app: Erasing, key: str) -> bool:
    """Whether any event names ``key`` as who did it, an owner or a contact.
    The database finds the events whose stored JSON holds the key as a string
    (a scan in its own code); only those are decoded, to see where it stands."""
    needle = json.dumps(key, ensure_ascii=False).encode()  # as the mapper writes it
    table, after = events_table(app.recorder), 0
    while page := rows_holding(app.db, table, needle, after, _PAGE):
        for row in page:
            state = decode_state(row)
            named = [state.get(f) for f in ("by", "owner", "old", "new")]
            if key in named or key in (state.get("contacts") or ()):
                return True
        after = page[-1].position
    return False

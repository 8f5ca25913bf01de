"""Rendered board packs, kept so that asking again is instant.

A pack is a function of the plan, the instant it is as at (for "now", the
London day, which decides what is overdue), the meeting named on its cover,
its form (PDF or Word) and the log it was built from. The key holds the log's
head position, so any new event (which moves the head) makes the next request
build afresh; the entries it replaced age out. A few packs per process, in
memory: a web worker restarting simply starts cold.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PackKey:
    plan: str
    as_at: str  # the canonical instant, or "day:YYYY-MM-DD" for a pack as at now
    head: int  # the log's head position when it was built
    meeting: str
    kind: str  # "pdf" or "docx"


class PackCache:
    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._packs: OrderedDict[PackKey, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[PackKey, threading.Lock] = {}
        self.hits = 0

    def get_or_make(self, key: PackKey, make: Callable[[], bytes]) -> bytes:
        """The cached bytes for ``key``, or ``make()``'s (then kept). A second
        request for a pack that is being made waits for it rather than making
        it again (a PDF of a long plan takes seconds of a CPU)."""
        with self._lock:
            found = self._found(key)
            if found is not None:
                return found
            making = self._making.setdefault(key, threading.Lock())
        with making:  # one maker per key; the others wait here, then find it
            with self._lock:
                found = self._found(key)
                if found is not None:
                    return found
            made = make()
            with self._lock:
                self._keep(key, made)
                self._making.pop(key, None)
        return made

    def _found(self, key: PackKey) -> bytes | None:
        found = self._packs.get(key)
        if found is not None:
            self._packs.move_to_end(key)
            self.hits += 1
        return found

    def _keep(self, key: PackKey, made: bytes) -> None:
        for old in [k for k in self._packs if k.plan == key.plan and k.head < key.head]:
            del self._packs[old]  # built from an older log: never asked for again
        self._packs[key] = made
        while len(self._packs) > self._size:
            self._packs.popitem(last=False)

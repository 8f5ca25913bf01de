"""Rendered board packs, kept so that asking again is instant.

A pack is a function of the plan, the instant it is as at (for "now", the
London day, which decides what is overdue), the meeting named on its cover,
its form (PDF or Word) and the log it was built from. The key holds the log's
head position, so any new event (which moves the head) makes the next request
build afresh; the entries it replaced age out. A few packs per process, in
memory: a web worker restarting simply starts cold.

A long plan's PDF takes WeasyPrint seconds of a CPU (about 15 ms an item), so
``ready_or_start`` makes it in a background thread and answers at once: the
bytes if they are ready, else ``None`` (the page then says the pack is being
prepared and refreshes).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


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
        self._background: dict[PackKey, threading.Event] = {}  # set when made (or failed)
        self._failed: dict[PackKey, BaseException] = {}
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

    def ready_or_start(
        self, key: PackKey, make: Callable[[], bytes], *, wait: float = 0.0
    ) -> bytes | None:
        """The cached bytes for ``key`` if they are ready within ``wait`` seconds,
        else ``None``, having made sure that ``make`` is running in a background
        thread (once per key, however many ask). A background failure is raised
        to the next caller, so it is seen rather than retried for ever."""
        with self._lock:
            found = self._found(key)
            if found is not None:
                return found
            failed = self._failed.pop(key, None)
            if failed is not None:
                raise failed
            done = self._background.get(key)
            if done is None:
                done = self._background[key] = threading.Event()
                worker = threading.Thread(
                    target=self._make_in_background,
                    args=(key, make, done),
                    name=f"pack {key.plan} {key.kind}",
                    daemon=True,
                )
                worker.start()
        if not done.wait(wait):
            return None
        with self._lock:
            return self._found(key)

    def _make_in_background(
        self, key: PackKey, make: Callable[[], bytes], done: threading.Event
    ) -> None:
        try:
            self.get_or_make(key, make)
        except Exception as error:
            log.exception("the %s pack of %s could not be made", key.kind, key.plan)
            with self._lock:
                self._failed[key] = error
        finally:
            with self._lock:
                self._background.pop(key, None)
            done.set()

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

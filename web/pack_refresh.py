"""Keeping the PDF packs people asked for ready as the log moves on.

A long plan's PDF takes WeasyPrint seconds of CPU, and the pack cache's key
holds the log's head, so after any change the first reader would meet the
"being prepared" page again. The long packs asked for in the last
``keep_for`` seconds are remembered here; a daemon thread reads the log's head
every ``every`` seconds (one indexed query) and, once the head has stood still
for one look (a burst of changes makes one render, not one each), makes each
remembered pack afresh for the new head, one at a time, into the pack cache.
A pack as at "now" is forgotten once its London day has passed (its recipe
answers ``None``), and so is one nobody has asked for within ``keep_for``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial

from application.log_head import LogHead
from web.pack_cache import PackCache, PackKey

log = logging.getLogger(__name__)

# Given the log's new head: the pack's key and its maker, or None if it is no longer wanted.
Recipe = Callable[[LogHead], tuple[PackKey, Callable[[], bytes]] | None]


class PackRefresher:
    def __init__(
        self,
        cache: PackCache,
        head: Callable[[], LogHead],
        *,
        every: float = 2.0,
        keep_for: float = 900.0,
    ) -> None:
        self._cache, self._head = cache, head
        self._every, self._keep_for = every, keep_for
        self._wanted: dict[PackKey, tuple[float, Recipe]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._looked: int | None = None  # the head at the last look
        self._made: int | None = None  # the head the remembered packs were made for
        self.renders = 0

    def want(self, key: PackKey, recipe: Recipe) -> None:
        """Remember the pack ``key`` names (whatever its head) and keep it made."""
        with self._lock:
            self._wanted[PackKey(key.plan, key.as_at, 0, key.meeting, key.kind)] = (
                time.monotonic(),
                recipe,
            )
            if self._thread is None and not self._stop.is_set():
                self._thread = threading.Thread(target=self._run, name="pack refresh", daemon=True)
                self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(30)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self.look()
            except Exception:
                log.exception("the board packs could not be made afresh")

    def look(self) -> None:
        """One look at the log's head; the remembered packs made afresh if it has
        moved and then stood still since the last look."""
        head = self._head()
        settled, self._looked = head.position == self._looked, head.position
        if not settled or head.position == self._made:
            return
        self._made = head.position
        for name, recipe in self._recipes():
            found = recipe(head)
            if found is None:
                with self._lock:
                    self._wanted.pop(name, None)
            elif not self._stop.is_set():
                key, make = found
                self._cache.get_or_make(key, partial(self._counted, make))

    def _recipes(self) -> list[tuple[PackKey, Recipe]]:
        oldest = time.monotonic() - self._keep_for
        with self._lock:
            for name in [n for n, (asked, _) in self._wanted.items() if asked < oldest]:
                del self._wanted[name]
            return [(name, recipe) for name, (_, recipe) in self._wanted.items()]

    def _counted(self, make: Callable[[], bytes]) -> bytes:
        made = make()
        self.renders += 1  # renders finished
        return made

"""The ``tracker`` command as a crash test's child: the same command, which
also notes in the file named by ``TRACKER_TEST_MARKS`` when it began writing
and when its write was committed, so the test knows where each kill landed.

Marks, one a line with the child's monotonic time:
``writing``     an insert's rows are written and its transaction is open
                (a rebuild: it began changing tables);
``committing``  the insert's last hook ran: only the commit is left;
``committed``   the write is committed (a rebuild: swapped in).
"""

from __future__ import annotations

import os
import time
from typing import Any

from application.service import Tracker
from entrypoints.cli import entry
from projections.item_versions import ItemVersionsView
from store.chained_postgres import ChainedPostgresRecorder
from store.chained_store import ChainedSQLiteRecorder

MARKS = os.environ["TRACKER_TEST_MARKS"]


def mark(word: str) -> None:
    handle = os.open(MARKS, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        os.write(handle, f"{word} {time.monotonic()}\n".encode())
    finally:
        os.close(handle)


def hooked() -> None:
    start, save, rebuild = Tracker.__init__, Tracker.save, ItemVersionsView.rebuild

    def init(self: Tracker, *args: Any, **kwargs: Any) -> None:
        start(self, *args, **kwargs)
        assert isinstance(self.recorder, ChainedSQLiteRecorder | ChainedPostgresRecorder)
        hooks = self.recorder.after_insert
        hooks.insert(0, lambda _: mark("writing"))
        hooks.append(lambda _: mark("committing"))

    def saved(self: Tracker, *objs: Any, **kwargs: Any) -> Any:
        recordings = save(self, *objs, **kwargs)
        mark("committed")
        return recordings

    def rebuilt(self: ItemVersionsView, *args: Any, **kwargs: Any) -> int:
        mark("writing")
        count = rebuild(self, *args, **kwargs)
        mark("committed")
        return count

    replaced: list[tuple[type, str, object]] = [
        (Tracker, "__init__", init),
        (Tracker, "save", saved),
        (ItemVersionsView, "rebuild", rebuilt),
    ]
    for owner, name, replacement in replaced:
        setattr(owner, name, replacement)


if __name__ == "__main__":
    hooked()
    entry()

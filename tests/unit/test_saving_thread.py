"""The events a save hands the views in memory are seen by the saving thread
alone: another thread's catch-up may meet a committed event of the same stream
and version as one this thread is about to fail to save, and must decode it."""

from __future__ import annotations

import threading
import uuid
from types import SimpleNamespace

from application.service import Tracker


def test_the_events_being_saved_are_seen_only_by_the_saving_thread(fast_app: Tracker) -> None:
    stream = uuid.uuid4()
    event = SimpleNamespace(originator_id=stream, originator_version=5)
    runners = fast_app.views.runners
    elsewhere: list[dict[tuple[str, int], object]] = []
    with fast_app.views.fresh([event]):
        other = threading.Thread(target=lambda: elsewhere.extend(r.fresh for r in runners))
        other.start()
        other.join()
        assert all(r.fresh == {(str(stream), 5): event} for r in runners)
    assert elsewhere and all(seen == {} for seen in elsewhere)
    assert all(r.fresh == {} for r in runners)  # and gone once the save is over

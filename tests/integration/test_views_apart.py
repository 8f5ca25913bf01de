"""Each view keeps its own log position, so each can be rebuilt alone (the
other's tables untouched), and a set of views made when the outbox shared the
item versions' position gains its own, starting where the shared one stood.
The dialect bootstrap builds once describes the store it opens. On SQLite and
PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from application.service import Tracker
from application.settings import Settings
from demo.replay import PLAN
from store.database import Database
from store.dialect import Dialect
from tests.conftest import Clock
from tests.integration.test_views import demo


def queue(app: Tracker, clock: Clock, recipient: str) -> None:
    assert app.queue_message(
        recipient=recipient,
        day=date(2010, 6, 1),
        kind="reminder",
        subject="Items due",
        content={"items": []},
        at=clock.advance(minutes=1),
    )


def test_each_view_has_its_own_position_and_is_rebuilt_alone(app: Tracker, clock: Clock) -> None:
    demo(app, clock)
    queue(app, clock, "hos-cf")
    head = app.recorder.max_notification_id()
    assert app.views.items.position() == app.views.outbox.position() == head
    live = app.views.dump()
    # a row only the item versions' rebuild would remove: rebuilding the outbox leaves it
    with app.views.db.transaction(commit=True) as c:
        c.execute(f"UPDATE {app.views.table('plans')} SET title = 'stray' WHERE plan = '{PLAN}'")
    assert app.views.rebuild(only=["outbox"]) == head
    assert app.views.plan_title(PLAN) == "stray"
    assert app.views.dump()["outbox"] == live["outbox"]
    # and the other way about: an outbox row the outbox's rebuild alone puts right
    with app.views.db.transaction(commit=True) as c:
        c.execute(f"DELETE FROM {app.views.table('outbox')}")
    assert app.views.rebuild(only=["items"]) == head
    assert app.views.dump()["versions"] == live["versions"]
    assert app.views.plan_title(PLAN) != "stray" and app.messages() == []
    app.rebuild()  # tracker rebuild: every view
    assert app.views.dump() == live


def test_views_that_shared_one_position_gain_the_outboxs_own(
    make_app: Callable[[], Tracker], clock: Clock
) -> None:
    app = make_app()
    demo(app, clock)
    queue(app, clock, "hos-cf")
    live = app.views.dump()
    with app.views.db.transaction(commit=True) as c:  # as views made before the split
        c.execute(f"DROP TABLE {app.views.table('outbox_position')}")
    reopened = make_app()
    assert reopened.views.outbox.position() == reopened.views.items.position()
    queue(reopened, clock, "pmo")
    assert [m.recipient for m in reopened.messages()] == ["hos-cf", "pmo"]
    reopened.rebuild()
    assert reopened.views.dump()["versions"] == live["versions"]


def test_the_dialect_built_once_describes_the_store(store_url: str) -> None:
    env = Settings(db=store_url).eventsourcing_env()
    app = Tracker(env=env, dialect=Dialect.of_env(env))
    try:
        assert app.db.dialect == Dialect.of_recorder(app.recorder)
        wrong = Dialect(postgres=not app.db.dialect.postgres, schema="elsewhere")
        with pytest.raises(ValueError, match="does not describe the store"):
            Database.of_recorder(app.recorder, wrong)
    finally:
        app.close()

"""End to end: ``tracker verify --views`` rebuilds the read views aside and
compares them with the live ones; a view row edited by hand is named, and
neither the live views nor the log are touched. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from application.integrity import open_log
from application.settings import store_env
from store.dialect import Dialect
from store.log_tables import chain_table, events_table
from tests.e2e.test_cli import CLI
from tests.e2e.test_integrity_cli import NOW, cut_last_event
from tests.plans import write

PLAN = "laming-2009"


@pytest.fixture
def cli(store_url: str, tmp_path: Path) -> CLI:
    cli = CLI(store_url, Path(__file__).resolve().parents[2])
    cli.run(NOW, "import", str(write(tmp_path)), "--plan", PLAN)
    cli.run(NOW, "status", PLAN, "11", "at_risk", "--by", "hos-cf")
    cli.run(NOW, "assign", PLAN, "32", "hc", "--by", "hos-cf")
    return cli


class Store:
    """A cursor on the store by plain SQL, as someone with database access has."""

    def __init__(self, c: Any, recorder: Any) -> None:
        self.c, self.recorder = c, recorder
        self.postgres = "." in events_table(recorder)
        self.mark = "%s" if self.postgres else "?"

    def table(self, name: str) -> str:
        return Dialect.of(self.recorder.datastore).qualify(name)

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        self.c.execute(sql, params)
        return [Dialect.values(row) for row in self.c.fetchall()]


@contextmanager
def sql(db: str) -> Iterator[Store]:
    with open_log(store_env(db)) as recorder:
        datastore: Any = recorder.datastore  # type: ignore[attr-defined]
        with datastore.transaction(commit=True) as c:
            yield Store(c, recorder)


VIEWS = [f"tracker_view_{n}" for n in ("versions", "streams", "plans", "outbox", "position")]


def table_rows(db: str) -> dict[str, list[str]]:
    """Every row of the live views, the events and the chain, and the names of
    all the view tables there are (scratch ones included)."""
    with sql(db) as store:
        out = {}
        tables = [
            *map(store.table, VIEWS),
            events_table(store.recorder),
            chain_table(store.recorder),
        ]
        for table in tables:
            out[table.split(".")[-1]] = sorted(map(repr, store.rows(f"SELECT * FROM {table}")))
        if store.postgres:
            schema = store.recorder.datastore.schema
            names = store.rows("SELECT tablename FROM pg_tables WHERE schemaname = %s", (schema,))
        else:
            names = store.rows("SELECT name FROM sqlite_master WHERE type = 'table'")
        out["tables"] = sorted(str(n) for (n,) in names if str(n).startswith("tracker_view"))
        return out


def current_row(store: Store, ref: str) -> tuple[int, dict[str, Any]]:
    ((position, state),) = store.rows(
        f"SELECT position, state FROM {store.table('tracker_view_versions')} "
        f"WHERE plan = {store.mark} AND ref = {store.mark} AND recorded_to IS NULL",
        (PLAN, ref),
    )
    return int(position), json.loads(state)


def test_a_clean_store_matches_a_rebuild_and_nothing_is_left_behind(cli: CLI) -> None:
    before = table_rows(cli.db)
    report = cli.json(NOW, "verify", "--views")
    views = report["views"]
    assert report["ok"] is True and views["ok"] is True and views["first_difference"] is None
    assert views["position"] == report["head"]["position"]
    assert views["rows_compared"] == {
        "versions": len(before["tracker_view_versions"]),
        "streams": len(before["tracker_view_streams"]),
        "plans": 1,
        "outbox": 0,
    }
    assert views["rows_compared"]["versions"] == 7  # 5 items imported, then 2 changed
    assert table_rows(cli.db) == before, "no scratch table left, nothing live changed"
    text = cli.run(NOW, "verify", "--views").stdout
    assert "Views OK: rebuilt from the log to position" in text and "versions: " in text
    assert "views" not in cli.json(NOW, "verify"), "without --views, no views are compared"


def test_a_retitled_item_in_the_live_views_is_named_and_left_as_it_is(cli: CLI) -> None:
    with sql(cli.db) as store:
        position, state = current_row(store, "11")
        title = state["title"]
        state["title"] = "Nothing to see here"
        m = store.mark
        store.c.execute(
            f"UPDATE {store.table('tracker_view_versions')} SET state = {m} "
            f"WHERE plan = {m} AND position = {m}",
            (json.dumps(state), PLAN, position),
        )
    tampered = table_rows(cli.db)

    done = cli.run(NOW, "verify", "--views", "--json", ok=False)
    assert done.returncode == 1
    assert done.stderr == (
        "tracker: error: the views differ from the log: tracker_view_versions row "
        f"plan={PLAN}, ref=11, position={position}: column state (field title): "
        f"live 'Nothing to see here', rebuilt {title!r}\n"
    )
    report = json.loads(done.stdout)
    assert report["ok"] is True, "the log itself is sound"
    assert report["views"]["ok"] is False
    assert report["views"]["first_difference"] == {
        "table": "tracker_view_versions",
        "key": {"plan": PLAN, "ref": "11", "position": position},
        "column": "state",
        "field": "title",
        "live": "Nothing to see here",
        "rebuilt": title,
    }
    assert table_rows(cli.db) == tampered, "live views as tampered, log unchanged, scratch gone"


def test_a_reopened_item_and_a_deleted_row_are_named_first_by_key(cli: CLI) -> None:
    with sql(cli.db) as store:
        versions, m = store.table("tracker_view_versions"), store.mark
        closed, _ = current_row(store, "11")
        deleted, _ = current_row(store, "32")
        store.c.execute(f"DELETE FROM {versions} WHERE plan = {m} AND ref = '32'", (PLAN,))
        store.c.execute(f"UPDATE {versions} SET is_open = 0 WHERE position = {m}", (closed,))
    tampered = table_rows(cli.db)

    done = cli.run(NOW, "verify", "--views", ok=False)
    assert done.returncode == 1
    assert "VIEWS DIFFER" in done.stdout
    assert done.stderr.strip().splitlines() == [
        "tracker: error: the views differ from the log: tracker_view_versions row "
        f"plan={PLAN}, ref=11, position={closed}: column is_open: live 0, rebuilt 1"
    ]
    assert table_rows(cli.db) == tampered

    with sql(cli.db) as store:  # put 11 back: now the deleted rows come first
        store.c.execute(f"UPDATE {versions} SET is_open = 1 WHERE position = {m}", (closed,))
    report = json.loads(cli.run(NOW, "verify", "--views", "--json", ok=False).stdout)
    first = report["views"]["first_difference"]
    assert first["table"] == "tracker_view_versions" and first["key"]["ref"] == "32"
    assert first["column"] is None and first["live"] is None
    assert first["rebuilt"]["ref"] == "32" and first["rebuilt"]["position"] <= deleted
    assert report["views"]["rows_compared"]["versions"] == len(tampered["tracker_view_versions"])


def test_a_cut_tail_that_passes_plain_verify_is_caught_by_the_views(cli: CLI) -> None:
    """An intruder removes the last event and its link: the chain is consistent,
    only shorter, but the boards still show the change the log no longer has."""
    cut_last_event(cli.db)
    assert cli.json(NOW, "verify")["ok"] is True
    done = cli.run(NOW, "verify", "--views", ok=False)
    assert done.returncode == 1
    assert "tracker: error: the views differ from the log: tracker_view_versions row " in (
        done.stderr
    )
    assert "ref=32" in done.stderr, "the cut event assigned item 32"


def test_a_broken_log_is_reported_and_its_views_are_not_compared(cli: CLI) -> None:
    with sql(cli.db) as store:
        store.c.execute(f"DELETE FROM {chain_table(store.recorder)} WHERE position = 2")
    done = cli.run(NOW, "verify", "--views", "--json", ok=False)
    assert done.returncode == 1 and "the log is broken at position 2" in done.stderr
    assert json.loads(done.stdout)["views"] is None
    assert (
        "Views not compared: the log is broken."
        in cli.run(NOW, "verify", "--views", ok=False).stdout
    )

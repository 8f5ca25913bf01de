"""Backup and restore: SQLite to PostgreSQL and back, the copy verifies and
every view matches; a bad file or a non-empty target is refused, changing nothing."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from application import backup
from application.integrity import NoStore, open_log, verify_log
from application.service import Tracker
from application.settings import Settings, store_env
from domain.status import Status
from entrypoints.bootstrap import bootstrap
from tests.conftest import START, Clock, fresh_store
from tests.integration.test_tracker import PLAN, imported


def build(app: Tracker, tmp_path: Path, clock: Clock) -> None:
    imported(app, tmp_path)
    for status in (Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK):
        clock.advance(days=3)
        app.change_status(PLAN, "11.a", status, by="hos-cf")
    app.directory.set_emails({"lscb-manager": "lscb@example.gov.uk"})
    app.erase_person("health-commissioner")


def views(app: Tracker) -> tuple[object, ...]:
    boards = [
        app.board(PLAN, as_at=START + timedelta(days=d)).model_dump(mode="json")
        for d in (1, 4, 7, 30)
    ]
    return (
        app.board(PLAN).model_dump(mode="json"),
        boards,
        app.history(PLAN),
        app.overdue(None),
        app.directory.entries(),
        app.directory.erased(),
    )


def export_to(url: str, path: Path) -> None:
    with open_log(store_env(url)) as recorder, path.open("x") as out:
        backup.export(recorder, out)


def restore_from(path: Path, url: str) -> None:
    checked = backup.read(path)
    with open_log(store_env(url), existing=False) as recorder:
        backup.restore(checked, recorder)


@pytest.mark.postgres
@pytest.mark.parametrize("source,target", [("sqlite", "postgres"), ("postgres", "sqlite")])
def test_a_restored_copy_verifies_and_every_view_matches(
    source: str, target: str, tmp_path: Path, clock: Clock
) -> None:
    with fresh_store(source) as one, fresh_store(target) as two, fresh_store(source) as three:
        original = bootstrap(Settings(db=one), clock=clock)
        build(original, tmp_path, clock)
        file = tmp_path / "backup.jsonl"
        export_to(one, file)

        restore_from(file, two)
        copy = bootstrap(Settings(db=two), clock=clock)
        copy_verdict = verify_log(copy.recorder)
        assert copy_verdict.ok
        assert (copy_verdict.head_position, copy_verdict.head_link) == (
            verify_log(original.recorder).head_position,
            verify_log(original.recorder).head_link,
        )
        assert views(copy) == views(original)

        # ... and back again: the copy of the copy is the same log.
        again = tmp_path / "again.jsonl"
        export_to(two, again)
        assert again.read_text() == file.read_text()
        restore_from(again, three)
        back = bootstrap(Settings(db=three), clock=clock)
        assert views(back) == views(original)
        clock.advance(days=1)
        back.change_status(PLAN, "32", Status.ON_TRACK, by="hc")  # the copy carries on
        assert verify_log(back.recorder).ok
        for app in (original, copy, back):
            app.close()


def test_a_non_empty_target_is_refused_and_left_as_it_was(
    app: Tracker, tmp_path: Path, clock: Clock, store_url: str
) -> None:
    build(app, tmp_path, clock)
    file = tmp_path / "backup.jsonl"
    export_to(store_url, file)
    before = app.history(PLAN)
    with pytest.raises(backup.BackupRefused, match="not empty"):
        restore_from(file, store_url)
    assert app.history(PLAN) == before and verify_log(app.recorder).ok


def doctor(file: Path, number: int, change: dict[str, object] | None) -> Path:
    lines = file.read_text().splitlines()
    if change is None:
        del lines[number - 1]
    else:
        lines[number - 1] = json.dumps({**json.loads(lines[number - 1]), **change})
    bad = file.with_name("bad.jsonl")
    bad.write_text("\n".join(lines) + "\n")
    return bad


@pytest.mark.parametrize(
    "line,change,says",
    [
        (5, {"state": '{"by":"someone else"}'}, "line 5: the event's content does not match"),
        (5, None, "line 5: the chain link does not follow"),  # a line removed: 6 moves up
        (5, {"link": "00" * 32}, "line 5: the chain link does not follow"),
        (-1, None, "no end line"),
    ],
)
def test_a_file_that_does_not_verify_is_refused_and_the_target_stays_empty(
    line: int,
    change: dict[str, object] | None,
    says: str,
    tmp_path: Path,
    clock: Clock,
    store_url: str,
) -> None:
    with fresh_store("sqlite") as source:
        original = bootstrap(Settings(db=source), clock=clock)
        build(original, tmp_path, clock)
        file = tmp_path / "backup.jsonl"
        export_to(source, file)
        original.close()
    count = len(file.read_text().splitlines())
    bad = doctor(file, count if line == -1 else line, change)
    with pytest.raises(backup.BackupRefused, match=says):
        restore_from(bad, store_url)
    with pytest.raises(NoStore), open_log(store_env(store_url)):
        pass  # the target was not even created

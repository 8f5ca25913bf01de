"""End to end: a store holding an event from a newer release (a version this
release cannot read) is refused in one line by ``tracker``, and still verifies."""

from __future__ import annotations

import json
from pathlib import Path

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from application.integrity import open_log
from application.settings import store_env
from domain.action import Action, action_id
from tests.e2e.test_cli import CLI, PLAN
from tests.plans import write

NOW = "2010-01-04T09:00"


def test_an_event_from_a_newer_release_is_refused_in_one_line(
    store_url: str, tmp_path: Path
) -> None:
    cli = CLI(store_url, Path(__file__).resolve().parents[2])
    cli.run(NOW, "import", str(write(tmp_path)), "--plan", PLAN)
    cli.run(NOW, "comment", PLAN, "11", "on track with the review", "--by", "hos-cf")
    history = cli.run(NOW, "history", PLAN, "11", "--json").stdout
    assert '"class_version"' not in history, "version 1 payloads carry no version"

    stream = action_id(PLAN, "11")
    with open_log(store_env(store_url)) as recorder:
        last = recorder.select_events(stream)[-1]
        state = {**json.loads(last.state), "timestamp": "2010-01-05T09:00:00Z"}
        state["class_version"] = 2  # as a later release, with CommentAdded at version 2
        recorder.insert_events(
            [
                StoredEvent(
                    originator_id=stream,
                    originator_version=last.originator_version + 1,
                    topic=get_topic(Action.CommentAdded),
                    state=json.dumps(state, separators=(",", ":")).encode(),
                )
            ]
        )

    for command in (("history", PLAN, "11"), ("board", PLAN)):
        done = cli.run("2010-01-06T09:00", *command, ok=False)
        assert done.returncode == 1 and done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
        assert lines[0].startswith(
            f"tracker: error: cannot read event {last.originator_version + 1} "
        )
        assert "(Action.CommentAdded): it is of class version 2, recorded by a newer" in lines[0]

    assert cli.json("2010-01-06T09:00", "verify")["ok"] is True

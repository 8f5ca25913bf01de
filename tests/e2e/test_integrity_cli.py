"""End to end: ``tracker verify`` and ``tracker checkpoint`` as an inspector runs them."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from application.integrity import open_log
from application.settings import store_env
from store.log_tables import chain_table, events_table
from tests.e2e.test_cli import CLI
from tests.plans import write

pytestmark = pytest.mark.e2e

NOW = "2010-01-04T09:00"


@pytest.fixture
def cli(store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CLI:
    monkeypatch.setenv("TRACKER_SIGNING_KEY", str(tmp_path / "keys" / "signing.key"))
    cli = CLI(store_url, Path(__file__).resolve().parents[2])
    cli.run(NOW, "import", str(write(tmp_path)), "--plan", "laming-2009")
    cli.run(NOW, "status", "laming-2009", "11", "at_risk", "--by", "hos-cf")
    return cli


def cut_last_event(db: str) -> None:
    """Remove the newest event and its link, as a careful intruder would."""
    with open_log(store_env(db)) as recorder:
        top = recorder.max_notification_id()
        position = "notification_id" if "." in events_table(recorder) else "rowid"
        mark = "%s" if position == "notification_id" else "?"
        with recorder.datastore.transaction(commit=True) as c:  # type: ignore[attr-defined]
            c.execute(f"DELETE FROM {events_table(recorder)} WHERE {position} = {mark}", (top,))
            c.execute(f"DELETE FROM {chain_table(recorder)} WHERE position = {mark}", (top,))


def test_verify_then_checkpoint_then_catch_a_cut_tail(cli: CLI, tmp_path: Path) -> None:
    report = cli.json(NOW, "verify")
    assert report["ok"] is True and report["first_break"] is None
    assert report["events_verified"] == report["head"]["position"] > 5

    out = tmp_path / "board-2010-01.checkpoint"
    cli.run(NOW, "checkpoint", "--out", str(out))
    key = tmp_path / "keys" / "signing.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    signed = json.loads(out.read_text())
    assert (signed["position"], signed["link"]) == (
        report["head"]["position"],
        report["head"]["link"],
    )

    cli.run(NOW, "status", "laming-2009", "32", "on_track", "--by", "hc")
    proof = cli.json(NOW, "verify", "--checkpoint", str(out))
    assert proof["ok"] is True, "the log grew: it still extends the checkpoint"

    cut_last_event(cli.db)
    cut_last_event(cli.db)
    assert cli.json(NOW, "verify")["ok"] is True  # consistent, only shorter
    done = cli.run(NOW, "verify", "--checkpoint", str(out), "--json", ok=False)
    assert done.returncode == 1
    assert json.loads(done.stdout)["first_break"]["kind"] == "truncated tail"
    assert "tracker: error: the log is broken" in done.stderr


def test_checkpoint_refusals(cli: CLI, tmp_path: Path) -> None:
    out = tmp_path / "cp"
    cli.run(NOW, "checkpoint", "--out", str(out))
    done = cli.run(NOW, "checkpoint", "--out", str(out), ok=False)
    assert "never overwritten" in done.stderr

    forged = json.loads(out.read_text())
    forged["position"] -= 1
    (tmp_path / "forged").write_text(json.dumps(forged))
    done = cli.run(NOW, "verify", "--checkpoint", str(tmp_path / "forged"), ok=False)
    assert done.stderr.startswith("tracker: error: ") and "signature does not match" in done.stderr

    (tmp_path / "keys" / "signing.key").chmod(0o644)
    done = cli.run(NOW, "checkpoint", ok=False)
    assert "TRACKER_SIGNING_KEY" in done.stderr and "chmod 600" in done.stderr
    assert "Traceback" not in done.stderr


def test_person_erase_shows_in_the_history_and_verify_still_passes(cli: CLI) -> None:
    done = cli.run(NOW, "person", "erase", "hos-cf")
    assert "contact details erased" in done.stdout
    assert cli.run(NOW, "person", "hos-cf").stdout.strip() == "hos-cf: (no email address)"
    history = cli.run(NOW, "history", "laming-2009", "11").stdout
    assert "hos-cf (erased)" in history
    assert cli.json(NOW, "verify")["ok"] is True
    done = cli.run(NOW, "person", "erase", "nobody", ok=False)
    assert done.stderr.startswith("tracker: error: no person 'nobody'")


def test_backup_and_restore_through_the_command_line(cli: CLI, tmp_path: Path) -> None:
    file = tmp_path / "backup.jsonl"
    cli.run(NOW, "backup", str(file))
    assert "exists" in cli.run(NOW, "backup", str(file), ok=False).stderr
    copy = CLI(f"sqlite:///{tmp_path / 'copy.db'}", cli.cwd)
    done = copy.run(NOW, "restore", str(file), "--db", copy.db)
    assert "the chain verifies" in done.stdout
    assert copy.json(NOW, "board", "laming-2009") == cli.json(NOW, "board", "laming-2009")
    assert copy.json(NOW, "history", "laming-2009") == cli.json(NOW, "history", "laming-2009")
    assert copy.json(NOW, "verify")["head"] == cli.json(NOW, "verify")["head"]
    again = copy.run(NOW, "restore", str(file), "--db", copy.db, ok=False)
    assert again.returncode == 1 and "not empty" in again.stderr
    assert "Traceback" not in again.stderr


def test_a_mistyped_store_is_refused_not_created(cli: CLI, tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for command in (["verify"], ["checkpoint"], ["backup", str(tmp_path / "x.jsonl")]):
        done = cli.run(NOW, "--db", f"sqlite:///{missing}", *command, ok=False)
        assert done.stderr.startswith("tracker: error: there is no tracker store at"), done.stderr
    assert not missing.exists() and not (tmp_path / "x.jsonl").exists()

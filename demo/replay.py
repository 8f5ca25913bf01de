"""Build the demo: import the plan spreadsheet, then replay its timeline.

Every step goes through the application service at a simulated instant, exactly
as officers would have made the changes with ``tracker``: nothing is written
behind the application's back, and a step the rules refuse stops the demo.

    python -m demo.replay --db sqlite:///var/demo.db
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from application.clock import FixedClock
from application.plan_file import load_plan_file
from application.service import Tracker
from application.settings import Settings
from demo.indicator_steps import run_indicator_step
from demo.staff import name_staff
from domain.dates import parse_date, parse_instant
from domain.errors import TrackerError
from domain.status import parse_status
from entrypoints.bootstrap import bootstrap

HERE = Path(__file__).parent
PLAN = "laming-2009"
TITLE = "Response to Lord Laming (2009)"
IMPORTED_AT = "2009-06-30T16:00"  # the plan as approved by Cabinet


def _steps(path: Path) -> list[tuple[str, int, dict[str, str]]]:
    """(file name, row number, row) of each step, the header being row 1."""
    with path.open(newline="", encoding="utf-8") as handle:
        return [(path.name, n, row) for n, row in enumerate(csv.DictReader(handle), start=2)]


def replay(app: Tracker, clock: FixedClock, *timelines: Path) -> int:
    """Run the timelines' steps in time order (the log never goes back in time)."""
    steps = sorted(
        (s for timeline in timelines for s in _steps(timeline)), key=lambda s: s[2]["at"]
    )
    for name, number, step in steps:
        clock.set(parse_instant(step["at"]))
        if step["command"] in ("define", "figure"):
            try:
                run_indicator_step(app, step)
            except TrackerError as error:
                raise SystemExit(
                    f"{name} row {number} ({step['command']}) refused: {error}"
                ) from None
            continue
        plan, ref, value, by = PLAN, step["ref"], step["value"], step["by"]
        reason = step["reason"] or None
        effective = parse_date(step["effective"]) if step["effective"] else None
        try:
            match step["command"]:
                case "status":
                    app.change_status(
                        plan, ref, parse_status(value), by=by, reason=reason, effective=effective
                    )
                case "due":
                    app.revise_due_date(
                        plan, ref, parse_date(value), by=by, reason=reason, effective=effective
                    )
                case "assign":
                    app.assign(plan, ref, value, by=by, reason=reason, effective=effective)
                case "evidence":
                    app.add_evidence(
                        plan, ref, value, by=by, link=step["link"] or None, effective=effective
                    )
                case other:
                    raise TrackerError(f"unknown command {other!r}")
        except TrackerError as error:
            raise SystemExit(
                f"{name} row {number} ({step['command']} {ref}) refused: {error}"
            ) from None
    return len(steps)


BOARD_CONTACTS = {
    "lead-member": "lead.member@example.gov.uk",
    "board-secretary": "improvement.board@example.gov.uk",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite:///var/demo.db")
    args = parser.parse_args()
    clock = FixedClock(parse_instant(IMPORTED_AT))
    app = bootstrap(Settings(db=args.db), clock=clock)
    if app.recorder.max_notification_id() is not None:
        raise SystemExit(f"{args.db} already holds events: the demo starts from an empty store")
    plan_file = load_plan_file(HERE / "laming-2009.csv")
    result = app.import_plan(
        PLAN,
        plan_file.rows,
        by="pmo",
        source=plan_file.name,
        title=TITLE,
        content_hash=plan_file.content_hash,
    )
    # The board's contacts hear escalations and the weekly exception report.
    app.set_contacts(PLAN, list(BOARD_CONTACTS), by="pmo")
    app.directory.set_emails(BOARD_CONTACTS)
    name_staff(app)  # pages and packs show job titles beside the keys
    steps = replay(
        app, clock, HERE / "laming-2009-history.csv", HERE / "laming-2009-indicators.csv"
    )
    print(
        f"Demo plan {PLAN}: {len(result.added)} items imported, {steps} timeline steps replayed into {args.db}"
    )


if __name__ == "__main__":
    main()

"""How long the web's PDF board pack takes for a large plan, cold and warm.

A plan of N actions as a council might have them (each on a theme and an owner,
most on track, one in ten at risk, one in ten off track, some complete, a
written position on each), served in-process as a signed-in viewer would ask
for it: the first request renders the PDF (cold), the second is served from
the pack cache (warm), and one after a new event renders afresh.

    PYTHONPATH=. python -m benchmarks.pack_pdf --items 500
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from starlette.testclient import TestClient

from application.access import Role
from application.clock import FixedClock
from application.service import Tracker
from application.settings import Settings
from domain.action import Action
from domain.events import When
from domain.plan import Plan
from domain.status import Status
from entrypoints.bootstrap import bootstrap
from web.app import create_app
from web.pack_refresh import PackRefresher

START = datetime(2009, 7, 1, 9, tzinfo=UTC)
THEMES = ["Leadership", "Front-line practice", "Workforce", "Partnerships", "Quality assurance"]
MIX = [Status.ON_TRACK] * 6 + [Status.AT_RISK, Status.OFF_TRACK, Status.COMPLETE]


def build(folder: Path, items: int) -> tuple[str, FixedClock]:
    url = f"sqlite:///{folder}/pack.db"
    clock = FixedClock(START)
    app = bootstrap(Settings(db=url), clock=clock)
    at, on = START, START.date()
    when = When(by="pmo", at=at, effective_on=on)
    plan = Plan.create("pl", title="Improvement plan", organisation="", **when)
    actions = []
    for n in range(items):
        ref = str(n + 1)
        plan.register(ref, action=ref, **when)
        action = Action.add(
            plan="pl",
            ref=ref,
            title=f"Action {ref}: improve the quality of practice in area {n % 37}",
            due=date(2010, 3, 1) + timedelta(days=n % 300),
            owner=f"officer-{n % 15}",
            theme=THEMES[n % len(THEMES)],
            **when,
        )
        status = MIX[n % len(MIX)]
        action.change_status(ref, status, by=f"officer-{n % 15}", at=at, effective_on=on)
        action.add_comment(
            ref, f"Position on {ref}: work under way, next review in a month", **when
        )
        actions.append(action)
    app.save(plan, *actions)
    app.users.add("viewer", Role.VIEWER, "bench password")
    for n in range(15):
        app.directory.names.set(f"officer-{n}", job_title=f"Head of Service {n}")
    app.close()
    return url, clock


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    args = parser.parse_args()
    with TemporaryDirectory() as folder:
        url, clock = build(Path(folder), args.items)
        clock.set(datetime(2010, 1, 4, 9, tzinfo=UTC))
        app = bootstrap(Settings(db=url), clock=clock)
        for mode, background in (("direct", 10_000), ("background", 100)):
            web = create_app(
                app,
                signing_key=Path(folder) / "key",
                pack_pdf_max_items=10_000,
                pack_pdf_background_items=background,
            )
            with TestClient(web) as client:
                signed_in(client)
                for label in ("cold", "warm"):
                    measure(client, f"{mode} {label}")
                if mode == "background":
                    changed(app, web.state.pack_refresher)
                    measure(client, "background after a change")
        app.close()


def changed(app: Tracker, refresher: PackRefresher) -> None:
    """A new event, then the wait for the refresher to make the pack afresh."""
    started, cpu = time.perf_counter(), time.process_time()
    app.add_comment("pl", "7", "Interviews on Friday", by="officer-6")
    while refresher.renders == 0:
        time.sleep(0.1)
    print(
        f"a change, made afresh unasked: {time.perf_counter() - started:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU"
    )


def signed_in(client: TestClient) -> None:
    page = client.get("/sign-in").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    form = {"csrf_token": token, "name": "viewer", "password": "bench password"}
    client.post("/sign-in", data=form)


def measure(client: TestClient, label: str) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    reply = client.get("/plans/pl/pack.pdf")
    answered = time.perf_counter() - started
    if reply.status_code == 202:
        print(f"{label}: 'being prepared' page in {answered:.2f} s wall")
        while reply.status_code == 202:
            time.sleep(0.5)  # the page itself asks every 5 s
            reply = client.get("/plans/pl/pack.pdf")
        label = f"{label} ready"
    assert reply.status_code == 200, reply.text[:300]
    print(
        f"{label}: {time.perf_counter() - started:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU, {len(reply.content):,} bytes"
    )


if __name__ == "__main__":
    main()

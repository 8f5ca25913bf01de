"""Property: ``indicators --as-at T`` equals an independent fold of what was
recorded up to T.

Random definitions, figures and revisions (valid and not) run through the
application at increasing simulated times; the test keeps its own account of
each change the application said it recorded, and judges RAG and direction
from DOMAIN.md's words alone. For random instants and every recording instant,
the application's answer must equal that account's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.clock import FixedClock
from application.settings import Settings
from domain.errors import TrackerError
from domain.indicator import Definition, Figure
from entrypoints.bootstrap import bootstrap
from tests.conftest import fresh_store
from tests.plans import import_sample

pytestmark = pytest.mark.proof

PLAN = "pl"
START = datetime(2009, 7, 1, 9, tzinfo=UTC)
PERIODS = ["2008/09", "2009-04", "2009-05", "2009-Q2", "2009-06"]
ENDS = {"2008/09": "2009-03-31", "2009-04": "2009-04-30", "2009-05": "2009-05-31"}
ENDS |= {"2009-Q2": "2009-06-30", "2009-06": "2009-06-30"}
STARTS = {"2009-Q2": "2009-04-01", "2009-06": "2009-06-01"}

command = st.tuples(
    st.sampled_from(["define", "report", "report", "report"]),
    st.sampled_from(["A", "B"]),
    st.sampled_from(PERIODS),
    st.integers(min_value=0, max_value=100),  # value
    st.one_of(st.none(), st.integers(min_value=40, max_value=90)),  # target
    st.sampled_from(["higher", "lower"]),
    st.booleans(),  # give a reason?
    st.integers(min_value=0, max_value=72),  # hours until the next command
)


def run(commands: list[tuple[Any, ...]], app: Any, clock: FixedClock) -> list[dict[str, Any]]:
    """Run the commands; the account of what the application said it recorded."""
    account: list[dict[str, Any]] = []
    for kind, code, period, value, target, better, reasoned, gap in commands:
        clock.set(clock.now() + timedelta(hours=gap))
        reason = "validated" if reasoned else None
        try:
            if kind == "define":
                definition = Definition(
                    title=f"{code} {better}", unit="percent", better=better, frequency="monthly"
                )
                if app.indicators.define(PLAN, code, definition, by="pi", reason=reason):
                    account.append({"at": clock.now(), "code": code, "better": better})
            else:
                figure = Figure(value=value, target=target)
                if app.indicators.report(PLAN, code, period, figure, by="pi", reason=reason):
                    account.append(
                        {
                            "at": clock.now(),
                            "code": code,
                            "period": period,
                            "value": float(value),
                            "target": target,
                        }
                    )
        except TrackerError:
            pass
    return account


def expected(account: list[dict[str, Any]], until: datetime) -> list[dict[str, Any]]:
    """DOMAIN.md's rules over the account's changes recorded at or before ``until``."""
    found: dict[str, dict[str, Any]] = {}
    for change in account:
        if change["at"] > until:
            continue
        entry = found.setdefault(change["code"], {"figures": {}})
        if "better" in change:
            entry["better"] = change["better"]
        else:
            entry["figures"][change["period"]] = (change["value"], change["target"])
    out = []
    for code, entry in found.items():
        periods = sorted(entry["figures"], key=lambda p: (ENDS[p], STARTS.get(p, "2009-04-01")))
        series = [entry["figures"][p] for p in periods]
        out.append(
            {
                "code": code,
                "series": [(p, *entry["figures"][p]) for p in periods],
                "rag": _rag(series[-1] if series else None, entry["better"]),
                "direction": _direction(series, entry["better"]),
            }
        )
    return out


def _rag(latest: tuple[float, int | None] | None, better: str) -> str:
    if latest is None or latest[1] is None:
        return "grey"
    value, target = latest[0], latest[1]
    short = (target - value) if better == "higher" else (value - target)
    if short <= 0:
        return "green"
    return "amber" if short <= 0.05 * target + 1e-9 else "red"


def _direction(series: list[tuple[float, int | None]], better: str) -> str | None:
    if len(series) < 2:
        return None
    now, before = series[-1][0], series[-2][0]
    if now == before:
        return "same"
    return "better" if (now > before) == (better == "higher") else "worse"


def check(commands: list[tuple[Any, ...]], instants: list[float]) -> None:
    with fresh_store("sqlite") as url:
        clock = FixedClock(START)
        app = bootstrap(Settings(db=url), clock=clock)
        try:
            import_sample(app, PLAN)
            account = run(commands, app, clock)
            span = (clock.now() - START).total_seconds() + 3600
            moments = [START + timedelta(seconds=span * f) for f in instants]
            for when in moments + [c["at"] for c in account]:
                got = [
                    {
                        "code": r.code,
                        "rag": r.rag,
                        "direction": r.direction,
                        "series": [(p.period.text, p.value, p.target) for p in r.series],
                    }
                    for r in app.indicators.readings(PLAN, when)
                ]
                assert got == expected(account, when), f"as at {when.isoformat()}"
        finally:
            app.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    commands=st.lists(command, max_size=30),
    instants=st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=5),
)
def test_indicators_as_at_equal_the_fold_of_what_was_recorded(
    commands: list[tuple[Any, ...]], instants: list[float]
) -> None:
    check(commands, instants)

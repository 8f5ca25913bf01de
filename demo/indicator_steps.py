"""The demo's performance indicators: the Cambridgeshire report's own figures
for 2006/07 to 2008/09 (../shared/seeds, section 3: referrals, re-referrals,
NI 68, NI 59, children on a plan not allocated and looked-after children
allocated to a qualified social worker), then plausible monthly figures through
2009-2010, one provisional figure revised, NI 59's definition changed in April
2010, and the October 2010 looked-after children figure never sent (so the
weekly report lists it as late).

Each row of ``laming-2009-indicators.csv`` is a step at a simulated instant,
merged into the plan's timeline by ``replay`` and run through the service.
"""

from __future__ import annotations

from application.service import Tracker
from domain.errors import TrackerError
from domain.indicator import Definition, Figure, parse_number

PLAN = "laming-2009"


def run_indicator_step(app: Tracker, step: dict[str, str]) -> None:
    """Define an indicator, or report (or revise) one period's figure."""
    if step["command"] == "define":
        definition = Definition.model_validate(
            {
                "title": step["title"],
                "unit": step["unit"],
                "better": step["better"],
                "frequency": step["frequency"],
                "owner": step["owner"],
                "actions": tuple(r.strip() for r in step["actions"].split(",") if r.strip()),
            }
        )
        app.indicators.define(
            PLAN, step["code"], definition, by=step["by"], reason=step["reason"] or None
        )
        return
    value = parse_number("value", step["value"])
    if value is None:
        raise TrackerError(f"{step['code']} {step['period']} has no value")
    figure = Figure(
        value=value,
        target=parse_number("target", step["target"]),
        neighbours=parse_number("neighbours", step["neighbours"]),
        england=parse_number("england", step["england"]),
    )
    app.indicators.report(
        PLAN, step["code"], step["period"], figure, by=step["by"], reason=step["reason"] or None
    )

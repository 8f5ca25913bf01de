"""The indicator pages: a plan's indicators (now or as at an instant, each
with its trend), one indicator with its history and the actions meant to move
it, and the form its owner reports a period's figure with.

The same service calls as ``tracker indicators`` and ``tracker indicator
value``; the signed-in user is who reports.
"""

from __future__ import annotations

from functools import partial

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.access import Act
from application.indicators import UnknownIndicator
from application.service import Tracker
from domain.errors import InvalidPeriod, ReasonRequired, TrackerError
from domain.indicator import Figure, check_code, parse_number
from domain.periods import parse_period
from web.forms import form_of, text
from web.indicator_chart import DIRECTION_WORDS, legend, trend_svg
from web.off_loop import in_thread
from web.pages import BadInstant, _board
from web.present import timeline
from web.session import flash, require, require_user, tracker
from web.templating import page

_FIELDS = ("period", "value", "target", "neighbours", "england", "reason")


@in_thread
def indicators_page(request: Request) -> Response:
    return indicators_response(request)


def indicators_response(
    request: Request, errors: list[tuple[str, str]] | None = None, status: int = 200
) -> Response:
    """The plan's indicators page, with ``errors`` (an upload refused) if any."""
    require_user(request)
    plan = request.path_params["plan"]
    app = tracker(request)
    errors = list(errors or [])
    try:
        shown, as_at = _board(request, plan)
    except BadInstant as error:
        (shown, as_at), status = (app.board(plan), ""), 400
        errors.append((error.field, error.message))
    readings = app.indicators.readings(plan, shown.as_at if shown.historical else None)
    return page(
        request,
        "indicators.html",
        status,
        board=shown,
        as_at=as_at,
        readings=readings,
        charts={r.code: trend_svg(r, f"trend-{i}") for i, r in enumerate(readings)},
        legends={r.code: legend(r.series) for r in readings},
        directions=DIRECTION_WORDS,
        errors=errors,
    )


@in_thread
def indicator_page(
    request: Request,
    errors: list[tuple[str, str]] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    require_user(request)
    plan = request.path_params["plan"]
    app = tracker(request)
    errors = list(errors or [])
    try:
        shown, as_at = _board(request, plan)
    except BadInstant as error:
        (shown, as_at), status = (app.board(plan), ""), 400
        errors.append((error.field, error.message))
    code = _code(request)
    found = next(
        (
            r
            for r in app.indicators.readings(plan, shown.as_at if shown.historical else None)
            if r.code == code
        ),
        None,
    )
    if found is None:
        raise UnknownIndicator(
            f"plan {plan} has no indicator {code}" + (" at that moment" if shown.historical else "")
        )
    rows = app.indicators.history(plan, code)
    return page(
        request,
        "indicator.html",
        status,
        board=shown,
        as_at=as_at,
        reading=found,
        chart=trend_svg(found, "trend"),
        legend=legend(found.series),
        entries=timeline(rows, until=shown.as_at if shown.historical else None),
        actions=[i for i in shown.items if i.ref in found.actions],
        directions=DIRECTION_WORDS,
        errors=errors,
        values=values or {},
    )


async def figure_form(request: Request) -> Response:
    """POST /plans/{plan}/indicators/{code}/figure: a period's figure, or its revision."""
    plan, code = request.path_params["plan"], _code(request)
    require_user(request)
    app = tracker(request)
    form = await form_of(request)
    owner = await run_in_threadpool(_owner, app, plan, code)
    user = require(request, Act.REPORT, owner)
    given = {name: text(form, name) for name in _FIELDS}
    errors, figure = _checked(given)
    changed = False
    if figure is not None:
        try:
            changed = await run_in_threadpool(
                partial(app.indicators.report, by=user.name, reason=given["reason"] or None),
                plan,
                code,
                given["period"],
                figure,
            )
        except TrackerError as error:
            errors = [(_field_of(error), str(error))]
    if errors:
        values = {f"figure-{k}": v for k, v in given.items()}
        named = [(f"figure-{field}", message) for field, message in errors]
        return await indicator_page(request, named, values, 400)
    period = given["period"]
    flash(request, f"{code} {period} recorded." if changed else f"{code} {period}: no change.")
    return RedirectResponse(f"/plans/{plan}/indicators/{code}", status_code=303)


def _checked(given: dict[str, str]) -> tuple[list[tuple[str, str]], Figure | None]:
    """Every field's problem at once (GOV.UK: all errors in one summary), or the figure."""
    errors: list[tuple[str, str]] = []
    numbers: dict[str, float | None] = {}
    if not given["period"]:
        errors.append(("period", "Enter the period, for example 2009-06, 2009-Q2 or 2008/09"))
    else:
        try:
            parse_period(given["period"])
        except TrackerError as error:
            errors.append(("period", str(error)))
    for name in ("value", "target", "neighbours", "england"):
        try:
            numbers[name] = parse_number(name, given[name])
        except TrackerError as error:
            errors.append((name, str(error)))
    if "value" in numbers and numbers["value"] is None:
        errors.append(("value", "Enter the figure, for example 71.9"))
    value = numbers.get("value")
    if errors or value is None:
        return errors, None
    figure = Figure(
        value=value,
        target=numbers["target"],
        neighbours=numbers["neighbours"],
        england=numbers["england"],
    )
    return [], figure


def _field_of(error: TrackerError) -> str:
    """The form field a refusal belongs to, for the error summary's link."""
    message = str(error)
    if isinstance(error, InvalidPeriod):
        return "period"
    if isinstance(error, ReasonRequired):
        return "reason"
    for name in ("target", "neighbours", "england", "value"):
        if f"the {name}" in message:
            return name
    return "value"


def _owner(app: Tracker, plan: str, code: str) -> str:
    for reading in app.indicators.readings(plan):
        if reading.code == code:
            return reading.owner
    raise UnknownIndicator(f"plan {plan} has no indicator {code}")


def _code(request: Request) -> str:
    try:
        return check_code(request.path_params["code"])
    except TrackerError:
        raise HTTPException(404) from None

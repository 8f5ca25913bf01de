"""The plan's board meetings on the web: the list, and the form a chair or an
administrator records one with (the same command as ``tracker meeting``).

A refused form shows the GOV.UK error summary naming the field, and records
nothing; a recorded meeting returns to the list with a confirmation.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.access import Act
from domain.dates import parse_date
from domain.errors import InvalidDate, TextRequired
from web.forms import form_of, text
from web.off_loop import in_thread, run_in_threadpool
from web.present import uk_date
from web.session import flash, require, require_user, tracker
from web.templating import page

Errors = list[tuple[str, str]]


@in_thread
def meetings_page(request: Request) -> Response:
    """GET /plans/{plan}/meetings"""
    require_user(request)
    return _page(request, [], {}, 200)


def _page(request: Request, errors: Errors, values: dict[str, str], status: int) -> Response:
    plan = request.path_params["plan"]
    app = tracker(request)
    board = app.board(plan)  # an unknown plan: the 404 page
    return page(
        request,
        "meetings.html",
        status,
        board=board,
        meetings=list(reversed(app.meetings(plan))),  # the latest first
        errors=errors,
        values=values,
    )


async def record_meeting(request: Request) -> Response:
    """POST /plans/{plan}/meetings: chairs and administrators."""
    plan = request.path_params["plan"]
    user = require(request, Act.MEETING)
    form = await form_of(request)
    app = tracker(request)
    values = {"meeting-date": text(form, "date"), "meeting-title": text(form, "title")}
    if not values["meeting-date"]:
        errors = [("meeting-date", "Enter the date of the meeting, for example 05/02/2010")]
        return await _refused(request, errors, values)
    try:
        held_on = parse_date(values["meeting-date"])
        changed = await run_in_threadpool(
            app.record_meeting, plan, held_on, text(form, "title"), by=user.name
        )
    except (InvalidDate, TextRequired) as error:  # anything else: its own page (404 ...)
        field = "meeting-title" if isinstance(error, TextRequired) else "meeting-date"
        return await _refused(request, [(field, str(error))], values)
    when = uk_date(held_on)
    flash(
        request,
        f"The board meeting of {when} is recorded."
        if changed
        else f"The board meeting of {when} was already recorded: nothing changed.",
    )
    return RedirectResponse(f"/plans/{plan}/meetings", status_code=303)


async def _refused(request: Request, errors: Errors, values: dict[str, str]) -> Response:
    return await run_in_threadpool(_page, request, errors, values, 400)

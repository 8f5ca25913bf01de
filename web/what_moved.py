"""The "what moved" page: since and until (the last meeting and now by
default), the plan's meetings to pick from, and each move explained (who,
when, why) under the headings a board reads.

A date that cannot be read, or an until before the since, gives the GOV.UK
error summary and no results: never another period's results under a heading
that names the refused date.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response

from domain.dates import end_of_day, london_date, parse_instant
from domain.errors import InvalidDate
from domain.meetings import last_on_or_before
from web.off_loop import in_thread
from web.session import require_user, tracker
from web.templating import page

DEFAULT_DAYS = 28  # with no meeting recorded: the last four weeks


@in_thread
def changes(request: Request) -> Response:
    """GET /plans/{plan}/changes?since=...&until=..."""
    require_user(request)
    plan = request.path_params["plan"]
    app = tracker(request)
    board = app.board(plan)  # an unknown plan: the 404 page
    held = app.meetings(plan)
    since_text = request.query_params.get("since", "").strip()
    until_text = request.query_params.get("until", "").strip()
    errors: list[tuple[str, str]] = []
    since = _instant(since_text, "since", errors)
    until = _instant(until_text, "until", errors)
    meeting = next((m for m in held if since and end_of_day(m.held_on) == since), None)
    if not since_text:
        meeting = last_on_or_before(held, london_date(app.clock.now()))
        since = end_of_day(meeting.held_on) if meeting else _weeks_ago(app.clock.now())
    if since and until and until < since:
        errors.append(("until", "The until date must be the same as or after the since date"))
    moved = None
    if not errors:
        moved = app.what_moved(plan, since=since, until=until)
    return page(
        request,
        "changes.html",
        400 if errors else 200,
        board=board,
        changes=moved,
        meeting=meeting,
        meetings=list(reversed(held)),
        since_text=since_text,
        until_text=until_text,
        errors=errors,
    )


def _instant(text: str, field: str, errors: list[tuple[str, str]]) -> datetime | None:
    if not text:
        return None
    try:
        return parse_instant(text)
    except InvalidDate as error:
        errors.append((field, f"{field.capitalize()}: {error}"))
        return None


def _weeks_ago(now: datetime) -> datetime:
    return end_of_day(london_date(now) - timedelta(days=DEFAULT_DAYS))

"""The pages people read: plans, boards (now or as at an instant), items with
their audit trail, what moved, exceptions, my items, and the board pack."""

from __future__ import annotations

from datetime import datetime, timedelta

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from application.access import Act, allowed
from domain.dates import LONDON, london_date, parse_instant
from domain.errors import InvalidDate, TrackerError, UnknownItem
from domain.status import Status
from projections.board import Board, totals
from projections.themes import by_theme, grouping_theme
from web.date_input import PARTS, read_date
from web.indicator_chart import moved_by
from web.off_loop import in_thread
from web.present import Filters, exceptions, timeline
from web.session import require_user, tracker
from web.templating import page


class BadInstant(TrackerError):
    """A time-travel instant that cannot be read; the page says which field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def requested_instant(request: Request) -> datetime | None:
    """The instant a page is viewed as at: the time-travel form's date boxes
    (``on-day``, ``on-month``, ``on-year``) and time (``at``, default the end of
    that day); or, in links, ``as_at``, or ``on`` (a date) and ``at``."""
    q = request.query_params
    if any(f"on-{part}" in q for part in PARTS):
        typed = read_date(q, "on", time_name="at")
        if typed.error:
            raise BadInstant(typed.anchor, typed.error)
        return typed.instant
    try:
        if q.get("on", "").strip():
            at = q.get("at", "").strip()
            return parse_instant(f"{q['on'].strip()}T{at}" if at else q["on"])
        if q.get("as_at", "").strip():
            return parse_instant(q["as_at"])
    except InvalidDate as error:
        raise BadInstant("on", str(error)) from None
    return None


def keep_instant(as_at: datetime | None) -> str:
    """The canonical ``as_at`` for links: London time, to the second."""
    return as_at.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M:%S") if as_at else ""


def _board(request: Request, plan: str) -> tuple[Board, str]:
    as_at = requested_instant(request)
    return tracker(request).board(plan, as_at=as_at), keep_instant(as_at)


@in_thread
def plans(request: Request) -> Response:
    user = require_user(request)
    app = tracker(request)
    # archived plans are listed apart, for those who may bring them back
    archived = (
        app.plan_summaries(archived=True) if allowed(user.role, Act.ARCHIVE, user=user.name) else []
    )
    return page(request, "plans.html", boards=app.plan_summaries(), archived=archived)


@in_thread
def board(request: Request) -> Response:
    require_user(request)
    plan = request.path_params["plan"]
    filters = Filters.from_query(request.query_params)
    try:
        shown, as_at = _board(request, plan)
    except BadInstant as error:
        shown, as_at = tracker(request).board(plan), ""
        return _board_page(request, shown, filters, as_at, [(error.field, error.message)], 400)
    return _board_page(request, shown, filters, as_at, [], 200)


def _board_page(
    request: Request,
    shown: Board,
    filters: Filters,
    as_at: str,
    errors: list[tuple[str, str]],
    status: int,
) -> HTMLResponse:
    theme_of = grouping_theme(shown)
    items = [item for item in shown.items if filters.keep(item, theme_of[item.ref])]
    return page(
        request,
        "board.html",
        status,
        board=shown,
        as_at=as_at,
        filters=filters,
        themes=by_theme(shown, items),
        shown_totals=totals(items),
        owners=sorted({item.owner for item in shown.items}),
        theme_names=sorted({item.theme for item in shown.items if item.theme}),
        statuses=list(Status),
        errors=errors,
        archived=tracker(request).is_archived(shown.plan),
    )


@in_thread
def item(
    request: Request,
    errors: list[tuple[str, str]] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    require_user(request)
    plan, ref = request.path_params["plan"], request.path_params["ref"]
    app = tracker(request)
    try:
        shown, as_at = _board(request, plan)
    except BadInstant as error:
        shown, as_at = app.board(plan), ""
        errors = [*(errors or []), (error.field, error.message)]
        status = 400
    found = next((i for i in shown.items if i.ref == ref), None)
    if found is None:
        if shown.historical and ref in {i.ref for i in app.board(plan).items}:
            when = shown.as_at.astimezone(LONDON).strftime("%-d %B %Y %H:%M")
            raise UnknownItem(f"{ref} was not yet in plan {plan} at {when}")
        raise UnknownItem(f"there is no item {ref} in plan {plan}")
    rows = app.history(plan, ref)
    return page(
        request,
        "item.html",
        status,
        board=shown,
        item=found,
        as_at=as_at,
        milestones=[i for i in shown.items if i.parent == ref],
        parent=next((i for i in shown.items if i.ref == found.parent), None),
        entries=timeline(rows, until=shown.as_at if shown.historical else None),
        evidence=[
            r
            for r in rows
            if r["type"] == "EvidenceAdded"
            and (not shown.historical or datetime.fromisoformat(r["recorded_at"]) <= shown.as_at)
        ],
        statuses=list(Status),
        errors=errors or [],
        values=values or {},
        indicators=moved_by(app, plan, ref, shown),
    )


@in_thread
def changes(request: Request) -> Response:
    require_user(request)
    plan = request.path_params["plan"]
    app = tracker(request)
    now = app.clock.now()
    text = request.query_params.get("since", "").strip()
    default = london_date(now) - timedelta(days=28)
    errors: list[tuple[str, str]] = []
    try:
        since = parse_instant(text) if text else parse_instant(default.isoformat())
    except InvalidDate as error:
        errors.append(("since", str(error)))
        since = parse_instant(default.isoformat())
    moved = app.changes(plan, since=since)
    return page(
        request,
        "changes.html",
        400 if errors else 200,
        board=app.board(plan),
        changes=moved,
        since_text=text or default.isoformat(),
        errors=errors,
    )


@in_thread
def exceptions_page(request: Request) -> Response:
    require_user(request)
    shown, as_at = _board(request, request.path_params["plan"])
    return page(request, "exceptions.html", board=shown, as_at=as_at, items=exceptions(shown))


@in_thread
def my_items(request: Request) -> Response:
    user = require_user(request)
    boards = [(b, [i for i in b.items if i.owner == user.name]) for b in tracker(request).boards()]
    return page(request, "my_items.html", boards=[(b, mine) for b, mine in boards if mine])

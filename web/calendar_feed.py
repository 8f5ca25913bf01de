"""Calendars on the web: the signed-in user's private calendar address (make,
replace, stop), the feed Outlook fetches with no session, and an item's
"add to calendar" download.

The feed's address is its only key (``application/calendar_tokens``): it is
shown once, when made, and a wrong or stopped one is a plain 404 that says
nothing about whether it ever existed.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application import calendar_feed
from web.forms import form_of
from web.off_loop import in_thread, run_in_threadpool
from web.session import flash, require_user, tracker
from web.templating import page

ICS = "text/calendar; charset=utf-8"


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@in_thread
def calendar_page(request: Request) -> Response:
    """GET /calendar"""
    user = require_user(request)
    address = tracker(request).calendar_tokens.of(user.name)
    return page(request, "calendar.html", address=address, url=None)


async def calendar_new(request: Request) -> Response:
    """POST /calendar/new: a new address (any earlier one stops working), shown once."""
    user = require_user(request)
    await form_of(request)  # the CSRF check
    app = tracker(request)
    secret = await run_in_threadpool(app.calendar_tokens.create, user.name, now=app.clock.now())
    address = await run_in_threadpool(app.calendar_tokens.of, user.name)
    url = f"{_base(request)}/calendar/{secret}.ics"
    return await run_in_threadpool(page, request, "calendar.html", address=address, url=url)


async def calendar_revoke(request: Request) -> Response:
    """POST /calendar/revoke"""
    user = require_user(request)
    await form_of(request)
    if await run_in_threadpool(tracker(request).calendar_tokens.revoke, user.name):
        flash(request, "Your calendar address no longer works. Outlook will stop updating it.")
    return RedirectResponse("/calendar", status_code=303)


@in_thread
def feed(request: Request) -> Response:
    """GET /calendar/{token}.ics: no session; the address is the key."""
    app = tracker(request)
    user = app.calendar_tokens.user_of(request.path_params["token"], now=app.clock.now())
    if user is None:
        return Response("Not found\n", status_code=404, media_type="text/plain")
    body = calendar_feed.feed(app, user, base_url=_base(request))
    return Response(body, media_type=ICS)


@in_thread
def item_download(request: Request) -> Response:
    """GET /plans/{plan}/items/{ref}/calendar.ics: one deadline, for any calendar."""
    require_user(request)
    plan, ref = request.path_params["plan"], request.path_params["ref"]
    body = calendar_feed.item_calendar(tracker(request), plan, ref, base_url=_base(request))
    name = f"{plan}-{ref}.ics".replace('"', "")
    return Response(
        body, media_type=ICS, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )

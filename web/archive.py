"""Archiving a plan from its board (administrators), and the rule that a
``{plan}`` in any address is a well-formed plan id.

Archiving hides a plan from the plans list, overdue and reminders; its board,
history and as-at stay, and unarchiving brings it all back. The reason is
required and kept in the plan's history.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from application.access import Act
from domain.plan import check_plan_id
from web import pages
from web.forms import form_of, text
from web.present import Filters
from web.session import flash, require, tracker

Endpoint = Callable[[Request], Awaitable[Response]]


def plan_ids_checked(routes: list[BaseRoute]) -> list[BaseRoute]:
    """Every route with ``{plan}`` first checks the id (``check_plan_id``):
    one that breaks the rule is refused as not found, before any store access."""

    def checked(endpoint: Endpoint) -> Endpoint:
        @wraps(endpoint)
        async def handler(request: Request) -> Response:
            check_plan_id(request.path_params["plan"])  # InvalidPlanId: the 404 page
            return await endpoint(request)

        return handler

    return [
        Route(route.path, checked(route.endpoint), methods=route.methods, name=route.name)
        if isinstance(route, Route) and "plan" in route.param_convertors
        else route
        for route in routes
    ]


async def archive(request: Request) -> Response:
    """POST /plans/{plan}/archive"""
    return await _set_archived(request, archived=True)


async def unarchive(request: Request) -> Response:
    """POST /plans/{plan}/unarchive"""
    return await _set_archived(request, archived=False)


async def _set_archived(request: Request, *, archived: bool) -> Response:
    plan = request.path_params["plan"]
    user = require(request, Act.ARCHIVE)
    form = await form_of(request)
    app = tracker(request)
    reason = text(form, "reason")
    if not reason:
        verb = "archived" if archived else "brought back"
        errors = [("archive-reason", f"Give the reason the plan is {verb}")]
        shown = app.board(plan)  # an unknown plan: the 404 page
        return pages._board_page(request, shown, Filters(), "", errors, 400)
    changed = app.set_archived(plan, archived, by=user.name, reason=reason)
    if not changed:
        flash(request, f"{plan} was already {'archived' if archived else 'not archived'}.")
    elif archived:
        flash(request, f"{plan} is archived: the plans list, overdue and reminders leave it out.")
    else:
        flash(request, f"{plan} is back in the plans list, overdue and reminders.")
    return RedirectResponse(f"/plans/{plan}", status_code=303)

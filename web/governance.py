"""The plan's governance page: its settings as GOV.UK checkboxes, which a
chair changes (each change an event on the plan); everyone else reads them.
The rules themselves are the domain's; the chair fact is the signed-in role."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.access import Act
from domain.governance import SETTING_WORDS, SETTINGS, Setting
from web.form_fields import form_of
from web.off_loop import in_thread, run_in_threadpool
from web.session import flash, require, require_user, tracker
from web.templating import page


@in_thread
def governance_page(request: Request) -> Response:
    """GET /plans/{plan}/governance"""
    require_user(request)
    plan = request.path_params["plan"]
    app = tracker(request)
    board = app.board(plan)  # an unknown plan: the 404 page
    settings = app.governance(plan)
    rows = [(name, SETTING_WORDS[name], settings.setting(name)) for name in SETTINGS]
    return page(request, "governance.html", board=board, settings=rows)


async def governance_form(request: Request) -> Response:
    """POST /plans/{plan}/governance: the ticked settings are on, the rest off."""
    plan = request.path_params["plan"]
    user = require(request, Act.GOVERN)
    form = await form_of(request)
    app = tracker(request)
    ticked = set(form.getlist("settings"))
    changes: dict[Setting, bool] = {name: name in ticked for name in SETTINGS}
    changed = await run_in_threadpool(app.set_governance, plan, changes, by=user.name)
    if changed:
        words = ", ".join(
            f"{SETTING_WORDS[name].split(' (')[0].lower()} {'on' if changes[name] else 'off'}"
            for name in changed
        )
        flash(request, f"Governance changed: {words}.")
    else:
        flash(request, "Nothing changed: the settings were already so.")
    return RedirectResponse(f"/plans/{plan}/governance", status_code=303)

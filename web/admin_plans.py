"""A plan's settings for administrators: who owns each item (``assign``), who
hears the board's escalations and reports (``set_contacts``), when reminders
go out (``configure_reminders``), and each owner's workload.

Owners and contacts are staff keys, never names or email addresses: the
addresses stay in the staff directory, where they can be corrected or erased.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.passwords import is_user_name
from application.service import Tracker
from domain.errors import TrackerError
from domain.reminders import WEEKDAYS, ReminderPolicy
from web.admin_users import require_admin
from web.forms import FieldError, form_of, text
from web.off_loop import in_thread
from web.session import flash, tracker
from web.templating import page

Errors = list[tuple[str, str]]
SWITCHES = {
    "on_due": "On the due date",
    "first_overdue": "On the first working day overdue",
    "weekly_overdue": "Every week while overdue",
    "escalate_off_track": "Tell the board when an item is declared off track",
}
KEY_HINT = "a staff key such as hos-cf: lower-case letters, digits, '.', '-' and '_'"


def _settings(request: Request, errors: Errors, values: dict[str, str], status: int) -> Response:
    app = tracker(request)
    plan = request.path_params["plan"]
    board = app.board(plan)  # an unknown plan: the error page
    policy, contacts = app.reminder_settings(plan)
    users = {user.name for user in app.users.all()}
    return page(
        request,
        "admin_plan.html",
        status,
        board=board,
        policy=policy,
        contacts=contacts,
        known=sorted(users | {item.owner for item in board.items}),
        weekdays=WEEKDAYS,
        switches=SWITCHES,
        errors=errors,
        values=values,
    )


@in_thread
def settings_page(request: Request) -> Response:
    """GET /admin/plans/{plan}"""
    require_admin(request)
    return _settings(request, [], {}, 200)


@in_thread
def workload_page(request: Request) -> Response:
    """GET /admin/plans/{plan}/workload: open, overdue and due-soon items per owner."""
    require_admin(request)
    app = tracker(request)
    plan = request.path_params["plan"]
    board = app.board(plan)
    titles = {item.ref: item.title for item in board.items}
    return page(request, "admin_workload.html", board=board, rows=app.workload(plan), titles=titles)


def _key(value: str, field: str, what: str) -> str:
    if not value:
        raise FieldError(field, f"Enter the {what}'s staff key, for example hos-cf")
    if not is_user_name(value):
        raise FieldError(field, f"'{value[:40]}' is not {KEY_HINT}")
    return value


def _owner(app: Tracker, plan: str, form: FormData, by: str) -> str:
    ref = text(form, "ref")
    if ref not in {item.ref for item in app.board(plan).items}:
        raise FieldError("owner-ref", "Choose the item")
    owner = _key(text(form, "owner"), "owner-owner", "new owner")
    reason = text(form, "reason") or None
    if app.assign(plan, ref, owner, by=by, reason=reason):
        return f"{ref} is now owned by {owner}."
    return f"{ref} was already owned by {owner}: nothing recorded."


def _contacts(app: Tracker, plan: str, form: FormData, by: str) -> str:
    keys = [key for key in re.split(r"[\s,;]+", text(form, "contacts")) if key]
    for key in keys:
        _key(key, "contacts-contacts", "contact")
    if not app.set_contacts(plan, keys, by=by):
        return "The board contacts were already these: nothing recorded."
    return f"Board contacts of {plan}: {', '.join(keys) or 'none'}."


def _days(raw: str, field: str) -> list[int]:
    parts = [part for part in re.split(r"[\s,;]+", raw) if part]
    if not all(part.isdigit() and 0 < int(part) <= 60 for part in parts):
        raise FieldError(field, "Enter working days as whole numbers from 1 to 60, such as 10, 3")
    return [int(part) for part in parts]


def _reminders(app: Tracker, plan: str, form: FormData, by: str) -> str:
    before = sorted(set(_days(text(form, "before"), "reminders-before")), reverse=True)
    after = _days(text(form, "escalate_after"), "reminders-escalate_after")
    if len(after) > 1:
        raise FieldError("reminders-escalate_after", "Enter one number of working days")
    day = text(form, "report_day")
    if day not in WEEKDAYS:
        raise FieldError("reminders-report_day", "Choose the day the exception report goes out")
    try:
        policy = ReminderPolicy(
            before=tuple(before),
            escalate_after=after[0] if after else None,
            report_day=day,
            **{name: form.get(name) == "yes" for name in SWITCHES},
        )
    except ValidationError as error:
        raise FieldError("reminders-before", error.errors()[0]["msg"]) from None
    if app.configure_reminders(plan, policy, by=by):
        return f"The reminder settings of {plan} are saved."
    return "The reminder settings were already these: nothing recorded."


Handler = Callable[[Tracker, str, FormData, str], str]
_FORMS: dict[str, Handler] = {"owner": _owner, "contacts": _contacts, "reminders": _reminders}
_MAIN_FIELD = {
    "owner": "owner-reason",
    "contacts": "contacts-contacts",
    "reminders": "reminders-before",
}


def settings_form(kind: str) -> Callable[[Request], Awaitable[Response]]:
    """POST /admin/plans/{plan}/owner|contacts|reminders (one route each, so
    any other address under a plan is not found)."""

    async def endpoint(request: Request) -> Response:
        admin = require_admin(request)
        plan = request.path_params["plan"]
        form = await form_of(request)
        app = tracker(request)
        try:
            message = await run_in_threadpool(_FORMS[kind], app, plan, form, admin.name)
        except TrackerError as error:
            field = error.field if isinstance(error, FieldError) else _MAIN_FIELD[kind]
            values = {f"{kind}-{key}": str(value) for key, value in form.items()}
            errors = [(field, str(error))]
            return await run_in_threadpool(_settings, request, errors, values, 400)
        flash(request, message)
        return RedirectResponse(f"/admin/plans/{plan}", status_code=303)

    endpoint.__name__ = f"admin_{kind}"
    return endpoint

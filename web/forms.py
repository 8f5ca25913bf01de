"""The forms that change things. Each is the same application command as on
the command line, with the signed-in user as the actor.

A refused form re-renders its page with a GOV.UK error summary naming the
field and the problem, and records nothing (the command refuses before saving).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.passwords import is_user_name
from application.service import Tracker
from application.users import sign_in_name, verify
from domain.dates import LONDON
from domain.errors import (
    ContactDetailsRefused,
    EffectiveDateOutOfBounds,
    EvidenceRequired,
    InvalidNumber,
    MilestonesStillOpen,
    ReasonRequired,
    TextRequired,
    TrackerError,
    TransitionNotAllowed,
    UnknownItem,
)
from web import pages
from web.form_fields import FieldError, form_of, text
from web.item_changes import ITEM_FORMS
from web.present import uk_date
from web.session import (
    client_address,
    end_session,
    flash,
    require,
    require_user,
    sign_in,
    tracker,
)
from web.templating import page

Errors = list[tuple[str, str]]
__all__ = ["FieldError", "form_of", "text"]  # the shared field helpers, as before


# Which field a refusal belongs to, by the kind of refusal.
_FIELD_OF: dict[type[TrackerError], str] = {
    ReasonRequired: "reason",
    EvidenceRequired: "status",
    MilestonesStillOpen: "status",
    TransitionNotAllowed: "status",
    EffectiveDateOutOfBounds: "effective",
    TextRequired: "text",
    InvalidNumber: "percent",
}


def _field(error: TrackerError, fields: tuple[str, ...]) -> str:
    """The form's field the refusal belongs to; its main field if none of its own."""
    if isinstance(error, ContactDetailsRefused) and error.field in fields:
        return error.field  # the form's field of that name held the address
    if isinstance(error, FieldError) and error.field in fields:
        return error.field
    for kind in type(error).__mro__:
        if kind in _FIELD_OF:
            return _FIELD_OF[kind] if _FIELD_OF[kind] in fields else fields[0]
    return fields[0]


async def item_form(request: Request) -> Response:
    """POST /plans/{plan}/items/{ref}/{form}: the forms of ``web.item_changes``."""
    plan, ref, name = (request.path_params[k] for k in ("plan", "ref", "form"))
    require_user(request)
    if name not in ITEM_FORMS:
        raise HTTPException(404)
    app = tracker(request)
    form = await form_of(request)
    owner = await run_in_threadpool(_owner, app, plan, ref)
    chosen = ITEM_FORMS[name]
    user = require(request, chosen.act, owner)
    try:
        message = await run_in_threadpool(chosen.handler, app, plan, ref, form, user)
    except TrackerError as error:
        field = _field(error, chosen.fields)
        return await _refused(request, name, [(f"{name}-{field}", str(error))], form)
    flash(request, message)
    back = f"/plans/{plan}/items/{ref}"
    return RedirectResponse(back, status_code=303)


async def _refused(request: Request, name: str, errors: Errors, form: FormData) -> Response:
    values = {f"{name}-{key}": str(value) for key, value in form.items() if key != "csrf_token"}
    return await pages.item(request, errors=errors, values=values, status=400)


def _owner(app: Tracker, plan: str, ref: str) -> str:
    for found in app.board(plan).items:
        if found.ref == ref:
            return found.owner
    raise UnknownItem(f"there is no item {ref} in plan {plan}")


# -- signing in ---------------------------------------------------------------


async def sign_in_page(request: Request) -> Response:
    return page(request, "sign_in.html", next=_next(request.query_params.get("next")), name="")


async def sign_in_form(request: Request) -> Response:
    """Throttled: a locked account or client is refused (429) before its
    password is looked at, so even the right one waits out the lock."""
    form = await form_of(request)
    name, password = text(form, "name"), form.get("password")
    target = _next(text(form, "next"))
    app = tracker(request)
    typed = sign_in_name(name)
    account = typed if is_user_name(typed) else None  # no account has any other name
    attempt = app.users.throttle.admit(account, client_address(request), now=app.clock.now())
    if isinstance(attempt, datetime):
        return _locked_out(request, attempt, target, name)
    credentials = app.users.credentials(typed)
    secret = password if isinstance(password, str) else ""
    user = await run_in_threadpool(verify, credentials, secret)  # Argon2: tens of ms
    if user is None:
        locked_until = app.users.throttle.failed(attempt, now=app.clock.now())
        if locked_until is not None:
            return _locked_out(request, locked_until, target, name)
        errors = [("name", "The user name or password is not right")]
        return page(request, "sign_in.html", 400, errors=errors, next=target, name=name)
    app.users.throttle.succeeded(attempt)
    sign_in(request, user)
    return RedirectResponse(target, status_code=303)


def _locked_out(request: Request, until: datetime, target: str, name: str) -> Response:
    now = tracker(request).clock.now()
    shown = until + timedelta(minutes=1, microseconds=-1)  # rounded up to the minute
    when = shown.astimezone(LONDON).strftime("%H:%M")
    if shown.astimezone(LONDON).date() != now.astimezone(LONDON).date():
        when += " on " + uk_date(shown.astimezone(LONDON).date())
    errors = [("name", f"Too many attempts: try again after {when} or ask an administrator")]
    reply = page(request, "sign_in.html", 429, errors=errors, next=target, name=name)
    reply.headers["Retry-After"] = str(max(1, math.ceil((until - now).total_seconds())))
    return reply


async def sign_out(request: Request) -> Response:
    """Ends the session on the server: a copy of the cookie opens nothing after."""
    await form_of(request)
    end_session(request)
    return RedirectResponse("/sign-in", status_code=303)


def _next(target: str | None) -> str:
    """Only ever a path on this site: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target

"""The forms that change things. Each is the same application command as on
the command line, with the signed-in user as the actor.

A refused form re-renders its page with a GOV.UK error summary naming the
field and the problem, and records nothing (the command refuses before saving).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.access import Act
from application.passwords import is_user_name
from application.service import Tracker
from application.users import User, sign_in_name, verify
from domain.dates import LONDON, parse_date
from domain.errors import (
    ContactDetailsRefused,
    EffectiveDateOutOfBounds,
    EvidenceRequired,
    InvalidDate,
    MilestonesStillOpen,
    ReasonRequired,
    TextRequired,
    TrackerError,
    TransitionNotAllowed,
    UnknownItem,
)
from domain.status import Status, parse_status
from web import pages
from web.present import STATUS_LABELS, uk_date
from web.session import (
    check_csrf,
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
MAX_UPLOAD = 5 * 1024 * 1024


async def form_of(request: Request) -> FormData:
    form = await request.form(max_files=1, max_fields=20, max_part_size=MAX_UPLOAD)
    check_csrf(request, form.get("csrf_token"))
    return form


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


class FieldError(TrackerError):
    """A refusal that belongs to one field of the form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _date(form: FormData, name: str, *, required: str | None = None) -> date | None:
    raw = text(form, name)
    if not raw:
        if required:
            raise FieldError(name, required)
        return None
    try:
        return parse_date(raw)
    except InvalidDate as error:
        raise FieldError(name, str(error)) from None


# Which field a refusal belongs to, by the kind of refusal.
_FIELD_OF: dict[type[TrackerError], str] = {
    ReasonRequired: "reason",
    EvidenceRequired: "status",
    MilestonesStillOpen: "status",
    TransitionNotAllowed: "status",
    EffectiveDateOutOfBounds: "effective",
    TextRequired: "text",
}


def _field(error: TrackerError, default: str) -> str:
    if isinstance(error, ContactDetailsRefused) and error.field in ("text", "link", "reason"):
        return error.field  # the form's field of that name held the address
    for kind in type(error).__mro__:
        if kind in _FIELD_OF:
            return _FIELD_OF[kind]
    return default


async def item_form(request: Request) -> Response:
    """POST /plans/{plan}/items/{ref}/{form}: status, due, evidence, comment, verify."""
    plan, ref, name = (request.path_params[k] for k in ("plan", "ref", "form"))
    require_user(request)
    if name not in _ITEM_FORMS:
        raise HTTPException(404)
    app = tracker(request)
    form = await form_of(request)
    owner = await run_in_threadpool(_owner, app, plan, ref)
    handler, act, main_field = _ITEM_FORMS[name]
    user = require(request, act, owner)
    try:
        message = await run_in_threadpool(handler, app, plan, ref, form, user)
    except FieldError as error:
        return await _refused(request, name, [(f"{name}-{error.field}", str(error))], form)
    except TrackerError as error:
        field = _field(error, main_field)
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


def _status(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    chosen = text(form, "status")
    if not chosen:
        raise TransitionNotAllowed("choose the new status")
    status = parse_status(chosen)
    if status is Status.VERIFIED:
        raise TransitionNotAllowed("use 'Sign off' to verify an item: only the chair signs off")
    reason = text(form, "reason") or None
    effective = _date(form, "effective")
    changed = app.change_status(plan, ref, status, by=user.name, reason=reason, effective=effective)
    label = STATUS_LABELS[status].lower()
    return f"{ref} is now {label}." if changed else f"{ref} was already {label}: nothing recorded."


def _due(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    due = _date(form, "due", required="Enter the new deadline, for example 31/03/2010")
    assert due is not None
    reason = text(form, "reason")
    if not reason:
        raise ReasonRequired("Give the reason the deadline is revised")
    effective = _date(form, "effective")
    changed = app.revise_due_date(plan, ref, due, by=user.name, reason=reason, effective=effective)
    when = due.strftime("%-d %B %Y")
    return f"{ref} is now due {when}." if changed else f"{ref} was already due {when}."


def _evidence(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    app.add_evidence(plan, ref, text(form, "text"), by=user.name, link=text(form, "link") or None)
    return f"Evidence added to {ref}."


def _comment(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    app.add_comment(plan, ref, text(form, "text"), by=user.name)
    return f"Comment added to {ref}."


def _verify(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    app.change_status(plan, ref, Status.VERIFIED, by=user.name, reason=text(form, "reason") or None)
    return f"{ref} is signed off (verified)."


Handler = Callable[[Tracker, str, str, FormData, User], str]
_ITEM_FORMS: dict[str, tuple[Handler, Act, str]] = {
    "status": (_status, Act.STATUS, "status"),
    "due": (_due, Act.DEADLINE, "due"),
    "evidence": (_evidence, Act.EVIDENCE, "text"),
    "comment": (_comment, Act.COMMENT, "text"),
    "verify": (_verify, Act.VERIFY, "reason"),
}


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

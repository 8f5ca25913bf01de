"""The forms on an item's page, each the same application command as on the
command line with the signed-in user as the actor: status, deadline, evidence,
comment, sign-off, the owner's latest position, and a chair's decision on a
request. Each names the fields it has, so a refusal's link in the error summary
always points at something on the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import FormData

from application.access import Act
from application.service import Tracker
from application.users import User
from domain.approvals import request_words
from domain.errors import InvalidNumber, ReasonRequired, TransitionNotAllowed
from domain.governance import REQUESTED_STATUSES
from domain.status import Status, parse_status
from web.form_fields import FieldError, date_field, text
from web.present import STATUS_LABELS

Handler = Callable[[Tracker, str, str, FormData, User], str]
_WAITS = "; it waits for a chair's approval."


def _status(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    chosen = text(form, "status")
    if not chosen:
        raise TransitionNotAllowed("choose the new status")
    status = parse_status(chosen)
    if status is Status.VERIFIED:
        raise TransitionNotAllowed("use 'Sign off' to verify an item: only the chair signs off")
    reason = text(form, "reason") or None
    effective = date_field(form, "effective")
    asks = app.rules(plan, user.name).requests_status(status)
    changed = app.change_status(plan, ref, status, by=user.name, reason=reason, effective=effective)
    if asks and changed:
        return f"{ref}: {request_words(REQUESTED_STATUSES[status], None)}{_WAITS}"
    label = STATUS_LABELS[status].lower()
    return f"{ref} is now {label}." if changed else f"{ref} was already {label}: nothing recorded."


def _due(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    due = date_field(form, "due", required="Enter the new deadline, for example 31/03/2010")
    assert due is not None
    reason = text(form, "reason")
    if not reason:
        raise ReasonRequired("Give the reason the deadline is revised")
    effective = date_field(form, "effective")
    asks = app.rules(plan, user.name).needs_approval
    changed = app.revise_due_date(plan, ref, due, by=user.name, reason=reason, effective=effective)
    if asks and changed:
        return f"{ref}: {request_words('revision', due)}{_WAITS}"
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


def _position(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    raw = text(form, "percent").rstrip("%").strip()
    if raw and not raw.isdigit():
        raise InvalidNumber("Enter % complete as a whole number from 0 to 100, or leave it blank")
    app.update_position(
        plan,
        ref,
        text(form, "position"),
        by=user.name,
        mitigation=text(form, "mitigation") or None,
        next_steps=text(form, "next_steps") or None,
        percent=int(raw) if raw else None,
    )
    return f"Latest position recorded for {ref}."


def _approve(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    app.approve(plan, ref, by=user.name)
    return f"The request on {ref} is approved and has taken effect."


def _reject(app: Tracker, plan: str, ref: str, form: FormData, user: User) -> str:
    reason = text(form, "reason")
    if not reason:
        raise FieldError("reason", "Give the reason the request is rejected")
    app.reject(plan, ref, by=user.name, reason=reason)
    return f"The request on {ref} is rejected."


@dataclass(frozen=True)
class ItemForm:
    handler: Handler
    act: Act
    fields: tuple[str, ...]  # the form's fields (ids "<form>-<field>"), the main one first


ITEM_FORMS: dict[str, ItemForm] = {
    "status": ItemForm(_status, Act.STATUS, ("status", "reason", "effective")),
    "due": ItemForm(_due, Act.DEADLINE, ("due", "reason", "effective")),
    "evidence": ItemForm(_evidence, Act.EVIDENCE, ("text", "link")),
    "comment": ItemForm(_comment, Act.COMMENT, ("text",)),
    "verify": ItemForm(_verify, Act.VERIFY, ("reason",)),
    "position": ItemForm(
        _position, Act.POSITION, ("position", "mitigation", "next_steps", "percent")
    ),
    "approve": ItemForm(_approve, Act.APPROVE, ("request",)),
    "reject": ItemForm(_reject, Act.APPROVE, ("reason",)),
}

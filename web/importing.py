"""Importing a plan on the web: upload, preview, confirm.

An upload never records anything: it shows what the file would do (items
added, every change, cells the tracker keeps because it moved on, conflicts,
rows in error). *Confirm* records exactly what was previewed, from the same
bytes kept server-side, and is refused with a fresh preview if the plan
changed in between. A file that would create a new plan says so and needs a
tick, so a mistyped plan id cannot quietly start a second plan.
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.access import Act
from application.file_limits import FileLimits
from application.import_report import ImportReport, PreviewOutdated
from application.pending_uploads import PendingUpload
from application.plan_file import load_plan_data
from application.spreadsheet import ImportRejected
from application.three_way import Prefer
from application.users import User
from domain.errors import TrackerError
from domain.plan import check_plan_id
from web.forms import form_of, text
from web.off_loop import in_thread, run_in_threadpool
from web.session import check_csrf, flash, require, tracker
from web.templating import page
from web.uploads import UploadRefused, UploadTooLarge, read_upload

Errors = list[tuple[str, str]]
_FIELDS = ("plan", "title", "reason")


@in_thread
def import_page(request: Request) -> Response:
    require(request, Act.IMPORT)
    return page(request, "import.html", values={})


async def import_upload(request: Request) -> Response:
    """The file part is read within its size limit as it streams."""
    user = require(request, Act.IMPORT)
    try:
        form = await read_upload(request, max_file_bytes=_limits(request).max_bytes)
    except UploadTooLarge as refused:
        return page(request, "import.html", 413, errors=[("file", str(refused))], values={})
    except UploadRefused as refused:
        return page(request, "import.html", 400, errors=[("file", str(refused))], values={})
    check_csrf(request, form.fields.get("csrf_token"))
    values = {name: form.fields.get(name, "").strip() for name in _FIELDS}
    errors: Errors = _plan_errors(values["plan"])
    if form.data is None or not form.file_name:
        errors.append(("file", "Choose a .csv or .xlsx file"))
    if errors or form.data is None or form.file_name is None:
        return page(request, "import.html", 400, errors=errors, values=values)
    app = tracker(request)
    token = await run_in_threadpool(
        app.uploads.put, user.name, form.file_name, form.data, now=app.clock.now()
    )
    return await run_in_threadpool(_preview, request, user, token, values, prefer=None)


async def import_confirm(request: Request) -> Response:
    user = require(request, Act.IMPORT)
    form = await form_of(request)
    values = {name: text(form, name) for name in _FIELDS}
    token = text(form, "token")
    prefer = _prefer(form)
    if _plan_errors(values["plan"]):
        return page(request, "import.html", 400, errors=_plan_errors(values["plan"]), values=values)
    if text(form, "action") == "preview":  # settle conflicts one way, then look again
        return await run_in_threadpool(_preview, request, user, token, values, prefer)
    return await run_in_threadpool(_confirm, request, user, token, values, prefer, form)


def _confirm(
    request: Request,
    user: User,
    token: str,
    values: dict[str, str],
    prefer: Prefer | None,
    form: FormData,
) -> Response:
    app = tracker(request)
    pending = app.uploads.get(token, user.name, now=app.clock.now())
    if pending is None:
        return _expired(request, values)
    if text(form, "new_plan") == "yes" and text(form, "create") != "yes":
        error = ("create", f"Tick the box to create the new plan {values['plan']}")
        return _preview(request, user, token, values, prefer, [error], status=400)
    try:
        report = _import(request, user, pending, values, prefer, expect=text(form, "fingerprint"))
    except PreviewOutdated:
        error = (
            "confirm",
            "The plan changed after this preview was made, so nothing was recorded. "
            "Check the fresh preview below and confirm again",
        )
        return _preview(request, user, token, values, prefer, [error], status=409)
    except TrackerError as refused:
        error = ("confirm", f"Nothing was recorded: {refused}")
        return _preview(request, user, token, values, prefer, [error], status=400)
    app.uploads.discard(token)
    flash(
        request,
        f"{report.file_name}: {len(report.added)} items added, {len(report.changes)} changes "
        f"recorded, {len(report.kept)} cells kept as the tracker has them.",
    )
    return RedirectResponse(f"/plans/{report.plan}", status_code=303)


def _preview(
    request: Request,
    user: User,
    token: str,
    values: dict[str, str],
    prefer: Prefer | None,
    errors: Errors | None = None,
    status: int = 200,
) -> Response:
    app = tracker(request)
    pending = app.uploads.get(token, user.name, now=app.clock.now())
    if pending is None:
        return _expired(request, values)
    try:
        report = _import(request, user, pending, values, prefer, dry_run=True)
    except ImportRejected as error:
        problems = [("file", f"{pending.file_name}: {p}") for p in error.errors]
        return page(request, "import.html", 400, errors=problems, values=values)
    except TrackerError as error:
        return page(request, "import.html", 400, errors=[("file", str(error))], values=values)
    problems = list(errors or [])
    problems += [("rows", f"Row {e.row}, column {e.column}: {e.problem}") for e in report.errors]
    problems += (
        [("conflicts", f"{len(report.conflicts)} cells conflict")] if report.conflicts else []
    )
    return page(
        request,
        "import_preview.html",
        status,
        errors=problems,
        report=report,
        token=token,
        values=values,
        prefer=prefer or "",
    )


def _import(
    request: Request,
    user: User,
    pending: PendingUpload,
    values: dict[str, str],
    prefer: Prefer | None,
    *,
    dry_run: bool = False,
    expect: str | None = None,
) -> ImportReport:
    """The kept upload through the three-way import: a preview, or the record."""
    plan_file = load_plan_data(pending.file_name, pending.data, _limits(request))
    return tracker(request).import_plan(
        values["plan"],
        plan_file.rows,
        by=user.name,
        source=plan_file.name,
        title=values["title"] or None,
        reason=values["reason"] or None,
        content_hash=plan_file.content_hash,
        origin=plan_file.origin,
        prefer=prefer,
        dry_run=dry_run,
        expect=expect,
    )


def _limits(request: Request) -> FileLimits:
    limits: FileLimits = request.app.state.file_limits
    return limits


def _expired(request: Request, values: dict[str, str]) -> Response:
    message = "The uploaded file is no longer kept (files wait one hour): choose it again"
    return page(request, "import.html", 400, errors=[("file", message)], values=values)


def _plan_errors(plan: str) -> Errors:
    if not plan:
        return [("plan", "Enter the plan's short id, for example laming-2009")]
    try:
        check_plan_id(plan)
    except TrackerError as error:
        return [("plan", str(error))]
    return []


def _prefer(form: FormData) -> Prefer | None:
    value = form.get("prefer")
    if value == "file":
        return "file"
    if value == "tracker":
        return "tracker"
    return None

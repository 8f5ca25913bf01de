"""Loading indicators from a spreadsheet on the web: upload, preview, confirm.

The same all-or-nothing import as ``tracker import-indicators``. An upload
records nothing: it shows what the file would define and record, or every row
in error. *Confirm* records from the same bytes, kept server-side for an hour
(``PendingUploads``), so what is recorded is what was previewed; a file that
no longer passes (someone reported a figure meanwhile) is refused whole again.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from application.access import Act
from application.file_limits import FileLimits
from application.indicator_import import IndicatorImport, import_indicators
from application.indicator_sheet import read_indicator_data
from application.spreadsheet import ImportRejected
from application.users import User
from domain.errors import TrackerError
from web.forms import form_of, text
from web.indicators import indicators_response
from web.off_loop import run_in_threadpool
from web.session import check_csrf, flash, require, tracker
from web.templating import page
from web.uploads import UploadRefused, read_upload

Errors = list[tuple[str, str]]


async def upload(request: Request) -> Response:
    """POST /plans/{plan}/indicators/upload: a preview of the file, nothing recorded."""
    plan = request.path_params["plan"]
    user = require(request, Act.LOAD_FIGURES)
    try:
        form = await read_upload(request, max_file_bytes=_limits(request).max_bytes)
    except UploadRefused as refused:
        return await run_in_threadpool(_refused, request, plan, [("upload-file", str(refused))])
    check_csrf(request, form.fields.get("csrf_token"))
    if form.data is None or not form.file_name:
        errors = [("upload-file", "Choose a .csv or .xlsx file")]
        return await run_in_threadpool(_refused, request, plan, errors)
    app = tracker(request)
    token = await run_in_threadpool(
        app.uploads.put, user.name, form.file_name, form.data, now=app.clock.now()
    )
    return await run_in_threadpool(_run, request, plan, user, token, True)


async def confirm(request: Request) -> Response:
    """POST /plans/{plan}/indicators/upload/confirm: record what was previewed."""
    user = require(request, Act.LOAD_FIGURES)
    form = await form_of(request)
    plan = request.path_params["plan"]
    return await run_in_threadpool(_run, request, plan, user, text(form, "token"), False)


def _run(request: Request, plan: str, user: User, token: str, dry_run: bool) -> Response:
    app = tracker(request)
    pending = app.uploads.get(token, user.name, now=app.clock.now())
    if pending is None:
        message = "The uploaded file is no longer kept (files wait one hour): choose it again"
        return _refused(request, plan, [("upload-file", message)])
    try:
        rows = read_indicator_data(pending.file_name, pending.data, _limits(request))
        done = import_indicators(
            app.indicators, pending.file_name, plan, rows, by=user.name, dry_run=dry_run
        )
    except ImportRejected as error:
        problems = [("upload-file", f"{pending.file_name}: {p}") for p in error.errors]
        return _refused(request, plan, problems)
    except TrackerError as error:
        return _refused(request, plan, [("upload-file", str(error))])
    if dry_run:
        return _preview(request, plan, pending.file_name, token, done)
    app.uploads.discard(token)
    flash(request, f"{pending.file_name}: {_summary(done)}")
    return RedirectResponse(f"/plans/{plan}/indicators", status_code=303)


def _preview(
    request: Request, plan: str, file_name: str, token: str, done: IndicatorImport
) -> Response:
    board = tracker(request).board(plan)
    return page(
        request,
        "indicator_upload_preview.html",
        board=board,
        file_name=file_name,
        token=token,
        done=done,
        summary=_summary(done, would=True),
    )


def _refused(request: Request, plan: str, errors: Errors) -> Response:
    """The indicators page, where the upload form is, with every problem listed."""
    return indicators_response(request, errors, 400)


def _summary(done: IndicatorImport, *, would: bool = False) -> str:
    verb = "would be" if would else "were"
    revised = sum(1 for r in done.reported if r["revises"])
    defined = ", ".join(done.defined) or "none"
    return (
        f"indicators {verb} defined: {defined}; {len(done.redefined)} definitions {verb} "
        f"changed; {len(done.reported)} figures {verb} recorded ({revised} revisions); "
        f"{done.unchanged} already recorded."
    )


def _limits(request: Request) -> FileLimits:
    limits: FileLimits = request.app.state.file_limits
    return limits

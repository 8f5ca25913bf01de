"""The spreadsheet downloads: a plan in the import format, and an empty template.

The board's download is the same file ``tracker export`` writes, so it can be
edited in Excel and uploaded again on the Import page; the workbook remembers
the instant it shows (the page's as-at instant, or now) for that re-import.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from application.access import Act, allowed
from application.plan_columns import plan_csv
from application.plan_workbook import plan_xlsx, template_xlsx
from projections.board import Board
from web.pages import BadInstant, requested_instant
from web.session import require, require_user, tracker
from web.templating import page

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


async def board_download(request: Request) -> Response:
    user = require_user(request)
    kind = request.path_params["kind"]
    if kind not in KINDS:
        raise HTTPException(404)  # not the workbook under another name
    try:
        as_at = requested_instant(request)
    except BadInstant as error:
        return page(
            request, "error.html", 400, title="That date cannot be read", message=error.message
        )
    shown = tracker(request).board(request.path_params["plan"], as_at=as_at)
    # Staff emails appear on no page: only those who may import (and so
    # upload the file back) get them in the file.
    may_import = allowed(user.role, Act.IMPORT, user=user.name)
    emails = tracker(request).directory.entries() if may_import else {}
    body = plan_xlsx(shown, emails, base=shown.as_at) if kind == "xlsx" else plan_csv(shown, emails)
    return _attachment(body, KINDS[kind], file_name(shown, kind))


async def import_template(request: Request) -> Response:
    require(request, Act.IMPORT)
    return _attachment(template_xlsx(), XLSX, "plan-template.xlsx")


def file_name(board: Board, kind: str) -> str:
    """``{plan}-{YYYY-MM-DD}.{kind}``, ASCII letters, digits and hyphens only,
    so the Content-Disposition header needs no quoting rules."""
    plan = re.sub(r"[^A-Za-z0-9-]+", "-", board.plan).strip("-") or "plan"
    return f"{plan}-{board.on.isoformat()}.{kind}"


def _attachment(body: bytes, media: str, name: str) -> Response:
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )

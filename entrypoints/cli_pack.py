"""``tracker pack PLAN FILE.pdf|FILE.docx|FILE.html [--as-at WHEN] [--meeting TEXT]``:
the board pack the web serves, written to a file for the clerk to circulate.

Every form carries the log position and the checkpoint it was built from,
signed with the tracker's key (``TRACKER_SIGNING_KEY``, made on first use), so
``tracker verify --checkpoint`` can later prove a printed pack against the log.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from application import checkpoint as checkpoints
from application.service import Tracker
from domain.dates import LONDON, parse_instant
from domain.errors import TrackerError
from entrypoints.cli_export import write_atomically

SUFFIXES = (".pdf", ".docx", ".html")


def cmd_pack(app: Tracker, args: argparse.Namespace, console: Console) -> None:
    out = Path(args.file)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise TrackerError(
            f"{out.name}: cannot write a board pack as '{suffix or 'no suffix'}': "
            "name a .pdf, .docx or .html file (for example board-pack.pdf)"
        )
    as_at = parse_instant(args.as_at) if args.as_at else None
    # Imported here: WeasyPrint and python-docx cost a moment to load.
    from web import pack
    from web.pack_content import assemble
    from web.pack_docx import render_docx

    key = checkpoints.load_or_create_key(args.settings.signing_key)
    built = assemble(app, args.plan, as_at=as_at, key=key, meeting=args.meeting or "")
    if suffix == ".pdf":
        body = pack.render_pdf(built)
    elif suffix == ".docx":
        body = render_docx(built)
    else:
        body = pack.render_standalone_html(built).encode()
    write_atomically(out, body)
    when = built.board.as_at.astimezone(LONDON).strftime("%-d %b %Y, %H:%M")
    console.print(
        f"Board pack of {built.board.plan} as at {when} ({len(built.board.items)} items) "
        f"written to {out}; built from the log up to position {built.anchor.head.position}, "
        f"checkpoint signed by the key with fingerprint {built.anchor.fingerprint}.",
        markup=False,
    )

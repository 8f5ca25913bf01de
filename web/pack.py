"""The board pack: a printable report of the board as at a date, laid out like
the council reports a board receives (summary, RAG totals by theme, exceptions,
then every action with its position), and the same as a tagged PDF."""

from __future__ import annotations

from typing import Any

from web.templating import TEMPLATES, env

CSS = TEMPLATES.parent / "static" / "pack.css"


def render_html(context: dict[str, Any]) -> str:
    return env.get_template("pack.html").render(**context, inline_css=None)


def render_pdf(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which takes a moment

    html = env.get_template("pack.html").render(**context, inline_css=CSS.read_text())
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_tags=True)
    return pdf

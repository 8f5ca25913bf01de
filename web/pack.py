"""The board pack as HTML (to read and print) and as a tagged PDF: one
template (``pack.html``) over one ``Pack`` (``web.pack_content``).

The PDF is PDF/UA-1 (tagged, titled, in English), set in Liberation Sans, with
"Page X of Y" footers; its tables have a fixed layout, so WeasyPrint sizes the
columns once rather than measuring every cell of a long plan.
"""

from __future__ import annotations

from web.pack_content import Pack
from web.templating import TEMPLATES, env

CSS = TEMPLATES.parent / "static" / "pack.css"


def render_html(pack: Pack, *, as_at: str = "", meeting: str = "") -> str:
    """The page: ``as_at`` and ``meeting`` carry into its PDF and Word links."""
    return env.get_template("pack.html").render(
        pack=pack, as_at=as_at, meeting_query=meeting, inline_css=None
    )


def render_standalone_html(pack: Pack) -> str:
    """The page as one file (its stylesheet inside), for ``tracker pack x.html``."""
    return env.get_template("pack.html").render(
        pack=pack, as_at="", meeting_query="", inline_css=CSS.read_text()
    )


def render_pdf(pack: Pack) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which takes a moment

    html = render_standalone_html(pack)
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf(
        pdf_variant="pdf/ua-1", pdf_tags=True
    )
    return pdf

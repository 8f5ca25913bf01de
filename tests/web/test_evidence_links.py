"""Evidence links are clickable when, and only when, they are web addresses."""

from __future__ import annotations

import pytest

from application.service import Tracker
from tests.web.conftest import Browser
from web.links import web_address


@pytest.mark.parametrize(
    ("link", "clickable"),
    [
        ("https://intranet.example.gov.uk/board/2009-10.pdf", True),
        ("HTTP://example.org/minutes", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///S:/Board/minutes.docx", False),
        ("S:\\Board\\2009\\minutes.docx", False),
        ("https://", False),
        ("https://example.org/a b", False),
        ("www.example.org/minutes", False),
        ("http://[::1", False),
    ],
)
def test_only_http_and_https_addresses_become_links(link: str, clickable: bool) -> None:
    assert (web_address(link) == link) is clickable


def test_the_item_page_links_web_addresses_and_shows_the_rest_as_text(
    planned: Tracker, browser: Browser
) -> None:
    planned.add_evidence("pl", "11", "Minutes", by="hos-cf", link="https://example.org/m?a=1&b=2")
    planned.add_evidence("pl", "11", "Script", by="hos-cf", link="javascript:alert(1)")
    planned.add_evidence("pl", "11", "Paper file", by="hos-cf", link="Board file 2009/14")
    browser.sign_in("inspector")
    html = browser.get("/plans/pl/items/11")
    assert (
        '<a class="govuk-link app-evidence-link" href="https://example.org/m?a=1&amp;b=2" '
        'rel="noopener noreferrer">https://example.org/m?a=1&amp;b=2</a>'
    ) in html
    assert 'href="javascript' not in html
    assert '<span class="govuk-body-s app-evidence-link">javascript:alert(1)</span>' in html
    assert '<span class="govuk-body-s app-evidence-link">Board file 2009/14</span>' in html

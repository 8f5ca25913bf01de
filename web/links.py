"""Which evidence links become clickable: only web addresses (http or https
with a host). Anything else (a document reference, a file path, a
``javascript:`` or ``data:`` address) stays plain text, so a link recorded by
anyone can never run script or open a local file in a reader's browser."""

from __future__ import annotations

from urllib.parse import urlsplit

_SCHEMES = ("http", "https")


def web_address(text: str | None) -> str | None:
    """``text`` if it is an http(s) address with a host, else None."""
    if not text:
        return None
    candidate = text.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in candidate):
        return None  # not one address: left as the text it is
    try:
        parts = urlsplit(candidate)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname:
        return None
    return candidate

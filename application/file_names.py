"""A file name someone else chose, made safe to show and to use as a label.

A browser sends whatever name it likes with an upload: a Windows path,
``..``, 300 characters, control characters, or a right-to-left override that
makes ``exe.csv`` display as ``vsc.exe``. What the tracker shows, records and
names a temporary file after is the last path part only, without control,
formatting or bidirectional characters, at most ``MAX_LENGTH`` characters with
its extension kept, and never empty, ``.`` or ``..``.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 100
FALLBACK_STEM = "upload"
_RESERVED = re.compile(r'[<>:"|?*]')  # not allowed in a Windows file name
_SPACES = re.compile(r"\s+")
_EXTENSION = re.compile(r"^\.[A-Za-z0-9]{1,10}$")


def safe_file_name(raw: str | None) -> str:
    """``raw`` reduced to a plain file name; ``upload`` (with the extension, if
    one can be kept) when nothing of it is left."""
    text = unicodedata.normalize("NFC", raw or "")
    text = re.split(r"[/\\]", text)[-1]  # the last part of a Unix or Windows path
    kept = "".join(c for c in text if unicodedata.category(c)[0] != "C")  # Cc, Cf (bidi) ...
    kept = _SPACES.sub(" ", _RESERVED.sub("_", kept)).strip(" ").rstrip(".")
    stem, dot, extension = kept.rpartition(".")
    if not dot or not _EXTENSION.match(dot + extension):
        stem, extension = kept, ""
    suffix = f".{extension.lower()}" if extension else ""
    stem = stem.lstrip(" .")[: MAX_LENGTH - len(suffix)].rstrip(" .")
    return f"{stem or FALLBACK_STEM}{suffix}"

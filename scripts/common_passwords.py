"""Writes application/common_passwords.txt from the list Django ships.

Django's wheel (on PyPI, BSD licence) carries the 20,000 most common passwords
(Royce Williams' list: unhexed, lower-cased, de-duplicated), most common first.
The tracker needs only part of it: a password shorter than twelve characters
is refused anyway, so the file keeps the 10,000 most common entries of at
least six characters (a common word followed by digits, or repeated, is
refused too) and every entry of twelve or more. Run it again to refresh:

    pip download django==5.2.17 --no-deps -d /tmp/django
    python scripts/common_passwords.py /tmp/django/django-5.2.17-py3-none-any.whl
"""

from __future__ import annotations

import gzip
import sys
import zipfile
from pathlib import Path

MEMBER = "django/contrib/auth/common-passwords.txt.gz"
TARGET = Path(__file__).resolve().parents[1] / "application" / "common_passwords.txt"
HEADER = (
    "# The most common passwords, most common first: derived from the list in Django's\n"
    "# wheel (django/contrib/auth/common-passwords.txt.gz, BSD licence; the list is\n"
    "# Royce Williams', lower-cased) by scripts/common_passwords.py.\n"
)


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        words = gzip.decompress(archive.read(MEMBER)).decode().splitlines()
    kept: list[str] = []
    for rank, word in enumerate(words):
        printable = word.isascii() and word.isprintable() and word.strip() == word
        printable = printable and not word.startswith("#")  # the file's comments
        if printable and (len(word) >= 12 or (rank < 10_000 and len(word) >= 6)):
            kept.append(word)
    TARGET.write_text(HEADER + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} passwords written to {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])

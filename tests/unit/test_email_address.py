"""One rule for a staff email address: exactly one plain address."""

from __future__ import annotations

import pytest

from domain.email_address import InvalidEmailAddress, check_email_address


@pytest.mark.parametrize(
    "address",
    [
        "hos-cf@example.gov.uk",
        "first.last+board@council.gov.uk",
        "o'brien@council.gov.uk",
        "x@xn--80ak6aa92e.com",
        "  padded@council.gov.uk  ",
    ],
)
def test_one_plain_address_is_accepted(address: str) -> None:
    assert check_email_address(address) == address.strip()


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("a@x.gov.uk,ceo", "holds more than one"),
        ("a@x.gov.uk, ceo@x.gov.uk", "holds more than one"),
        ("a@x.gov.uk;ceo@x.gov.uk", "holds more than one"),
        ("Chief Exec <ceo@x.gov.uk>", "spaces, control or non-ASCII"),
        ("ceo@x.gov.uk\r\nBcc: all@x.gov.uk", "spaces, control or non-ASCII"),
        ("<ceo@x.gov.uk>", "is not an email address"),
        ("ceo@x.gov.uk(comment)", "is not an email address"),
        ('"ceo"@x.gov.uk', "is not an email address"),
        ("ceo@@x.gov.uk", "is not an email address"),
        ("ceo@localhost", "is not an email address"),
        ("ceo@-x.gov.uk", "is not an email address"),
        (".ceo@x.gov.uk", "is not an email address"),
        ("ceo..x@x.gov.uk", "is not an email address"),
        ("ceo@x.gov.u", "is not an email address"),
        ("élodie@x.gov.uk", "non-ASCII"),
        ("a" * 250 + "@x.gov.uk", "the limit is 254"),
        ("", "is empty"),
        ("not an address", "is not an email address"),
    ],
)
def test_anything_else_is_refused_saying_why(address: str, says: str) -> None:
    with pytest.raises(InvalidEmailAddress) as caught:
        check_email_address(address)
    assert says in str(caught.value)
    assert "\n" not in str(caught.value)

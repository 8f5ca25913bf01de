"""The password and user-name rules: each weak example refused with its reason."""

from __future__ import annotations

import pytest

from application.passwords import (
    BadPassword,
    BadUserName,
    check_password,
    check_user_name,
    common_passwords,
)


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("aaaaaaaaaa", "at least 12 characters"),
        (" " * 10, "at least 12 characters"),
        ("aaaaaaaaaaaa", "at least 5 different characters"),
        (" " * 12, "at least 5 different characters"),
        ("abababababab", "at least 5 different characters"),
        ("hos-cf", "at least 12 characters"),
        ("hos-cf-hos-cf", "cannot contain the user name"),
        ("my HOS-CF password", "cannot contain the user name"),
        ("a long\x00password here", "control or invisible characters"),
        ("a long\tpassword here", "control or invisible characters"),
        ("a long\u200bpassword here", "control or invisible characters"),
        ("a long\u202epassword here", "control or invisible characters"),
        ("password1234", "most commonly used"),
        ("1q2w3e4r5t6y", "most commonly used"),
        ("Sunshine 2024!", "most commonly used"),
        ("2024!iloveyou", "most commonly used"),
        ("monkeymonkey", "most commonly used"),
        ("qwerty123qwerty123", "most commonly used"),
        # "password1234" in full-width letters: NFKC makes it plain ASCII
        ("".join(chr(ord(ch) + 0xFEE0) for ch in "password1234"), "most commonly used"),
        ("x" * 257, "at most 256 characters"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, says: str) -> None:
    with pytest.raises(BadPassword, match=says):
        check_password(password, user_name="hos-cf")


@pytest.mark.parametrize(
    "password",
    ["demo-chair-password", "a long enough password", "correct horse battery", "Tr0ub4dor&3xyz"],
)
def test_long_uncommon_passwords_are_accepted(password: str) -> None:
    assert check_password(password, user_name="hos-cf") == password


def test_passwords_are_checked_and_hashed_in_nfkc_form() -> None:
    # A ligature and a non-breaking space are the same password as "fi" and a space.
    assert check_password("\ufb01sh\u00a0and chips\u00a0tonight", user_name="pmo") == (
        "fish and chips tonight"
    )


def test_the_shipped_list_holds_thousands_of_common_passwords() -> None:
    common = common_passwords()
    assert len(common) > 9000
    assert {"password", "qwertyuiop", "iloveyou", "1q2w3e4r5t6y"} <= common


@pytest.mark.parametrize("name", ["hos-cf", "pmo", "a.b_c-d", "9x", "x" * 64])
def test_staff_keys_are_user_names(name: str) -> None:
    assert check_user_name(name) == name


@pytest.mark.parametrize(
    "name",
    ["x", "x" * 65, "HOS-CF", "-pmo", ".pmo", "two words", "<b>pmo</b>", "pmo\x07", "pmo\n", "pmó"],
)
def test_anything_else_is_not_a_user_name(name: str) -> None:
    with pytest.raises(BadUserName, match="is not a user name: use the staff key, 2 to 64"):
        check_user_name(name)

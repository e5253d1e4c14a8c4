"""A value that is a file system path is no secret (`values.not_a_secret`: "a path"); but `/` is a
base64 character, one random value in 64 starts with it: base64 text with a `+`, padding, or a
part of 12 or more mixing capitals, small letters and digits is material, not a path."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("value", "why"), [
    ("/Zq8vR2mXk4LpQ+w9s7T0aB1cD2eF3gH4iJ5kL6m", None), ("/Zq8vR2mXk4LpQw9s7T0aB1cD2eF3gH4iJ5kL6mN=", None),
    ("/Zq8vR2mXk4LpQw9s7T0aB1cD2eF3gH4iJ5kL6mN", None),
    ("/etc/secret", "a path"), ("/run/secrets/db", "a path"), ("/var/lib/app/token.txt", "a path"),
    ("./secrets/Zq8vR2mXk4LpQ", "a path"),
])
def test_base64_material_starting_with_a_slash_is_no_path(value: str, why: str | None) -> None:
    """`/` is a base64 character: one random value in 64 starts with it. Base64 text with a `+`,
    padding, or a part of 12 or more mixing capitals, small letters and digits is material, not a
    path; file system paths stay paths."""
    from dcrlint.notsecret import not_a_secret

    assert not_a_secret(value) == why

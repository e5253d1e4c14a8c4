"""DCR050: what in a URL's password slot is no literal password, each with the near misses that
stay reported: the word a scheme takes there after a token given as the user
(`https://$TOKEN:x-oauth-basic@host`)."""

from __future__ import annotations

from _helpers import found as _found


def test_a_token_user_with_the_schemes_fixed_password_word_is_no_literal_password() -> None:
    """`https://$TOKEN:x-oauth-basic@host/...`: the token is the user, read from a variable, and
    the password slot holds the word the scheme takes there, the same for everybody. A literal
    password after a variable user, the same word after a literal user (nothing says the user
    is the token), and a real-looking password after a user named like the word stay reported."""
    text = """\
#!/bin/sh
git clone "https://$GIT_TOKEN:x-oauth-basic@git.example.com/team/lib.git"
git clone "https://${GIT_TOKEN}:x-oauth-basic@git.example.com/team/lib.git"
git clone "https://$GIT_USER:«Zq7hunter2Lk9»@git.example.com/team/lib.git"
git clone "https://deploy:«x-oauth-basic»@git.example.com/team/lib.git"
git clone "https://x-oauth-basic:«Mx3quartzVb8»@git.example.com/team/lib.git"
"""
    found, spans = _found(text, "scripts/checkout.sh", "DCR050")
    assert found == spans

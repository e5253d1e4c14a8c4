"""`url_matches` finds what the pattern finds over the whole text, though it tries only the
lines holding `://` with an `@` after it."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dcrlint.urlcreds import URL_CREDENTIALS, url_matches


def _both(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    return ([m.span("pw") for m in url_matches(text)], [m.span("pw") for m in URL_CREDENTIALS.finditer(text)])


@pytest.mark.parametrize("text", [
    "git clone https://bob:Zq8xW3vN5tR7yU1@git.example.com/r.git\n",
    "a@b see https://example.com and redis://:pw9x@cache:6379\n",  # an `@` before the first `://`
    "https://example.com/x\nuser@example.com https://u:p4ss@h.example.com\n",
    "https://example.com ftp://u:p4ss@h.example.com https://v:q5ss@g.example.com",  # no line break at the end
    "mirror: https://example.com/\nemail: a@b.example.com\n",  # the `@` on another line: nothing
    "image: x@sha256:abc https://u:p@${NEXUS}/\r\n",
    "redis://${PW:-}@${HOST}:6379 redis://${U:-app}:p4ss@h\n",  # an expansion's colon splits nothing
])
def test_url_matches_as_the_whole_text(text: str) -> None:
    found, every = _both(text)
    assert found == every


@given(st.text(alphabet="ab:/@\n .$", max_size=40))
@example("a://b:c@d\na://b")
@example("@\na://b:c@d")
def test_url_matches_as_the_whole_text_random(text: str) -> None:
    found, every = _both(text)
    assert found == every

"""The cold path's shortcuts give what the long way gives: path splitting without pathlib, and
the whole-text tests with which checks return early (each must hold on every spelling of what
its check looks for: escapes, folded lines, any letter case where the detector ignores it)."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from dcrlint.classify import _split


@given(st.text(alphabet="/.ab-", max_size=14))
def test_split_is_purepath(path: str) -> None:
    p = PurePosixPath(path)
    assert _split(path) == (p.parts, p.name, p.suffix)


def test_split_absolute_paths() -> None:
    for path in ("/work/corpus/.github/workflows/ci.yml", "/a", "/a.b/c.", "/x/.env", "/r/..", "/t/a..b"):
        p = PurePosixPath(path)
        assert _split(path) == (p.parts, p.name, p.suffix), path

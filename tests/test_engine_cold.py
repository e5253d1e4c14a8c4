"""The engine's cold-path shortcuts give what the long way gives."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from dcrlint.k8s.clients import _OC, may_run_kubectl


@given(st.text(alphabet="oc _-é1\n.Oc", max_size=12))
@example("oc")
@example("éoc")
@example("_oc_")
@example("doc oc")
def test_oc_pattern_is_a_word_boundary_search(text: str) -> None:
    assert (_OC.search(text) is not None) == (re.search(r"\boc\b", text) is not None)


def test_may_run_kubectl_answers_each_text() -> None:
    # the memo of the last text must not answer for another text
    assert may_run_kubectl("run: o'c' get pods")
    assert not may_run_kubectl("run: docker build .")
    assert may_run_kubectl("run: kube\"ctl\" apply")
    assert not may_run_kubectl("run: echo process")
    text = "x: oc"
    assert may_run_kubectl(text) and may_run_kubectl(text)

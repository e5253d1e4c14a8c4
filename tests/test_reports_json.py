"""reports.jsontext.dumps is json.dumps(value, indent=2), character for character."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dcrlint.reports.jsontext import dumps

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner) | st.tuples(inner, inner)
                       | st.dictionaries(_KEYS, inner), max_leaves=30)


@given(_VALUES)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2)


@pytest.mark.parametrize("value", [[], {}, {"a": []}, [[[]]], "é\u2028\x00\"\\", {2: 2, 2.5: 3, True: 4, None: 5},
                                   [float("nan"), float("inf"), -float("inf"), -0.0, 1e300]])
def test_edge_cases(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2)


def test_what_json_refuses_it_refuses() -> None:
    for bad in ({(1, 2): 3}, {1, 2}, object()):
        with pytest.raises(TypeError):
            json.dumps(bad, indent=2)
        with pytest.raises(TypeError):
            dumps(bad)

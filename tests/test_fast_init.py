"""The hot frozen dataclasses whose __init__ is written by hand (fields set through the
instance dict) take exactly their fields, with the same defaults, and stay frozen."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from dcrlint.discover import Target
from dcrlint.facts import ShellContext
from dcrlint.gha import Job, Step
from dcrlint.groovy import GroovyString, Token, TokenKind
from dcrlint.jenkins import Arg, Call, StringValue
from dcrlint.k8s.model import Resource
from dcrlint.shell.model import Command
from dcrlint.source import MappedText, SourceFile, Span


@pytest.mark.parametrize("cls", [Span, MappedText, Token, Command, GroovyString, Arg, Call, Step, ShellContext, SourceFile,
                                 Target, Resource, Job, StringValue])
def test_init_takes_the_fields_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        default = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default == default, f.name


def test_hand_made_init_keeps_dataclass_behaviour() -> None:
    s = Span(3, 5)
    assert s == Span(3, 5) and hash(s) == hash(Span(3, 5)) and Span(1, 9) < s
    assert dataclasses.replace(s, end=7) == Span(3, 7) and dataclasses.asdict(s) == {"start": 3, "end": 5}
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.start = 4  # type: ignore[misc]
    mt = MappedText("ab", (0,), (10,), 12)
    assert mt.stops == () and mt == MappedText("ab", (0,), (10,), 12, ())
    t = Token(TokenKind.IDENT, "sh", s, False)
    assert t.string is None and t.error is None and t == Token(TokenKind.IDENT, "sh", Span(3, 5), False)
    c = Command((), s)
    assert (c.assignments, c.pipe_from, c.heredoc_expands, c.output) == ((), None, True, "log")
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.output = "file"  # type: ignore[misc]

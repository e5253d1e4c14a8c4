"""A file's scan gets the same Python stack whatever the caller's depth (console script,
`python -m`, a pool worker, a test runner): a structure nested deep enough to exhaust it is
read, or notified, the same from every entry point and under every --jobs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from dcrlint import engine
from dcrlint.checks import CHECKED_RULES
from dcrlint.config import Settings
from dcrlint.discover import Target

_CONFIG = '{\\"auths\\":{\\"dcr.example.com\\":{\\"auth\\":\\"Y2k6VGc0LWxhbnRlcm4tNTc=\\"}}}'


def _deeper(frames: int, call: Callable[[], Any]) -> Any:
    return call() if frames == 0 else _deeper(frames - 1, call)


def _outcome(path: Path, frames: int) -> tuple[list[str], list[str]]:
    out = _deeper(frames, lambda: engine.scan_file(
        Target(path.name, str(path), True), Settings(root=str(path.parent), git=False), CHECKED_RULES, {}))
    return sorted(r.rule_id for r in out.results), sorted(n.message for n in out.notifications)


def test_a_deep_structure_gives_the_same_outcome_at_any_caller_depth(tmp_path: Path) -> None:
    read = set()
    for nesting in range(440, 560, 10):
        path = tmp_path / f"n{nesting}" / "config.toml"
        path.parent.mkdir()
        path.write_text(f'[[runners]]\n  name = "r"\n  environment = ["DOCKER_AUTH_CONFIG={_CONFIG}"]\n'
                        f'  x = {"[" * nesting}{"]" * nesting}\n')
        shallow, deep = _outcome(path, 0), _outcome(path, 300)
        assert shallow == deep, nesting
        read.add(bool(shallow[0]))
    assert read == {True, False}  # the range crosses where the stack runs out

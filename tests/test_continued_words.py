"""A word cut by a line continuation is read as its shell reads it: bash takes `\\<newline>`
out before it splits words (`ec\\<newline>ho` is `echo`; tree-sitter-bash reads a blank there),
cmd's caret before a line break goes on with the word; a blank on either side still splits it,
and PowerShell's backtick escapes the line break inside a word (the word holds it).
A `\\` before a CRLF line end continues the line as before a `\\n`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import brief, engine_scan

LOGIN = "docker login -u ci --password-stdin r.example.com"


def _workflow(run: str, shell: str = "bash") -> str:
    return ("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
            f"      - shell: {shell}\n        run: |\n{run}")


@pytest.mark.parametrize(("path", "text"), [
    ("push.sh", "#!/bin/bash\nec\\\nho $REG_PASSWORD\n"),
    ("push.sh", "#!/bin/bash\nif true; then\n  e\\\ncho \"$REG_PASSWORD\"\nfi\n"),
    ("push.sh", "#!/bin/bash\necho $REG_PASS\\\nWORD\n"),
    ("push.sh", "#!/bin/bash\necho \"pw: $REG_PASS\\\nWORD\"\n"),
    (".github/workflows/ci.yml", _workflow("          ec\\\n          ho $REG_PASSWORD\n")),
    (".gitlab-ci.yml", "push:\n  script:\n    - |\n      ec\\\n      ho $REG_PASSWORD\n"),
    (".github/workflows/ci.yml", _workflow("          ec^\n          ho %REG_PASSWORD%\n", "cmd")),
    (".github/workflows/ci.yml", _workflow("          ec^\r\n          ho %REG_PASSWORD%\n", "cmd")),
])
def test_a_printer_cut_by_a_continuation_is_read_whole(lint: Any, path: str, text: str) -> None:
    assert [w[0] for w in lint.scan(path, text, "--fail-on", "never").where("DCR003")] == ["DCR003"]


@pytest.mark.parametrize(("path", "text"), [
    ("push.sh", "#!/bin/bash\n  ec\\\n  ho $REG_PASSWORD\n"),  # `ec` `ho`: the indent splits them
    ("push.sh", "#!/bin/bash\nec \\\nho $REG_PASSWORD\n"),
    ("push.sh", "#!/bin/bash\necho '$REG_PASS\\\nWORD'\n"),  # single quotes keep the backslash
    ("push.sh", "#!/bin/bash\nec\\\\\nho $REG_PASSWORD\n"),  # an escaped backslash, then a line break
    # GitLab runs each script item as a line of its own, with its own lines between them
    (".gitlab-ci.yml", "push:\n  script:\n    - ec\\\n    - ho $REG_PASSWORD\n"),
    (".gitlab-ci.yml", "push:\n  script: [ec\\, ho $REG_PASSWORD]\n"),
    # a plain YAML scalar folds its line break into a blank: `ec\\ ho`
    (".gitlab-ci.yml", "push:\n  script:\n    - ec\\\n      ho $REG_PASSWORD\n"),
    (".github/workflows/ci.yml", _workflow("          ec^\n           ho %REG_PASSWORD%\n", "cmd")),
    # PowerShell: a backtick before a line break inside a word escapes it (the word holds it)
    (".github/workflows/ci.yml", _workflow("          Write-Out`\n          put $env:REG_PASSWORD\n", "pwsh")),
])
def test_a_continuation_after_or_before_a_blank_splits_the_word(lint: Any, path: str, text: str) -> None:
    assert lint.scan(path, text, "--fail-on", "never").where("DCR003") == []


@pytest.mark.usefixtures("gating")
@pytest.mark.parametrize(("path", "text"), [
    ("push.sh", "#!/bin/bash\nec\\\nho $REG_PASSWORD\n"),
    (".github/workflows/ci.yml", _workflow("          ec\\\n          ho $REG_PASSWORD\n")),
    (".github/workflows/ci.yml", _workflow("          ec^\n          ho %REG_PASSWORD%\n", "cmd")),
])
def test_the_gate_holds_on_a_cut_printer(lint: Any, path: str, text: str) -> None:
    assert [w[0] for w in lint.scan(path, text, "--fail-on", "never").where("DCR003")] == ["DCR003"]


def test_a_login_cut_by_a_continuation_is_a_login(lint: Any) -> None:
    """The same reading for every command: `docker lo\\<newline>gin -p` is a login (DCR001)."""
    r = lint.scan("push.sh", "#!/bin/bash\ndocker lo\\\ngin -u ci -p \"$REG_PASSWORD\" r.example.com\n",
                  "--fail-on", "never")
    assert r.where("DCR001") == [("DCR001", 3, 15, 3, 28)]


def test_a_joined_word_keeps_its_positions() -> None:
    """The word's raw text spans the continuation; its value reads without it."""
    from dcrlint.shell import parse_shell
    from dcrlint.source import MappedText

    text = "x\nec\\\nho \"a$B\\\nC\"\n"
    cmd = parse_shell(MappedText.verbatim(text, 10), "sh").commands[-1]
    assert [w.text for w in cmd.words] == ["echo", "a$BC"]
    assert cmd.words[0].span.start == 12 and cmd.words[0].span.end == 18
    assert cmd.words[1].raw.text == '"a$B\\\nC"'


def test_a_continuation_before_a_crlf_line_end_joins_the_lines(tmp_path: Path) -> None:
    """A script with CRLF line ends (a Windows work tree) continues a command with `\\` before
    the `\\r\\n` as before a `\\n`: the login written over such lines keeps its password."""
    text = "#!/bin/sh\r\nregctl registry login \\\r\n  -u deployer \\\r\n  -p Ux4bN7qZ2m \\\r\n  mirror.example.net\r\n"
    results, _ = engine_scan(tmp_path, {"push.sh": text}, rules=frozenset({"DCR001", "DCR002"}), dedent=False)
    assert brief(results) == [("push.sh", 4, 6, "DCR001"), ("push.sh", 4, 6, "DCR002")]

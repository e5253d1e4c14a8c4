"""The shell command model: words, quoting, wrappers, nesting, pipes, heredocs, tracing, dialects."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dcrlint.shell import Command, Script, parse_shell
from dcrlint.source import MappedText, SourceFile
from dcrlint.values import ValueKind


def parse(text: str, dialect: str = "sh") -> Script:
    return parse_shell(MappedText.verbatim(text, 0), dialect)


def argv(script: Script) -> list[list[str]]:
    return [[w.text for w in c.words] for c in script.commands]


def at(text: str, offset: int) -> tuple[int, int]:
    return SourceFile("t", text).position(offset)


def find(script: Script, name: str, nth: int = 0) -> Command:
    return [c for c in script.commands if c.name == name][nth]


@pytest.mark.parametrize(
    ("source", "raw", "value", "kind"),
    [
        ("x 'a b2'", "'a b2'", "a b2", ValueKind.LITERAL),
        ('x "a\\"b"', '"a\\"b"', 'a"b', ValueKind.LITERAL),
        ('x "$P"', '"$P"', "$P", ValueKind.VARIABLE),
        ('x --password="$P"x', '--password="$P"x', "--password=$Px", ValueKind.VARIABLE),
        ("x $'a\\'b'", "$'a\\'b'", "a'b", ValueKind.LITERAL),
        ("x a\\ b3", "a\\ b3", "a b3", ValueKind.LITERAL),
        ('x "${{ secrets.A }}"', '"${{ secrets.A }}"', "${{ secrets.A }}", ValueKind.EXPRESSION),
        ("x ${{ secrets.A }}", "${{ secrets.A }}", "${{ secrets.A }}", ValueKind.EXPRESSION),
        ("x {{ .Values.p | quote }}", "{{ .Values.p | quote }}", "{{ .Values.p | quote }}", ValueKind.TEMPLATED),
        ('x "$(cat f)"', '"$(cat f)"', "$(cat f)", ValueKind.VARIABLE),
        ("x ${X:-d}", "${X:-d}", "${X:-d}", ValueKind.VARIABLE),
    ],
)
def test_word_raw_value_kind(source: str, raw: str, value: str, kind: ValueKind) -> None:
    word = parse(source).commands[0].words[1]
    assert (word.raw.text, word.value.text, word.kind) == (raw, value, kind)
    assert word.span.start == source.index(raw)


def test_value_maps_through_quotes_and_escapes() -> None:
    text = "docker login -p 'hun ter2' --password=\"a\\$b\"c"
    words = parse(text).commands[0].words
    assert words[3].value.offset(0) == text.index("hun")
    v = words[4].value
    assert v.text == "--password=a$bc"
    assert text[v.offset(v.text.index("$"))] == "$"  # the escaped dollar, not its backslash
    assert v.offset(len(v.text) - 1) == len(text) - 1


def test_ansi_c_escapes_map_to_backslash() -> None:
    text = "x $'a\\nb\\x41'"
    v = parse(text).commands[0].words[1].value
    assert v.text == "a\nbA"
    assert v.offset(1) == text.index("\\n")
    assert v.offset(3) == text.index("\\x41")


def test_line_continuations_keep_positions() -> None:
    text = "docker login \\\n  -u me \\\n  -p hunter2 \\\n  reg.io\n"
    cmd = parse(text).commands[0]
    assert cmd.name == "docker"
    assert [w.text for w in cmd.words] == ["docker", "login", "-u", "me", "-p", "hunter2", "reg.io"]
    assert at(text, cmd.words[5].value.offset(0)) == (3, 6)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("sudo -E -u root docker login", ["docker", "login"]),
        ("sudo -- docker login", ["docker", "login"]),
        ("env -i A=b PATH=/x docker login", ["docker", "login"]),
        ("command docker login", ["docker", "login"]),
        ("exec -a n docker login", ["docker", "login"]),
        ("nohup docker login", ["docker", "login"]),
        ("time docker login", ["docker", "login"]),
        ("doas -u root docker login", ["docker", "login"]),
        ("sudo env X=1 nohup docker login", ["docker", "login"]),
        ("command -v docker", ["command", "-v", "docker"]),
        ("sudo", ["sudo"]),
        ("timeout 30 docker login", ["docker", "login"]),
        ("timeout --signal=KILL -k 5 30s docker login", ["docker", "login"]),
        ("nice -n 5 ionice -c 3 docker login", ["docker", "login"]),
        ("stdbuf -oL -e L docker login", ["docker", "login"]),
        ("xargs -I {} docker login -u {}", ["docker", "login", "-u", "{}"]),
        ("flock -w 5 /tmp/lock docker login", ["docker", "login"]),
        ("setsid unbuffer docker login", ["docker", "login"]),
        ("timeout 30", ["timeout", "30"]),
        ("flock /tmp/lock -c 'docker login'", ["flock", "/tmp/lock", "-c", "docker login"]),
        ("flock -c 'docker login' /tmp/lock", ["flock", "-c", "docker login", "/tmp/lock"]),
        # the old gcloud wrapper hands docker every word after `--` (held-out 20a JM2)
        ("gcloud docker -- login -u k", ["docker", "login", "-u", "k"]),
        ("sudo gcloud docker -- push r/x", ["docker", "push", "r/x"]),
        ("gcloud docker --authorize-only", ["gcloud", "docker", "--authorize-only"]),
    ],
)
def test_wrappers_are_unwrapped(source: str, expected: list[str]) -> None:
    assert argv(parse(source))[0] == expected


def test_env_assignments_are_kept() -> None:
    cmd = parse("FOO=1 env -i A=b docker login").commands[0]
    assert [(k, w.text) for k, w in cmd.assignments] == [("FOO", "1"), ("A", "b")]


def test_bash_c_is_reparsed_with_exact_positions() -> None:
    text = 'bash -c \'docker login -p "$P" r\' && sh -ec "echo \\"x\\" | docker login --password-stdin"'
    s = parse(text)
    inner = find(s, "docker")
    assert [w.text for w in inner.words] == ["docker", "login", "-p", "$P", "r"]
    assert inner.words[3].value.offset(0) == text.index("$P")
    second = find(s, "docker", 1)
    assert second.pipe_from is not None and second.pipe_from.name == "echo"
    assert second.pipe_from.words[1].value.offset(0) == text.index('x\\"')


def test_eval_and_nested_shells() -> None:
    s = parse("eval 'docker login -p x r'; bash -c \"sh -c 'docker logout r'\"")
    assert ["docker", "login", "-p", "x", "r"] in argv(s)
    assert ["docker", "logout", "r"] in argv(s)


def test_commands_everywhere() -> None:
    text = (
        "f() { a1; }\nif a2; then a3; elif a4; then :; else a5; fi\nfor i in 1; do a6; done\n"
        "while a7; do a8; done\ncase x in y) a9;; esac\nx=$(a10 | a11) `a12`\n( a13 ) && { a14; } || a15\n"
        'echo <(a16) "$(a17)"\n'
    )
    names = {c.name for c in parse(text).commands}
    assert {f"a{i}" for i in range(1, 18)} <= names


def test_source_order() -> None:
    s = parse("a; b $(c) | d; e")
    assert [c.name for c in s.commands] == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    ("source", "consumer", "producer"),
    [
        ("a | b", "b", "a"),
        ("a && b | c", "c", "b"),
        ("{ x; y; } | c", "c", "y"),
        ("( x; y ) | c", "c", "y"),
        ("$(x; y) | c", "c", "y"),
        ("a | b | c", "c", "b"),
        ("cat <<EOF | c\nbody\nEOF", "c", "cat"),
        ("a | b | c2\ncat <<EOF | c\nbody\nEOF", "c", "cat"),
    ],
)
def test_pipe_from(source: str, consumer: str, producer: str) -> None:
    cmd = find(parse(source), consumer)
    assert cmd.pipe_from is not None and cmd.pipe_from.name == producer


def test_no_pipe_across_statements() -> None:
    s = parse("a | b\nc\nd && e")
    assert find(s, "c").pipe_from is None
    assert find(s, "e").pipe_from is None


def test_heredocs_and_herestrings() -> None:
    text = "cat <<-EOF\n\thunter2 $X\n\tEOF\ncat <<'EOF'\n$Y\nEOF\ndocker login <<< 'abc'\nx < f.txt\n"
    s = parse(text)
    first, second = s.commands[0], s.commands[1]
    assert first.heredoc is not None and first.heredoc.text == "hunter2 $X\n" and first.heredoc_expands
    assert at(text, first.heredoc.offset(0)) == (2, 2)
    assert second.heredoc is not None and second.heredoc.text == "$Y\n" and not second.heredoc_expands
    hs = find(s, "docker").herestring
    assert hs is not None and hs.text == "abc" and hs.value.offset(0) == text.index("abc")
    sf = find(s, "x").stdin_file
    assert sf is not None and sf.text == "f.txt"


def test_bash_heredoc_script_is_parsed() -> None:
    s = parse("bash <<'EOF'\ndocker login -p x r\nEOF\n")
    assert ["docker", "login", "-p", "x", "r"] in argv(s)


@pytest.mark.parametrize(
    "source",
    [
        "set -x",
        "set -ex",
        "set -euxo pipefail",
        "set -o xtrace",
        "sh -xc 'a'",
        "bash -x <<'EOF'\na\nEOF",
        "#!/bin/bash -x\na",
    ],
)
def test_xtrace(source: str) -> None:
    s = parse(source)
    assert len(s.xtrace) == 1
    assert s.xtrace[0].start == 0


@pytest.mark.parametrize("source", ["set +x", "set -e", "set -- -x", "bash deploy.sh -x", "#!/bin/bash -e\na",
                                    "bash -x deploy.sh"])  # (it traces deploy.sh's commands, not these)
def test_no_xtrace(source: str) -> None:
    assert parse(source).xtrace == ()


def test_assignments_and_declarations() -> None:
    s = parse("PASSWORD=hunter2\nexport TOKEN=abc OTHER\nlocal x=1")
    assert [(k, w.text) for c in s.commands for k, w in c.assignments] == [
        ("PASSWORD", "hunter2"),
        ("TOKEN", "abc"),
        ("x", "1"),
    ]
    assert s.commands[0].name == ""
    assert s.commands[1].name == "export"


def test_syntax_errors_keep_going() -> None:
    s = parse("if then fi ((\ndocker login -p x r\n'unterminated")
    assert ["docker", "login", "-p", "x", "r"] in argv(s)
    assert s.errors


def test_github_expression_does_not_derail_parse() -> None:
    text = "echo ${{ secrets.A }} # c\ndocker login -p ${{ secrets.P }} r\n"
    s = parse(text)
    assert argv(s) == [["echo", "${{ secrets.A }}"], ["docker", "login", "-p", "${{ secrets.P }}", "r"]]
    assert s.errors == ()


def test_non_ascii_positions() -> None:
    text = "echo 'héllo ✓' && docker login -p 🔑x r"
    cmd = find(parse(text), "docker")
    assert cmd.words[3].text == "🔑x" and cmd.words[3].value.offset(0) == text.index("🔑")


@pytest.mark.parametrize("dialect", ["python", "groovy", ""])
def test_unknown_dialect_is_empty(dialect: str) -> None:
    assert parse("docker login -p x", dialect).commands == ()


def test_pwsh() -> None:
    text = (
        '$ErrorActionPreference = "Stop"\ndocker login -u x -p $env:P reg `\n'
        '  --x "a`"b" # c\n"h2" | docker login --password-stdin'
    )
    s = parse(text, "pwsh")
    login = find(s, "docker")
    assert [w.text for w in login.words] == ["docker", "login", "-u", "x", "-p", "$env:P", "reg", "--x", 'a"b']
    assert login.words[5].kind is ValueKind.VARIABLE
    assert at(text, login.words[5].value.offset(0)) == (2, 22)
    second = find(s, "docker", 1)
    assert second.pipe_from is not None and second.pipe_from.words[0].text == "h2"


def test_cmd() -> None:
    text = (
        "@echo off\r\nREM docker login -p no\r\ndocker login -p %P% reg && echo h1| docker login --password-stdin\r\n"
    )
    s = parse(text, "cmd")
    assert argv(s) == [
        ["echo", "off"],
        ["docker", "login", "-p", "%P%", "reg"],
        ["echo", "h1"],
        ["docker", "login", "--password-stdin"],
    ]
    assert s.commands[1].words[3].kind is ValueKind.VARIABLE
    assert s.commands[3].pipe_from is s.commands[2]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["set", "sh", "bash", " ", "-", "-e", "x", "-ex", "-o", "xtrace", "X", "\n", ";",
                                 "|", "&", "'", '"', "\\", "$'\\x78'", "a", "-u"]), max_size=30).map("".join))
def test_the_tracing_test_s_fast_rejection_is_the_pattern_s(text: str) -> None:
    """`may_trace` (the walk's `_walk_anyway`) rejects without the tracing pattern only texts
    the pattern rejects."""
    from dcrlint.shell.spelling import _TRACE, may_trace, words

    low = words(text)
    assert may_trace(text) == (low is None or _TRACE.search(low) is not None)


@pytest.mark.parametrize(("source", "outputs"), [
    ('export -p > "$f"', {"export": "file"}),
    ("declare -px >> env.txt", {"declare": "file"}),
    ("t=$(mktemp) && export -p >\"$t\" && . ./.env", {"": "log", "export": "file", "mktemp": "captured", ".": "log"}),
    ('echo "$A" && export -p > f', {"echo": "log", "export": "file"}),  # the redirect is the last command's
    ("{ export -p; } > f", {"export": "file"}),
    ("export -p >&2", {"export": "log"}),
    ("export -p > /dev/stdout", {"export": "log"}),
    ("readonly -p | tee f", {"readonly": "log", "tee": "log"}),
])
def test_declaration_redirects(source: str, outputs: dict[str, str]) -> None:
    """A declaration (`export`, `declare`, `readonly`) writes where its redirects send it, as a
    simple command does; in a list, the redirect the grammar hangs on the list is its own."""
    script = parse(source)
    assert {c.name: c.output for c in script.commands} == outputs

"""No input makes the shell front ends or the shell contexts raise; corpus scripts parse quickly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import scanned
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dcrlint.classify import FileKind
from dcrlint.extractors import shell_contexts
from dcrlint.shell import Script, parse_shell
from dcrlint.shell.logins import find_logins, literal_fed_to_stdin, stdin_source
from dcrlint.source import MappedText

CORPUS = Path("/work/shared/corpus/shell")

# Text made of the characters that matter to the parsers, so random input reaches deep states.
_SHELLISH = st.text(
    alphabet=st.sampled_from(list("ab -p=\\'\"$`{}()[]|&;<>#\n\t\r@%^:EOFx✓\U0001f511")) | st.characters(),
    max_size=300,
)


def _exercise(script: Script, text: MappedText) -> None:
    for cmd in script.commands:
        assert 0 <= cmd.span.start <= cmd.span.end <= text.end or text.text == ""
        for w in cmd.words:
            w.value.span(0, len(w.value.text))
    for login in find_logins(script):
        stdin_source(login)
        literal_fed_to_stdin(login)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_SHELLISH, st.sampled_from(["sh", "pwsh", "cmd", "python"]))
def test_random_text_never_raises(text: str, dialect: str) -> None:
    mt = MappedText.verbatim(text, 0)
    _exercise(parse_shell(mt, dialect), mt)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "docker login",
                " -p ",
                "--password=",
                "'hunter2'",
                '"$P"',
                "${{ secrets.X }}",
                " | ",
                " && ",
                "\\\n",
                "<<EOF\n",
                "\nEOF\n",
                "<<< ",
                "bash -c '",
                "sudo ",
                "$(",
                ")",
                "echo x",
                " --password-stdin",
                "\n",
                "#",
                "'",
                '"',
            ]
        ),
        max_size=40,
    )
)
def test_login_fragments_never_raise(parts: list[str]) -> None:
    text = "".join(parts)
    mt = MappedText.verbatim(text, 0)
    _exercise(parse_shell(mt, "sh"), mt)


@settings(max_examples=200, deadline=None)
@given(_SHELLISH, st.sampled_from([FileKind.DOCKERFILE, FileKind.MAKEFILE, FileKind.SHELL]))
def test_contexts_never_raise(text: str, kind: FileKind) -> None:
    prefix = {FileKind.DOCKERFILE: "RUN ", FileKind.MAKEFILE: "a:\n\t", FileKind.SHELL: ""}[kind]
    file = scanned(prefix + text, ("f", kind))
    for ctx in shell_contexts(file):
        script = parse_shell(ctx.text, ctx.dialect)
        _exercise(script, ctx.text)


def _corpus() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file()) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_corpus_parses_without_error() -> None:
    files = _corpus()
    texts = [p.read_bytes().decode("utf-8", "surrogateescape") for p in files]
    start = time.perf_counter()
    commands = 0
    for text in texts:
        mt = MappedText.verbatim(text, 0)
        for dialect in ("sh",):
            script = parse_shell(mt, dialect)
            commands += len(script.commands)
            _exercise(script, mt)
    elapsed = time.perf_counter() - start
    print(f"\n{len(files)} corpus scripts, {commands} commands, {len(files) / elapsed:.0f} files/s")
    assert commands > len(files)
    # every corpus file also survives being read as another dialect or file kind
    for text in texts:
        for dialect in ("pwsh", "cmd"):
            parse_shell(MappedText.verbatim(text, 0), dialect)
        for kind in (FileKind.DOCKERFILE, FileKind.MAKEFILE):
            for ctx in shell_contexts(scanned(text, ("f", kind))):
                parse_shell(ctx.text, ctx.dialect)


def test_code_points_that_crash_tree_sitter_bash_are_masked() -> None:
    """tree-sitter-bash 0.25 segfaults now and then on `{` + some non-BMP code points; a crash
    would kill the whole scan, so parse the known crashers in fresh processes several times."""
    import subprocess
    import sys

    code = (
        "from dcrlint.source import MappedText; from dcrlint.shell import parse_shell\n"
        "for t in ['{\\U0002cb04', '0{\\U000b7d80sÇ', '{\\U0005ffff}', 'ê\\U0001f511{\\U0002cb04']:\n"
        "    s = parse_shell(MappedText.verbatim(t, 0), 'sh')\n"
    )
    for _ in range(12):
        assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

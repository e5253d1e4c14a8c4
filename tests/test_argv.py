"""argv.read: a plain command line read without argparse gives argparse's namespace, and
anything else is left to argparse (start-up time)."""

from __future__ import annotations

import argparse
import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from dcrlint import argv, cli

CORES = 3


def _argparse(words: list[str]) -> dict[str, object] | None:
    """What the CLI's parser makes of words; None when it stops (an error, --help, --version)."""
    parser = cli._parser()
    for action in parser._actions:
        if action.dest == "jobs":
            action.default = CORES
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return vars(parser.parse_intermixed_args(words))
    except SystemExit:
        return None


def test_the_table_is_the_parser() -> None:
    flags, switches, values, appends = {}, {}, {}, {}
    for action in cli._parser()._actions:
        for option in action.option_strings:
            if isinstance(action, argparse._StoreTrueAction):
                flags[option] = action.dest
            elif isinstance(action, argparse.BooleanOptionalAction):
                switches[option] = (action.dest, not option.startswith("--no-"))
            elif isinstance(action, argparse._AppendAction):
                appends[option] = action.dest
            elif isinstance(action, argparse._StoreAction):
                choices = tuple(action.choices) if action.choices is not None else None
                values[option] = (action.dest, choices, action.type is int)
    assert (flags, switches, values, appends) == (argv.FLAGS, argv.SWITCHES, argv.VALUES, argv.APPENDS)
    assert argv.defaults(CORES) == _argparse([])
    assert {a.dest for a in cli._parser()._mutually_exclusive_groups[0]._group_actions} == set(argv.EXCLUSIVE)


PLAIN = [
    [], ["deploy.sh"], ["--no-git", "--no-cache", "deploy.sh"], ["--force-exclude", "a.yml", "b.sh"],
    ["a", "--format", "json", "-o", "out.json", "b", "--fail-on=never"], ["--select", "DCR001,DCR002", "--select=x"],
    ["-j", "2", "--jobs=4", "-q", "--color", "never", "--no-force-exclude", "."], ["-", "--stdin-filename", "x.yml"],
    ["--fix", "--unsafe-fixes", "--exclude", "vendor/**", "--rules-dir", "policies", "src"], ["--diff", "--diff"],
]
NOT_PLAIN = [
    ["--help"], ["-h"], ["--version"], ["--no-gi"], ["--form", "json"], ["--format", "xml"], ["-qj2"],
    ["--", "-x"], ["-o"], ["-o", "-"], ["--output="], ["--jobs", "two"], ["--fix", "--diff"], ["-o=x"],
    ["--no-git=1"], ["--select", "-x"], ["-5"], ["--unknown"],
]


def test_plain_command_lines_are_read_as_argparse_reads_them() -> None:
    for words in PLAIN:
        quick = argv.read(list(words), CORES)
        assert quick is not None, words
        assert vars(quick) == _argparse(list(words)), words
    for words in NOT_PLAIN:
        assert argv.read(list(words), CORES) is None, words


WORDS = st.sampled_from([
    *argv.FLAGS, *argv.SWITCHES, *argv.VALUES, *argv.APPENDS, "--", "-", "-h", "--help", "--version", "--no-g",
    "--sarif-c", "-qj", "-j2", "--jobs=2", "--format=json", "--format=x", "--color=always", "--select=", "json",
    "sarif", "never", "error", "2", "0", "-1", "x", "a.sh", "dir/b.yml", "", " ", "-x", "--x=y", "--no-force-exclude=1",
    "auto", "rules", "DCR001",
])


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(st.lists(WORDS, max_size=7))
def test_any_command_line_is_read_as_argparse_reads_it_or_left_to_it(words: list[str]) -> None:
    quick = argv.read(list(words), CORES)
    if quick is not None:
        assert vars(quick) == _argparse(list(words))

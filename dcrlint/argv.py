"""The command line read without argparse when it is plain (start-up).

Importing argparse and building dcrlint's parser (a help formatter made for each option, the
gettext look-ups, the usage formatted by `parse_intermixed_args`) costs about a sixth of a
one-file run. A command line of whole option names, each value a separate word or after `=`,
and paths (what pre-commit, CI and people type) is read here into the same namespace
`cli._parser().parse_intermixed_args` gives; anything else (an abbreviation, `-h`, `--version`,
`--`, a value that looks like an option, a value argparse would refuse, two exclusive options)
gives None and argparse reads it, help, errors and all. tests/test_argv.py holds the table to
the parser and the results to argparse's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .config import FAIL_ON
from .reports import FORMATS

if TYPE_CHECKING:
    from argparse import Namespace
else:
    from types import SimpleNamespace as Namespace

COLORS = ("auto", "always", "never")

# option string -> destination: options that take no value, and the one with a --no- form.
FLAGS = {"-q": "quiet", "--quiet": "quiet", "--statistics": "statistics", "--no-git": "no_git",
         "--no-cache": "no_cache", "--strict": "strict", "--no-ignores": "no_ignores",
         "--require-reasons": "require_reasons", "--report-unused-ignores": "report_unused_ignores",
         "--show-suppressed": "show_suppressed", "--fix": "fix", "--diff": "diff", "--unsafe-fixes": "unsafe_fixes"}
SWITCHES = {"--force-exclude": ("force_exclude", True), "--no-force-exclude": ("force_exclude", False)}
# option string -> (destination, the values it accepts or None for any, whether it is a number)
VALUES: dict[str, tuple[str, tuple[str, ...] | None, bool]] = {
    "--format": ("format", FORMATS, False), "-o": ("output", None, False), "--output": ("output", None, False),
    "--sarif": ("sarif", None, False), "--sarif-category": ("sarif_category", None, False),
    "--config": ("config", None, False), "--fail-on": ("fail_on", FAIL_ON, False),
    "--stdin-filename": ("stdin_filename", None, False), "--color": ("color", COLORS, False),
    "--now": ("now", None, False), "--jobs": ("jobs", None, True), "-j": ("jobs", None, True),
    "--cache-dir": ("cache_dir", None, False), "--baseline": ("baseline", None, False),
    "--write-baseline": ("write_baseline", None, False),
}
# option string -> destination: repeatable options, each value appended.
APPENDS = {"--select": "select", "--ignore": "ignore", "--exclude": "exclude", "--rules-dir": "rules_dir"}
EXCLUSIVE = ("fix", "diff")


def defaults(cores: int) -> dict[str, object]:
    """Every destination with its default, as the parser sets them (`cores`: --jobs')."""
    out: dict[str, object] = {"paths": ["."], "format": "text", "color": "auto", "force_exclude": False,
                              "jobs": cores}
    for dest in FLAGS.values():
        out[dest] = False
    for dest, _, _ in VALUES.values():
        out.setdefault(dest, None)
    for dest in APPENDS.values():
        out[dest] = []
    return out


def read(argv: list[str], cores: int) -> Namespace | None:
    """The namespace argparse would give for argv, or None when argparse must read it."""
    values = defaults(cores)
    paths: list[str] = []
    words = iter(argv)
    for word in words:
        if word[:1] != "-" or word == "-":
            paths.append(word)
            continue
        name, eq, given = word.partition("=")
        if eq and not name.startswith("--"):
            return None  # -o=x: argparse's reading of it is its own
        if name in FLAGS and not eq:
            values[FLAGS[name]] = True
        elif name in SWITCHES and not eq:
            dest, on = SWITCHES[name]
            values[dest] = on
        elif name in VALUES or name in APPENDS:
            value = given if eq else next(words, None)
            if not value or value.startswith("-"):
                return None  # missing, empty, or what argparse may take for an option
            if name in APPENDS:
                appended = values[APPENDS[name]]
                assert isinstance(appended, list)
                appended.append(value)
                continue
            dest, choices, number = VALUES[name]
            if number:
                try:
                    values[dest] = int(value)
                except ValueError:
                    return None
            elif choices is not None and value not in choices:
                return None
            else:
                values[dest] = value
        else:
            return None  # -h, --version, --, an abbreviation, a cluster, a typo
    if all(values[dest] for dest in EXCLUSIVE):
        return None  # argparse says they do not go together
    if paths:
        values["paths"] = paths
    return Namespace(**values)

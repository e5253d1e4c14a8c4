"""Where what a command writes to its stdout ends up: the log, the system log (`logger`
reading it), or nowhere anyone reads (a file, a capture, a program that keeps it). One walk
(`shown_by`) for every question of it: a printing command at the top of a script, one run by
`ssh h '...'`, `bash -c`, `eval` (`Command.stdout_of`), the words around a function's call."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from ..lazyre import lazy_compile

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from .model import Command, Word

# Programs that write what they read to their own stdout, changed or not (`| base64`, `| tee f`,
# `| sed s/a/b/`, `| grep x`): a filter shows a transform of its input where its stdout goes.
PASSING_ON = frozenset({"tee", "cat", "tac", "base64", "tr", "sed", "awk", "gawk", "mawk", "head", "tail", "cut",
                        "fold", "rev", "sort", "uniq", "grep", "egrep", "fgrep", "xxd", "od", "hexdump", "jq", "yq",
                        "envsubst", "column", "nl", "paste", "expand", "fmt", "iconv"})
# grep's options that print no line read: `-q` (quiet: the exit status only), `-c` (a count),
# `-l`/`-L` (the name `(standard input)`).
_GREP_SILENT_LONG = frozenset({"--quiet", "--silent", "--count", "--files-with-matches", "--files-without-match"})
_GREP_SILENT_SHORT = frozenset("qclL")
# grep's short options that take a value (what follows them in the word is that value).
_GREP_VALUED_SHORT = frozenset("efmABCdD")

# `logger` writes its message (its operands, else its stdin) to the system log, wherever its
# stdout goes; the options that take a value (util-linux and BSD), whose value is no message.
LOGGER = "logger"
_LOGGER_VALUED = frozenset({"-f", "--file", "-p", "--priority", "-t", "--tag", "-n", "--server", "-P", "--port",
                            "-u", "--socket", "-d", "--sd-id", "--sd-param", "-m", "--msgid", "-S", "--size",
                            "--journald"})
# Files that are the log when a program is told to write to them (its stderr, the terminal):
# `tee /dev/stderr` shows what it reads wherever its own stdout goes.
_LOG_FILES = frozenset({"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2", "/dev/tty"})
# xargs: its options that take a value (a separate word, or the rest of the word), those that
# print each command line with what it read to stderr (`-t`, `-p`), and the one reading its
# input from a file instead of stdin (`-a`). GNU and BSD spellings.
_XARGS_VALUED_SHORT = frozenset("adEILnPsJR")
_XARGS_VALUED_LONG = frozenset({"--arg-file", "--delimiter", "--eof", "--replace", "--max-lines", "--max-args",
                                "--max-procs", "--max-chars", "--process-slot-var"})
_XARGS_SHOWING = frozenset({"-t", "--verbose", "-p", "--interactive"})
_MAX_HOPS = 32  # commands followed from one (a pipeline's, the nested scripts' running it)


def readers(commands: Iterable[Command]) -> dict[int, Command]:
    """Each command's reader by its id: the command whose stdin is its stdout (`a | b`: b). Of
    two (`a | ssh h 'b'`: ssh and b, the first command of what it runs) the later, the inner."""
    return {id(c.pipe_from): c for c in commands if c.pipe_from is not None}


def shown_by(cmd: Command, read_by: Mapping[int, Command],
             keeps: Callable[[Command], bool] | None = None) -> Command | None:
    """The command that shows what `cmd` writes to its stdout: the last of the programs passing
    it on (`PASSING_ON`) whose stdout is the log (`cmd` itself when nothing reads it), past the
    commands running it (`ssh h 'echo $P' | sed s/a/b/`); or a program reading it that writes it
    to a log wherever its own stdout goes (`logs_input`: `logger`, `tee /dev/stderr`,
    `xargs -t`). None when it ends in a file, a capture (`$(...)`) or a program that keeps it
    (`docker login --password-stdin`, `grep -q`, `logger MESSAGE`, which reads no stdin).
    `read_by`: `readers` of the script's commands. `keeps`: which programs passing it on keep
    what matters of it (none when not given: all do)."""
    if _into_variable(cmd):
        return None
    for _ in range(_MAX_HOPS):
        if cmd.output != "log":
            return None
        reader = read_by.get(id(cmd))
        if reader is None:
            if cmd.stdout_of is None:
                return cmd
            cmd = cmd.stdout_of
        elif logs_input(reader):
            return reader
        elif passes_on(reader) and (keeps is None or keeps(reader)):
            cmd = reader
        else:
            return None
    return cmd


def _into_variable(cmd: Command) -> bool:
    """bash's `printf -v NAME FORMAT ...` (also `-vNAME`) assigns what it formats to NAME and
    writes nothing to its stdout. (`-v` is only read before the format: `printf -- -v` prints.)"""
    if cmd.name.rsplit("/", 1)[-1] != "printf" or not cmd.args:
        return False
    first = cmd.args[0].text
    return first.startswith("-v") and (len(first) > 2 or len(cmd.args) > 1)


def passes_on(cmd: Command) -> bool:
    """`cmd` writes what it reads to its stdout (`PASSING_ON`; not `grep -q`, `grep -c`; xargs
    running `echo` or `printf`, or no command: echo)."""
    name = cmd.name.rsplit("/", 1)[-1]
    xargs = _xargs(cmd)
    if xargs is not None:
        start, _ = _xargs_options(xargs)
        return start is not None and name in ("echo", "printf")
    if name == "xargs":
        return _xargs_options(cmd.args)[0] == len(cmd.args)
    if name not in PASSING_ON:
        return False
    if name == "jq":
        return _jq_filter(cmd.args) != "empty"
    return not name.endswith("grep") or not _grep_silent(cmd.args)


# Filters passing on the bytes they read with no line break added to the last line (`sed`, `tr`,
# `cat`: GNU and BSD); the others (`grep`, `sort`, `awk`, `xargs echo`) end every line they write.
_LAST_LINE_KEPT = frozenset({"tee", "cat", "tr", "sed", "head", "tail"})
# A printf format's parts that may write a line break: an escape (`\n`, `\012`, `\x0a`, a line
# break itself after `$'...'`), `%b` (its argument's escapes), an expansion (any text).
_MAY_BREAK = lazy_compile(r"[\\\n$]|%[-+ #0-9.*]*b")
# echo's options (before its text): `-n` ends the text with no line break.
_ECHO_OPTIONS = lazy_compile(r"-[neE]+")
_ECHO_NO_BREAK = lazy_compile(r"-[eE]*n[neE]*")


def may_end_a_line(cmd: Command) -> bool:
    """Whether what `cmd` writes may end with a line break, as far as its words tell: not
    `printf FORMAT ...` whose format writes none (`printf '%s' "$P"`: each argument's own text,
    a one-line secret's with no break), nor `echo -n`, nor a filter keeping the last line of one
    of these as it is (`| tr -d ' '`). `read` reads no whole line of such an input."""
    name = cmd.name.rsplit("/", 1)[-1]
    if name == "echo":
        options = list(itertools.takewhile(lambda w: _ECHO_OPTIONS.fullmatch(w.text) is not None, cmd.args))
        text = cmd.args[len(options):]
        return not any(_ECHO_NO_BREAK.fullmatch(w.text) for w in options) \
            or any("\\" in w.text or "\n" in w.text for w in text)  # (`echo -ne "$P\n"`)
    if name == "printf":
        args = [w.text for w in cmd.args]
        fmt = args[1] if args[:1] == ["--"] else args[0] if args and not args[0].startswith("-") else None
        return fmt is None or _MAY_BREAK.search(fmt) is not None
    if name in _LAST_LINE_KEPT and cmd.pipe_from is not None:
        return may_end_a_line(cmd.pipe_from)
    return True


def logs_input(cmd: Command) -> bool:
    """`cmd` writes what it reads to a log whatever reads its stdout: `logger` (the system
    log), `tee` given the log's own device as a file (`tee /dev/stderr`), `xargs -t` / `-p`
    (each command line, with the words it read, to stderr)."""
    name = cmd.name.rsplit("/", 1)[-1]
    if name == "tee":
        return any(w.text in _LOG_FILES or _stderr_substitution(w.text) for w in cmd.args)
    xargs = _xargs(cmd)
    if xargs is None and name == "xargs":
        xargs = cmd.args
    if xargs is not None:
        return _xargs_options(xargs)[1]
    return logs_stdin(cmd)


# A process substitution whose command writes to stderr (`>(cat >&2)`, `>(sed 's/^/> /' 1>&2)`,
# `>(cat > /dev/stderr)`): its program and the rest of its text.
_SUBSTITUTION_TO_STDERR = lazy_compile(r">\(\s*([\w./-]+)([^()]*)\)")
_TO_STDERR = lazy_compile(r"(?<![\w&>])1?>&2(?!\w)|(?<![\w&])1?>\s*/dev/stderr(?![\w/])")


def _stderr_substitution(text: str) -> bool:
    """A file operand that is a process substitution passing what it reads to stderr, the log
    (`tee >(cat >&2)` shows it wherever tee's own stdout goes), or to the system log (`logger`
    given no message reads its stdin: `tee >(logger -t ci)`)."""
    m = _SUBSTITUTION_TO_STDERR.fullmatch(text)
    if m is None:
        return False
    program = m.group(1).rsplit("/", 1)[-1]
    if program == LOGGER:
        return _logger_reads_stdin(m.group(2).split())  # (its words as the shell splits them, near enough)
    return program in PASSING_ON and _TO_STDERR.search(m.group(2)) is not None


def _xargs(cmd: Command) -> tuple[Word, ...] | None:
    """The words after `xargs` when `cmd` is what an xargs wrapper runs (`xargs -I{} echo {}`)."""
    for k, w in enumerate(cmd.wrappers):
        if w.text.rsplit("/", 1)[-1] == "xargs":
            return cmd.wrappers[k + 1 :]
    return None


def _xargs_options(args: tuple[Word, ...]) -> tuple[int | None, bool]:
    """Where the command xargs runs starts in `args` (None: it reads no stdin, `-a FILE`), and
    whether it prints each command line to stderr (`_XARGS_SHOWING`)."""
    showing = False
    k = 0
    while k < len(args):
        text = args[k].text
        if text == "--":
            return k + 1, showing
        if not text.startswith("-") or text == "-":
            break
        k += 1
        if text.startswith("--"):
            name, eq, _ = text.partition("=")
            if name == "--arg-file":
                return None, showing
            showing = showing or name in _XARGS_SHOWING
            k += name in _XARGS_VALUED_LONG and not eq
            continue
        for at, ch in enumerate(text[1:], 2):
            if ch == "a":
                return None, showing
            showing = showing or f"-{ch}" in _XARGS_SHOWING
            if ch in _XARGS_VALUED_SHORT:
                k += at == len(text)  # (else the rest of the word is its value)
                break
            if ch in "eil":  # GNU's optional values, only in the same word
                break
    return k, showing


# jq's options that take values (two for the named ones), before or after its filter.
_JQ_VALUED = {"-f": 1, "--from-file": 1, "-L": 1, "--indent": 1, "--arg": 2, "--argjson": 2, "--slurpfile": 2,
              "--rawfile": 2}


def _jq_filter(args: tuple[Word, ...]) -> str | None:
    """jq's filter program as written (its first operand), or None (read from a file, `-f`): the
    filter `empty` writes nothing of what jq reads (`echo "$J" | jq empty`: a check the input
    is JSON, as `grep -q` is a check it matches)."""
    skip, operand = 0, False
    for w in args:
        text = w.text
        if skip:
            skip -= 1
        elif operand or not text.startswith("-"):
            return text.strip()
        elif text in ("-f", "--from-file"):
            return None
        elif text in _JQ_VALUED:
            skip = _JQ_VALUED[text]
        elif text == "--":
            operand = True
    return None


def _grep_silent(args: tuple[Word, ...]) -> bool:
    """grep's options (before `--`) hold one that prints no line it reads."""
    valued = False
    for w in args:
        text = w.text
        if valued:
            valued = False  # the value of `-e PATTERN`, `-m N`
        elif text == "--":
            return False
        elif text.startswith("--"):
            if text in _GREP_SILENT_LONG:
                return True
        elif text.startswith("-"):
            for k, ch in enumerate(text[1:], 2):
                if ch in _GREP_SILENT_SHORT:
                    return True
                if ch in _GREP_VALUED_SHORT:
                    valued = k == len(text)  # else the rest of the word is its value
                    break
    return False


def logger_message(cmd: Command) -> tuple[Word, ...]:
    """The words `logger` writes to the system log: its operands (not an option's value)."""
    return tuple(cmd.args[i] for i in _logger_operands([w.text for w in cmd.args]))


def _logger_operands(texts: list[str]) -> list[int]:
    """Where `logger`'s operands are among its words (after its name)."""
    out: list[int] = []
    skip = False
    for i, text in enumerate(texts):
        if skip:
            skip = False
        elif text in _LOGGER_VALUED:
            skip = True
        elif not (text.startswith("-") and len(text) > 1):
            out.append(i)
    return out


def _logger_reads_stdin(texts: list[str]) -> bool:
    """`logger` given these words writes its stdin to the system log (no message, no `-f` file)."""
    return not _logger_operands(texts) and not any(t in ("-f", "--file") or t.startswith("--file=") for t in texts)


def logs_stdin(cmd: Command) -> bool:
    """`cmd` is `logger` writing its stdin to the system log (no message, no `-f` file)."""
    return cmd.name.rsplit("/", 1)[-1] == LOGGER and _logger_reads_stdin([w.text for w in cmd.args])

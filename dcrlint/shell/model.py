"""The command model every shell dialect is parsed into: words, simple commands, scripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ..lazyre import lazy_compile
from ..records import lazy_dataclass
from ..source import MappedText, MappedTextBuilder, Span
from ..values import ValueKind, classify

# Commands that write their arguments (or a file) to stdout: what DCR003 looks for.
PRINTING_COMMANDS = frozenset({"echo", "printf", "cat", "print", "Write-Host", "Write-Output", "type"})
# A program by its path in the system's folders (`/bin`, `/usr/bin`, `/usr/local/bin`, their `sbin`).
_SYSTEM_PROGRAM = lazy_compile(r"(?:/usr(?:/local)?)?/s?bin/([^/]+)")

class WordSource(Protocol):
    """Builds a word's texts on first use (the bash reader: most words of a script are never
    read by a check, and building their mapped texts was most of the parse)."""

    def word_raw(self, node: Any) -> MappedText: ...

    def word_value(self, node: Any) -> MappedText: ...

    def word_text(self, node: Any) -> str: ...

    def word_span(self, node: Any) -> Span: ...


class Word:
    """One argument: `raw` as written (quotes included), `value` after quote removal and
    escape processing with expansions kept verbatim, and what kind of value it is. Immutable;
    equal to another word with the same texts and maps."""

    __slots__ = ("_dollars", "_kind", "_node", "_raw", "_source", "_text", "_value")

    def __init__(self, raw: MappedText, value: MappedText) -> None:
        self._raw: MappedText | None = raw
        self._value: MappedText | None = value
        self._source: WordSource | None = None
        self._node: Any = None
        self._text: str | None = None
        self._kind: ValueKind | None = None
        self._dollars: bool | None = None

    @classmethod
    def of(cls, raw: MappedText, value: MappedText, kind: ValueKind | None = None) -> Word:
        """A word; `kind` when the dialect, not the text alone, decides it."""
        w = cls(raw, value)
        w._kind = kind
        return w

    @classmethod
    def lazy(cls, source: WordSource, node: Any) -> Word:
        """A word whose texts `source` builds from `node` when first read."""
        w = cls.__new__(cls)
        w._raw = w._value = None
        w._source, w._node = source, node
        w._text = w._kind = w._dollars = None
        return w

    @classmethod
    def lazy_expanded(cls, source: WordSource, node: Any) -> Word:
        """`lazy`, for a word whose `$` an outer shell expanded already (`ssh h "... '$P'"`):
        no quote this shell sees makes one text."""
        w = cls.lazy(source, node)
        w._dollars = False
        return w

    @property
    def raw(self) -> MappedText:
        raw = self._raw
        if raw is None:
            assert self._source is not None
            raw = self._raw = self._source.word_raw(self._node)
        return raw

    @property
    def value(self) -> MappedText:
        value = self._value
        if value is None:
            assert self._source is not None
            value = self._value = self._source.word_value(self._node)
        return value

    @property
    def text(self) -> str:
        if self._value is not None:
            return self._value.text
        text = self._text
        if text is None:
            assert self._source is not None
            text = self._text = self._source.word_text(self._node)
        return text

    @property
    def span(self) -> Span:
        """File span of the word as written."""
        if self._raw is None and self._source is not None:
            return self._source.word_span(self._node)
        return self.raw.span(0, len(self.raw.text))

    @property
    def kind(self) -> ValueKind:
        """Worked out on first use: few rules ask, and scripts have many words."""
        if self._kind is None:
            self._kind = classify(self.value.text, quoted=self.dollars_literal)
        return self._kind

    @property
    def dollars_literal(self) -> bool:
        """Every `$` as written is text to the shell: in single quotes or escaped
        (`'robot$ci-pull'`, `\\$`); none in double quotes or bare."""
        if self._dollars is None:
            self._dollars = _dollars_literal(self.raw.text)
        return self._dollars

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Word)
        return (self.raw, self.value) == (other.raw, other.value)

    def __hash__(self) -> int:
        return hash((self.raw, self.value))

    def __reduce__(self) -> tuple[type[Word], tuple[MappedText, MappedText]]:
        return Word, (self.raw, self.value)

    def __repr__(self) -> str:
        return f"Word(raw={self.raw!r}, value={self.value!r})"


def _dollars_literal(raw: str) -> bool:
    if "$" not in raw:
        return False
    quote = ""
    i = 0
    while i < len(raw):
        ch = raw[i]
        if quote == "'":
            quote = "" if ch == "'" else quote
        elif ch == "\\":
            i += 1
        elif quote == "$'":  # ANSI-C quotes: escapes, and every `$` text
            quote = "" if ch == "'" else quote
        elif ch == "'" and not quote:
            quote = "'"
        elif ch == '"':
            quote = "" if quote == '"' else '"'
        elif ch == "$":
            if quote or raw[i + 1 : i + 2] != "'":
                return False
            quote = "$'"
            i += 1
        i += 1
    return True


@lazy_dataclass(frozen=True, init=False)
class Command:
    """A simple command, wrappers (`sudo`, `env X=Y`, `nohup` ...) already removed from `words`."""

    words: tuple[Word, ...]
    span: Span
    assignments: tuple[tuple[str, Word], ...] = ()
    pipe_from: Command | None = None  # the command whose stdout is this one's stdin
    herestring: Word | None = None
    heredoc: MappedText | None = None
    heredoc_expands: bool = True
    # The file stdin reads: its own `< f` (`< <(...)`, `<&N` of an `exec N< f`), else, with no pipe
    # or here-text of its own, that of a group, subshell or loop around it (`stdin_inherited`).
    stdin_file: Word | None = None
    # Where stdout goes: "log" (the terminal or job log, or whatever reads it: `pipe_from` of
    # the next command, `stdout_of`), "file" (redirected to a file), or "captured" (inside
    # `$(...)`, backticks or `<(...)`: read by the enclosing command). `shell.stdout.shown_by`
    # follows it to where it ends up.
    output: str = "log"
    # The shell function whose own stdout this command's is (bash: in its body, stdout not moved
    # by the command or a group around it): a caller running it as `$(f)` reads it, not the log.
    result_of: str = ""
    # The command running this one whose stdout this one's is (`ssh h '...'`, `bash -c`, `eval`,
    # `bash <<EOF`; its output "log"): what reads that one's stdout reads this one's.
    stdout_of: Command | None = None
    # The wrapper words `apply_wrappers` took from the front (`sudo -E`, `xargs -t -I{}`):
    # `xargs echo` writes what it reads to its stdout, where a bare `echo` reads nothing.
    wrappers: tuple[Word, ...] = ()
    # `stdin_file` is a group's or loop's: a pipe or redirect written on the command takes its place.
    stdin_inherited: bool = False

    def __init__(self, words: tuple[Word, ...], span: Span, assignments: tuple[tuple[str, Word], ...] = (),
                 pipe_from: Command | None = None, herestring: Word | None = None, heredoc: MappedText | None = None,
                 heredoc_expands: bool = True, stdin_file: Word | None = None, output: str = "log",
                 result_of: str = "", stdout_of: Command | None = None, wrappers: tuple[Word, ...] = (),
                 stdin_inherited: bool = False) -> None:
        d = self.__dict__  # frozen, made through the instance dict (see source.Span)
        d["words"] = words
        d["span"] = span
        d["assignments"] = assignments
        d["pipe_from"] = pipe_from
        d["herestring"] = herestring
        d["heredoc"] = heredoc
        d["heredoc_expands"] = heredoc_expands
        d["stdin_file"] = stdin_file
        d["output"] = output
        d["result_of"] = result_of
        d["stdout_of"] = stdout_of
        d["wrappers"] = wrappers
        d["stdin_inherited"] = stdin_inherited

    def with_words(self, words: tuple[Word, ...], wrappers: tuple[Word, ...]) -> Command:
        """This command run with other words, `wrappers` taken off their front; every other
        field kept (copied through the instance dict: a field added later is kept too)."""
        new = object.__new__(Command)
        d = new.__dict__
        d.update(self.__dict__)
        d["words"] = words
        d["wrappers"] = wrappers
        return new

    @property
    def name(self) -> str:
        """The command name as run ("" for a line of assignments only); a program in the
        system's own folders by its name (`/bin/echo` is `echo`; `./echo`, a project's, is not)."""
        if not self.words:
            return ""
        text = self.words[0].text
        if text[:1] == "/" and (m := _SYSTEM_PROGRAM.fullmatch(text)) is not None:
            return m.group(1)
        return text

    @property
    def args(self) -> tuple[Word, ...]:
        return self.words[1:]


@lazy_dataclass(frozen=True)
class Script:
    """Every simple command of a piece of shell, in source order."""

    commands: tuple[Command, ...]
    xtrace: tuple[Span, ...]  # where command tracing is switched on
    dialect: str
    errors: tuple[Span, ...] = ()  # parts the parser could not make sense of
    # Top-level statements holding no command the checks read were left out (`parse_shell`'s
    # `wanted`): `commands` has every command a check reads, not every command.
    partial: bool = False
    # `set -x` (or a `#!/bin/bash -x` line) and `set +x` that are statements of the script
    # itself (top-level, a top-level brace group's, a top-level list's first operand; not in a
    # function, a subshell, a loop, a branch or a nested script, nor in the background): where
    # tracing provably turns on and off in the order the text has them.
    xtrace_top: tuple[Span, ...] = ()
    xtrace_off: tuple[Span, ...] = ()
    # `set -x` inside a subshell, `( set -x; ... )` or `$(set -x; ...)`, with the subshell's
    # span: tracing ends with it.
    xtrace_scopes: tuple[tuple[Span, Span], ...] = ()
    # Openers never closed before the script's end, with the closer each lacks (`fi`, `)`): a
    # syntax error (`bash.Sink.unclosed`).
    unclosed: tuple[tuple[Span, str], ...] = ()
    # `set +x` that is a statement of a subshell, `( set +x; echo "$P" )`, or of a piped brace
    # group (bash runs each part of a pipeline in a subshell), with its span: what it runs after
    # the `set +x` is not traced.
    xtrace_off_scopes: tuple[tuple[Span, Span], ...] = ()
    # Each function defined (its name, the definition's span) and each `for` loop (its variable,
    # its list of words as written, its body's span): what a printing command is given through
    # them (`log "$TOKEN"` where `log() { echo "$1"; }`, `for v in "$TOKEN"; do echo "$v"; done`).
    functions: tuple[tuple[str, Span], ...] = ()
    loops: tuple[tuple[str, str, Span], ...] = ()


def slice_word(word: Word, start: int) -> Word:
    """The part of a word after value offset `start` (e.g. the value of `--password=X`).

    `raw` keeps the written form of that part when it can be found (its first character maps
    to the same file offset), else it is the value itself."""
    value = word.value.slice(start, len(word.value.text))
    raw = value
    if value.text:
        origin = value.offset(0)
        for i in range(len(word.raw.text)):
            if word.raw.offset(i) == origin:
                # a quote that opens just before the value belongs to the raw form
                j = i - 1 if i > 0 and word.raw.text[i - 1] in "'\"" and start > 0 and _opens(word, i - 1) else i
                raw = word.raw.slice(j, len(word.raw.text))
                break
    return Word.of(raw, value)


def _opens(word: Word, i: int) -> bool:
    q = word.raw.text[i]
    return word.raw.text.count(q, 0, i) % 2 == 0


def join_words(words: tuple[Word, ...] | list[Word]) -> MappedText:
    """Values joined by single spaces, each space mapped to the end of the word before it."""
    b = MappedTextBuilder()
    end = 0
    for k, w in enumerate(words):
        if k:
            b.add_decoded(" ", end)
        for i, ch in enumerate(w.value.text):
            b.add(ch, w.value.offset(i))
        end = w.value.end
    return b.build(end)


def joined_spans(words: tuple[Word, ...] | list[Word]) -> tuple[tuple[int, int, Span], ...]:
    """Where each word's value is in `join_words(words)` (start, end) and its span as written:
    a command of the joined text that holds a word wholly is spanned over it as written."""
    out = []
    at = 0
    for w in words:
        n = len(w.value.text)
        out.append((at, at + n, w.span))
        at += n + 1
    return tuple(out)


def joined_command_span(span: Span, start: int, end: int, words: tuple[tuple[int, int, Span], ...]) -> Span:
    """The file span of a command at text[start:end] of words joined for another shell (ssh's
    remote command, eval's): `span`, the span of its characters, over the words as written where
    it holds several of them, each of its first and last words wholly held covered with its quotes
    (`ssh host echo "$X"` is `echo "$X"`, as the command run here would be). A command inside one
    word is spanned inside it, as a script string's (`ssh host 'echo $X'`, like `bash -c`)."""
    inside = [(s, e, written) for s, e, written in words if s < end and e > start]
    if len(inside) < 2:
        return span
    (first_start, _, first), (_, last_end, last) = inside[0], inside[-1]
    return Span(first.start if start <= first_start else span.start,
                last.end if end >= last_end else span.end)


# Wrappers: a command that runs the rest of its arguments as another command.
# Per wrapper, the options that take a separate argument.
_WRAPPER_ARG_OPTIONS: dict[str, frozenset[str]] = {
    "sudo": frozenset(
        {
            "-u",
            "-g",
            "-h",
            "-p",
            "-C",
            "-D",
            "-r",
            "-t",
            "-U",
            "-T",
            "-R",
            "--user",
            "--group",
            "--host",
            "--prompt",
            "--chdir",
            "--role",
            "--type",
            "--other-user",
            "--close-from",
            "--command-timeout",
            "--chroot",
        }
    ),
    "doas": frozenset({"-u", "-C"}),
    "env": frozenset({"-u", "-C", "-S", "--unset", "--chdir", "--split-string"}),
    "cross-env": frozenset(),  # (npm scripts' portable `env X=Y cmd`)
    "exec": frozenset({"-a"}),
    "command": frozenset(),
    "nohup": frozenset(),
    "time": frozenset({"-f", "-o", "--format", "--output"}),
    "timeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
    "gtimeout": frozenset({"-s", "-k", "--signal", "--kill-after"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "--class", "--classdata"}),
    "stdbuf": frozenset({"-i", "-o", "-e", "--input", "--output", "--error"}),
    "setsid": frozenset(),
    "unbuffer": frozenset(),
    "chronic": frozenset(),
    "flock": frozenset({"-w", "-E", "-c", "--timeout", "--wait", "--conflict-exit-code", "--command"}),
    "watch": frozenset({"-n", "--interval", "-q", "--equexit"}),
    "xargs": frozenset(
        {"-I", "-L", "-n", "-P", "-s", "-d", "-E", "-a", "--max-args", "--max-lines", "--max-procs",
         "--max-chars", "--delimiter", "--eof", "--arg-file", "--replace", "--process-slot-var"}
    ),
}
# Wrappers that take operands before the command: `timeout DURATION cmd`, `flock FILE cmd`.
_WRAPPER_OPERANDS = {"timeout": 1, "gtimeout": 1, "flock": 1}
_ASSIGNMENT = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def _basename(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def apply_wrappers(words: tuple[Word, ...]) -> tuple[tuple[Word, ...], tuple[tuple[str, Word], ...]]:
    """Strip `sudo -E`, `env -i X=Y`, `command`, `exec`, `nohup`, `time`, `doas`, `timeout 30`,
    `nice -n 5`, `xargs -I{}`, `gcloud docker --` ... from the front of argv; assignments made by
    `env`/`sudo` are returned beside the real argv."""
    assigns: list[tuple[str, Word]] = []
    while words:
        name = _basename(words[0].text)
        if name == "gcloud" and len(words) > 2 and words[1].text == "docker" and words[2].text == "--":
            words = (words[1], *words[3:])  # the old `gcloud docker -- ARGS`: `docker ARGS`, the words after `--`
            continue
        arg_opts = _WRAPPER_ARG_OPTIONS.get(name)
        if arg_opts is None:
            break
        i = 1
        while i < len(words):
            w = words[i].text
            if w == "--":
                i += 1
                break
            if name == "command" and w in ("-v", "-V"):
                return words, tuple(assigns)  # a lookup, not a run
            if w.startswith("-") and len(w) > 1:
                i += 2 if w in arg_opts else 1
                continue
            if name in ("sudo", "env", "cross-env") and _ASSIGNMENT.match(w):
                eq = w.index("=")
                assigns.append((w[:eq], slice_word(words[i], eq + 1)))
                i += 1
                continue
            i += _WRAPPER_OPERANDS.get(name, 0)
            break
        if i >= len(words) or words[i].text in ("-c", "--command"):
            break  # a bare `sudo -v` or `env`, or `flock FILE -c STRING`: nothing is wrapped
        words = words[i:]
    return words, tuple(assigns)


def set_enables_xtrace(cmd: Command) -> bool:
    """`set -x`, `set -ex`, `set -o xtrace` (and not `set +x`)."""
    return _set_xtrace(cmd, "-")


def set_disables_xtrace(cmd: Command) -> bool:
    """`set +x`, `set +ex`, `set +o xtrace`."""
    return _set_xtrace(cmd, "+")


def _set_xtrace(cmd: Command, sign: str) -> bool:
    """`set` given xtrace after `sign` (`-` turns it on, `+` off), before any `--`; or bash's
    `shopt -so xtrace` (`-uo`: off), the `set -o` options by `-o`."""
    args = [w.text for w in cmd.args]
    if cmd.name == "shopt":
        flags = "".join(a[1:] for a in args if a.startswith("-") and a != "--")
        return "o" in flags and ("s" if sign == "-" else "u") in flags and "xtrace" in args
    for k, a in enumerate(args):
        if a == "--":
            return False
        if a == sign + "o" and k + 1 < len(args) and args[k + 1] == "xtrace":
            return True
        if a.startswith(sign) and not a.startswith("--") and "x" in a[1:]:
            return True
    return False


@lazy_dataclass(frozen=True)
class ShellInvocation:
    """How `bash [options] [-c script | file]` was asked to run."""

    script: Word | None  # the `-c` script
    reads_stdin: bool  # neither `-c` nor a script file: commands come from stdin
    xtrace: bool
    file: Word | None = None  # the script file run


def shell_invocation(cmd: Command) -> ShellInvocation:
    args = cmd.args
    i, flags, xtrace = _shell_options([a.text for a in args])
    if "c" in flags:
        return ShellInvocation(args[i] if i < len(args) else None, False, xtrace)
    return ShellInvocation(None, i >= len(args), xtrace, args[i] if i < len(args) else None)


def _shell_options(args: Sequence[str]) -> tuple[int, str, bool]:
    """A shell's options as it reads them: the index of its first operand, the short flags
    given (`c`, `s` ...), and whether tracing is asked for (`-x`, `-o xtrace`)."""
    flags = ""
    xtrace = False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            i += 1
            break
        if a in ("-o", "+o", "-O", "+O", "--rcfile", "--init-file"):
            if a == "-o" and i + 1 < len(args) and args[i + 1] == "xtrace":
                xtrace = True
            i += 2
            continue
        if a.startswith("--"):
            i += 1
            continue
        if a.startswith("-") and len(a) > 1:
            flags += a[1:]
            xtrace = xtrace or "x" in a[1:]
            i += 1
            continue
        if a.startswith("+"):
            i += 1
            continue
        break
    return i, flags, xtrace


def remote_reads_stdin(command: str) -> bool:
    """Whether the command line ssh hands the host (as the host's shell splits it) runs a shell
    reading its script from stdin: none (the login shell reads it: `ssh host <<EOF`), or a
    shell given no `-c` and no script file, or `-s` (`ssh host bash -s <<EOF`, `sudo sh`)."""
    from . import POSIX_SHELLS  # (the package's own list; it imports this module first)

    words = command.split()
    if words and words[0] == "sudo":
        words = words[1:]
        while words and words[0].startswith("-"):
            words = words[2:] if words[0] in ("-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U") else words[1:]
    if not words:
        return True
    if words[0].rsplit("/", 1)[-1] not in POSIX_SHELLS:
        return False
    i, flags, _ = _shell_options(words[1:])
    return "c" not in flags and ("s" in flags or i >= len(words) - 1)


# The path of the script that runs it: `$0`, `$BASH_SOURCE` (`${BASH_SOURCE[0]}`), as written or
# made absolute (`$(realpath "$0")`, `$(readlink -f "$0")`).
_THIS = r"(?:\$0|\$\{0\}|\$BASH_SOURCE|\$\{BASH_SOURCE(?:\[0\])?\})"
_THIS_SCRIPT = lazy_compile(rf'{_THIS}|\$\((?:realpath|readlink[ \t]+-[fem])[ \t]+(?:"{_THIS}"|{_THIS})\)')


# The script's own folder written before its file name: `./` (run from where it lies),
# `$(dirname "$0")/`, `${0%/*}/` (BASH_SOURCE too).
_OWN_FOLDER = lazy_compile(
    rf'(?:\./|\$\(dirname[ \t]+(?:"{_THIS}"|{_THIS})\)/|\$\{{(?:0|BASH_SOURCE(?:\[0\])?)%/\*\}}/)?')


def names_this_script(word: Word | None, name: str = "") -> bool:
    """Whether a shell's script file operand is the script running it (`bash -x "$0" "$@"`);
    given the script's own file name, also that name alone or in the script's own folder
    (`bash -x ./deploy.sh` in deploy.sh, `"$(dirname "$0")/deploy.sh"`)."""
    if word is None:
        return False
    text = word.value.text
    if not word.dollars_literal and _THIS_SCRIPT.fullmatch(text) is not None:
        return True
    if not name:
        return False
    folder = _OWN_FOLDER.match(text)
    start = folder.end() if folder is not None else 0
    return text[start:] == name and not ("$" in text[:start] and word.dollars_literal)


# ssh's options that take an argument (`-p 22`, `-p22`, `-i key`, `-o Opt=v`).
_SSH_ARG_OPTIONS = frozenset("BbcDEeFIiJLlmOopQRSWw")


def ssh_remote_words(cmd: Command) -> tuple[Word, ...]:
    """The words `ssh [options] host [options] command...` hands the host's shell, which ssh
    joins by spaces (`join_words`); none without a command. OpenSSH reads options again after
    the host (`ssh host -p 22 cmd`, `ssh host -- cmd`), unless a `--` before the host ended them
    (`ssh -- host -p cmd` runs `-p cmd`)."""
    args = cmd.args
    i, ended = _ssh_options(args, 0)
    if i >= len(args):
        return ()
    if not ended and i + 1 < len(args) and _BARE_EXPANSION.fullmatch(args[i].raw.text) \
            and _DESTINATION.fullmatch(args[i + 1].text):
        # `ssh $OPTS user@host cmd`: a bare expansion splits into words, options as a rule (a
        # jump host, a key); a `user@host` after it is the destination, never a command.
        i += 1
    i = _ssh_options(args, i + 1)[0] if not ended else i + 1
    return args[i:]


# An unquoted `$NAME`, `${NAME}` (or a Groovy `${a.b}` the outer string left for the shell).
_BARE_EXPANSION = lazy_compile(r"\$(?:\w+|\{[\w.]+\})")
# ssh's destination spelled as one: `user@host`, `ssh://[user@]host[:port]`.
_DESTINATION = lazy_compile(r"(?:ssh://)?[^\s@/=-][^\s@/=]*@[^\s@/]+|ssh://[^\s@/]+")


def _ssh_options(args: tuple[Word, ...], i: int) -> tuple[int, bool]:
    """Skip ssh's options from args[i] (as getopt reads them: to the first operand, or past a
    `--`): the index of the operand, and whether a `--` ended them."""
    while i < len(args):
        a = args[i].text
        if a == "--":
            return i + 1, True
        if not a.startswith("-") or len(a) < 2:
            break
        i += 1
        for k, letter in enumerate(a[1:], 1):
            if letter in _SSH_ARG_OPTIONS:
                if k == len(a) - 1:
                    i += 1  # its argument is the next word
                break  # the rest of the word is its argument
    return i, False



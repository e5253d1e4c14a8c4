"""POSIX sh / bash front end: tree-sitter-bash syntax trees turned into the command model."""

from __future__ import annotations

import re
from _thread import _local as local  # threading.local, without importing threading (start-up)
from typing import TYPE_CHECKING, cast

from ..source import MappedText, MappedTextBuilder, Span, char_offsets
from . import POSIX_SHELLS
from .model import (
    Command,
    Word,
    apply_wrappers,
    join_words,
    joined_command_span,
    joined_spans,
    names_this_script,
    remote_reads_stdin,
    set_disables_xtrace,
    set_enables_xtrace,
    shell_invocation,
    ssh_remote_words,
)
from .spelling import may_trace, may_untrace

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType

    from tree_sitter import Node, Parser, Tree

_LOCAL = local()  # a tree-sitter Parser must not be shared between threads
_MAX_DEPTH = 8  # nested `bash -c` / `eval` levels re-parsed

# GitHub `${{ }}` and Helm/Jinja `{{ }}` are not shell: the parser sees a same-length stand-in.
# So is a `${name.property}` or `${name(...)}` no shell can expand (bad substitution): Groovy's
# or Terraform's interpolation, replaced by a value before the shell runs (`${env.PASSWORD}`).
# Each is an opening (`_TEMPLATE_START`) to the first closer after it on its line, as the lazy
# `\$\{\{[^\n]*?\}\}|\{\{[^\n]*?\}\}|\{%[^\n]*?%\}|\$\{[A-Za-z_]\w*[.(][^}\n]*\}` matches them; found with
# str.find, each closer's next place remembered, since that pattern walks the rest of the line
# from every opening left unclosed (quadratic: half a minute for a 48 KB line of `${{ a`).
# Each alternative starts with its literal character (`\$?\{\{` read as `\{\{` or `\$\{\{`):
# an optional first character keeps the regex engine from skipping to a `{` or `$`, and it
# tried every character of a script (7 times slower over the corpus's shell).
_TEMPLATE_START = re.compile(r"\{[{%]|\$\{(?:\{|[A-Za-z_]\w*[.(])")

_EXPANSIONS = frozenset(
    {"simple_expansion", "expansion", "command_substitution", "arithmetic_expansion", "process_substitution"}
)
_SUBSTITUTIONS = frozenset({"command_substitution", "process_substitution"})
# Redirect targets that are the log after all.
_LOG_DEVICES = frozenset({"/dev/stdout", "/dev/stderr", "/dev/tty", "/proc/self/fd/1", "/proc/self/fd/2",
                          "/dev/fd/1", "/dev/fd/2"})
# Substitutions: their text is read by the parser as a nested script (see `_Walker.unclosed`).
_SUBSTITUTIONS = frozenset({"command_substitution", "process_substitution"})
# Statements error recovery may leave inside a simple command, as an argument of it.
_SWALLOWING = frozenset({"subshell", "compound_statement"})
_WORDISH = frozenset(
    {
        "word",
        "string",
        "raw_string",
        "ansi_c_string",
        "translated_string",
        "concatenation",
        "simple_expansion",
        "expansion",
        "command_substitution",
        "number",
    }
)
_RESERVED = frozenset({"then", "do", "else", "elif", "fi", "done", "esac", "if", "while", "until", "{", "}", "!"})
_SHELLS = POSIX_SHELLS
# A shell named by the variable holding its path: `$BASH` (the bash running the script: `"$BASH"
# -x "$0"` runs it again traced), `$SHELL` (the user's login shell).
_SHELL_VARIABLES = frozenset({"$BASH", "${BASH}", "$SHELL", "${SHELL}"})
_ANSI_C = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "v": "\v"}


def _parser() -> Parser:
    parser: Parser | None = getattr(_LOCAL, "parser", None)
    if parser is None:
        from tree_sitter import Language, Parser

        grammar = _bash_language()
        try:
            parser = Parser(Language(grammar))
        except Exception as e:  # an ABI mismatch between the two packages (ValueError)
            raise ParserUnavailable(_versions_message(e)) from None
        _LOCAL.parser = parser
    return parser


def _bash_language() -> object:
    """tree_sitter_bash.language(), from the package's compiled module. Its `__init__` imports
    importlib.resources (tempfile, random, shutil: milliseconds of every shell scan's start-up)
    for query files dcrlint does not read, so the module is loaded as importing it would, without
    the package body. The package imported (or blocked) already, or laid out otherwise: the
    plain import."""
    import sys

    if "tree_sitter_bash" not in sys.modules:
        binding = sys.modules.get("tree_sitter_bash._binding") or _load_binding("tree_sitter_bash")
        if binding is not None:
            return binding.language()
    import tree_sitter_bash

    return tree_sitter_bash.language()


def _load_binding(package: str) -> ModuleType | None:
    import importlib.util
    import sys
    from importlib.machinery import PathFinder

    found = importlib.util.find_spec(package)  # the package's spec, not running it
    where = found.submodule_search_locations if found is not None else None
    spec = PathFinder.find_spec(f"{package}._binding", list(where)) if where else None
    if spec is None or spec.loader is None:
        return None
    binding = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(binding)
    sys.modules[spec.name] = binding
    return binding


class ParserUnavailable(RuntimeError):
    """The shell grammar cannot be loaded: every shell rule would be off (exit 2, not 0)."""


def _versions_message(error: Exception) -> str:
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "?"

    return (f"the shell parser cannot load: tree-sitter {installed('tree-sitter')} and tree-sitter-bash "
            f"{installed('tree-sitter-bash')} do not work together ({type(error).__name__}); "
            "install the versions dcrlint declares")


# tree-sitter-bash 0.25 reads out of bounds (a segfault in about one run of four) on some
# code points outside the BMP after `{` (seen: U+2CB04, U+5FFFF, U+B7D80; found by fuzzing).
# They are never shell syntax, so each is swapped for one that parses safely and has the
# same UTF-8 length: positions stay the same.
_HIGH_PLANES = re.compile("[\U00010000-\U0010FFFF]")


def _mask(text: str) -> str:
    if "{" in text:
        text = _mask_templates(text)
        if "!" in text:
            text = _unnegate_groups(text)
    if "<" in text:
        text = _ANGLE_PLACEHOLDER.sub(lambda m: "_" * len(m.group()), text)
    return text if text.isascii() else _HIGH_PLANES.sub("\U0001F511", text)


# A value left to fill in, `<your_value>`, ending its line or command (`PW=<fill_me>`) or given
# as an assignment's or option's value (`U=<user_here> PW=<pw_here>`, `--user=<name>`): to the
# grammar an input and an output redirection, with no target at a line's end, a syntax error that
# swallowed the commands after it. Parsed as a word (its text, read from the source, is the
# placeholder as written); elsewhere (`cp <src> /tmp/x`: two redirections) left as bash reads it.
# The `<` first, what is before it looked behind: `re` skips to each `<` in C, where a pattern
# led by a lookbehind is tried at every character (50 times slower on a script).
_ANGLE_PLACEHOLDER = re.compile(
    r"<(?:(?<![<\w]<)[A-Za-z][\w.-]*>(?=[ \t]*(?:$|[;&|)\n#]))|(?<==<)[A-Za-z][\w.-]*>(?![\w<>]))", re.M)


# `! { ...; } | x`: the grammar takes no brace group after `!` (it reads `{` as a command's
# word, splitting the group and its pipe apart). The `!` only inverts the status; blanked, the
# group and its pipeline parse as bash runs them (where the group's output goes is what the
# checks read). `!` is a reserved word where a command starts (after a line's start, an operator
# or a keyword) and `{` one when a blank follows it.
_NEGATED_GROUP = re.compile(r"![ \t]+\{(?=\s)")
_COMMAND_START = re.compile(r"(?:^|[;&|(){]|\b(?:if|then|else|elif|while|until|do))[ \t]*\Z", re.M)


def _unnegate_groups(text: str) -> str:
    starts = [m.start() for m in _NEGATED_GROUP.finditer(text)
              if _COMMAND_START.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())]
    if not starts:
        return text
    chars = list(text)
    for at in starts:
        chars[at] = " "
    return "".join(chars)


def _mask_templates(text: str) -> str:
    """Each template (`_TEMPLATE_START`) replaced by `_`s of its length (`$` kept first)."""
    found: dict[str, tuple[int, int]] = {}  # closer: (from where it was last looked for, where found)

    def first(closer: str, at: int) -> int:
        # Asked in increasing `at`: the answer for an earlier `at` holds while it is not behind.
        last = found.get(closer)
        if last is None or at < last[0] or -1 < last[1] < at:
            last = found[closer] = (at, text.find(closer, at))
        return last[1]

    pieces: list[str] = []
    done = pos = 0
    while (m := _TEMPLATE_START.search(text, pos)) is not None:
        start, opened = m.start(), m.group()
        closer = "}}" if opened.endswith("{{") else "%}" if opened == "{%" else "}"
        end = first(closer, m.end())
        line_end = first("\n", m.end())
        if end < 0 or -1 < line_end < end:
            pos = start + 1  # unclosed on its line: an opening may start further on
            continue
        end += len(closer)
        pieces += (text[done:start], "$" if opened[0] == "$" else "_", "_" * (end - start - 1))
        done = pos = end
    return "".join(pieces) + text[done:] if pieces else text


class Sink:
    """What one parse collects, shared by the re-parses of nested `bash -c` scripts.

    `wanted` (None: every statement) tells from a top-level statement's text whether it may
    hold a command the checks read (their command filters): the others are not walked, which
    is most of the cost of a parse (`Script.partial`). A statement the walk itself needs is
    walked whatever `wanted` says: one with a syntax error (`errors`), one that may turn on
    tracing (`xtrace`)."""

    def __init__(self, wanted: Callable[[str], bool] | None = None, name: str = "") -> None:
        self.name = name  # the script file's own name, when the text is a whole script file
        self.commands: list[Command] = []
        self.xtrace: list[Span] = []
        self.xtrace_top: list[Span] = []  # `set -x` statements of the script itself
        self.xtrace_off: list[Span] = []  # `set +x` statements of the script itself
        self.xtrace_scopes: list[tuple[Span, Span]] = []  # a `set -x` in a subshell, and the subshell
        self.xtrace_off_scopes: list[tuple[Span, Span]] = []  # a `set +x` in a subshell, and the subshell
        self.errors: list[Span] = []
        # Openers of the script itself never closed before its end (`echo (`, an `if` with no
        # `fi`): a syntax error that swallows every command after it (`_Walker.unclosed`).
        self.unclosed: list[tuple[Span, str]] = []  # (the opener, the closer it lacks)
        self.wanted = wanted
        self.partial = False  # a statement was left out
        self.functions: list[tuple[str, Span]] = []  # each function defined: its name, its definition
        self.loops: list[tuple[str, str, Span]] = []  # each `for`: its variable, its words as written, its body


class _Joined:
    """Words the grammar cut at a line continuation, read as one (`_Walker.continued`): a
    concatenation of their nodes, as `value` reads one (what lies between two parts is read
    unquoted, and a backslash-newline goes)."""

    __slots__ = ("children", "end_byte", "start_byte")
    type = "concatenation"

    def __init__(self, first: Node, node: Node) -> None:
        self.children: list[Node] = [*first.children, node] if isinstance(first, _Joined) else [first, node]
        self.start_byte: int = first.start_byte
        self.end_byte: int = node.end_byte

    @property
    def named_children(self) -> list[Node]:
        return self.children

    @property
    def child_count(self) -> int:
        return len(self.children)

    @property
    def named_child_count(self) -> int:
        return len(self.children)


def parse_bash(text: MappedText, sink: Sink, pipe_in: Command | None = None, depth: int = 0,
               joined: tuple[tuple[int, int, Span], ...] = (), expanded: bool = False,
               runner: Command | None = None) -> None:
    """Parse `text` and add its commands to `sink`; the first command reads from `pipe_in`.
    `joined`: `text` is words joined for another shell (`model.joined_spans`). `expanded`: an
    outer shell expanded the `$` in the text before this one reads it (`ssh h "... '$P'"`):
    none of its words' `$` is text, whatever quotes this shell sees. `runner`: the command
    running the text (`ssh h '...'`, `bash -c`, `eval`): its commands' stdout is its stdout
    (`Command.stdout_of`, or its file or capture)."""
    walker = _Walker(text, sink, depth, joined, expanded, runner)
    walker.run(pipe_in)
    # Its words keep the walker to build their texts from the source on first read; what it
    # collected is the sink's. Without these references no cycle (word -> walker -> sink ->
    # command -> word) keeps a file's commands alive until the cycle collector runs.
    del walker.sink, walker._last_inside, walker._deferred
    walker.__dict__.pop("word", None)  # an expanded walker's own `word` (bound to itself)


class _Walker:
    def __init__(self, text: MappedText, sink: Sink, depth: int,
                 joined: tuple[tuple[int, int, Span], ...] = (), expanded: bool = False,
                 runner: Command | None = None) -> None:
        self.mt = text
        self.runner = runner
        self.expanded = expanded
        if expanded:  # set here: the words of every other script are made as they were
            self.word = self.expanded_word  # type: ignore[method-assign]
        self.joined = joined
        self.src = text.text
        self.sink = sink
        self.depth = depth
        self.b2c: list[int] | None = None
        self._last_inside: dict[int, Command] = {}
        self._captured = 0  # inside a command or process substitution: output is read, not shown
        self._to_file = 0  # inside a group, subshell or loop whose stdout goes to a file: `{ ...; } > f`
        self._function = ""  # the function whose stdout is the current one's (`Command.result_of`)
        # Inside a group, subshell or loop piped into the next stage (`{ printf ...; cat; } | cmd`):
        # its commands writing to its stdout, which the stage's last command's reader reads.
        self._piped: list[Command] | None = None
        # Where a command given no stdin of its own reads it from: the input redirect of a group,
        # subshell or loop around it (`{ cmd; } < <(...)`); and the files `exec N< X` opened, which
        # `<&N` reads (an exec in a subshell ends with it).
        self._stdin: Word | None = None
        self._fds: dict[str, Word] = {}
        self._continued = "\\\n" in self.src  # a line continuation somewhere (`continued`)
        self._deferred: dict[
            int, list[Node]
        ] = {}  # redirects the grammar hung on the wrong statement  # `$(...)` start byte -> its last command

    # positions ---------------------------------------------------------------------------
    def run(self, pipe_in: Command | None) -> None:
        masked = _mask(self.src)
        self.b2c = char_offsets(masked)
        tree = _parser().parse(masked.encode("utf-8", "surrogatepass"))
        try:
            self.visit(tree.root_node, pipe_in)
        except RecursionError:
            self.sink.errors.append(self.mt.span(0, len(self.src)))
        if not self.depth and tree.root_node.has_error:
            self.unclosed(tree.root_node)

    def pos(self, byte: int) -> int:
        return byte if self.b2c is None else self.b2c[min(byte, len(self.b2c) - 1)]

    def range(self, node: Node) -> tuple[int, int]:
        b2c = self.b2c
        if b2c is None:
            return node.start_byte, node.end_byte
        last = len(b2c) - 1
        return b2c[min(node.start_byte, last)], b2c[min(node.end_byte, last)]

    def span(self, node: Node) -> Span:
        s, e = self.range(node)
        return self.mt.span(s, e)

    def command_span(self, start: int, end: int) -> Span:
        span = self.mt.span(start, end)
        return joined_command_span(span, start, end, self.joined) if self.joined else span

    def add(self, b: MappedTextBuilder, start: int, end: int) -> None:
        """Copy src[start:end] with its mapping, one run of the map at a time."""
        b.copy(self.mt, start, end)

    def mapped(self, start: int, end: int) -> MappedText:
        b = MappedTextBuilder()
        self.add(b, start, end)
        return b.build(self.mt.span(start, end).end)

    # statements --------------------------------------------------------------------------
    def visit(self, node: Node, pipe_in: Command | None) -> Command | None:
        """Collect the commands under `node`; return the one whose output leaves it."""
        t = node.type
        if t == "command":
            return self.command(node, pipe_in, [])
        if t == "redirected_statement":
            return self.redirected(node, pipe_in)
        if t == "pipeline":
            last = pipe_in
            stages = node.named_children
            for k, child in enumerate(stages):
                last = self.piped_stage(child, last) if k < len(stages) - 1 else self.visit(child, last)
            return last
        if t == "list":
            return self.visit_list(node, pipe_in)
        if t in ("variable_assignment", "variable_assignments"):
            return self.assignments_only(node)
        if t in ("declaration_command", "unset_command"):
            return self.declaration(node)
        if t in ("comment", "heredoc_body", "heredoc_start", "heredoc_end"):
            return None
        if t == "ERROR" or node.is_missing:
            self.sink.errors.append(self.span(node))
            if t == "ERROR":
                return self.recover(node, pipe_in)
            return None
        if t in _WORDISH:
            self.nested(node)
            return None
        if t == "program" and self.sink.wanted is not None:
            return self.visit_program(node, pipe_in, self.sink.wanted)
        if t == "function_definition":
            return self.function(node)
        if t == "for_statement" and (var := node.child_by_field_name("variable")) is not None \
                and (body := node.child_by_field_name("body")) is not None:
            values = node.children_by_field_name("value")
            words = self.src[self.range(values[0])[0] : self.range(values[-1])[1]] if values else ""
            self.sink.loops.append((self.src[slice(*self.range(var))], words, self.span(body)))
        if t == "subshell" and self._fds:
            fds = dict(self._fds)
            try:
                return self.visit_children(node, pipe_in)
            finally:
                self._fds = fds  # (what an exec opened in it is closed with it)
        return self.visit_children(node, pipe_in)

    def piped_stage(self, node: Node, pipe_in: Command | None) -> Command | None:
        """A pipeline's stage whose stdout the next stage reads. Of a compound one (a group,
        subshell, loop or condition) every command writing to its stdout writes into the pipe, not
        only its last, which the next stage's `pipe_from` names: each such command gets that one
        as its `stdout_of` (`shell.stdout.shown_by` follows it to the reader)."""
        if node.type == "command":
            return self.visit(node, pipe_in)
        outer, self._piped = self._piped, []
        try:
            last = self.visit(node, pipe_in)
            writers = self._piped
        finally:
            self._piped = outer
        if last is not None and last.output == "log":
            for cmd in writers:
                if cmd is not last:
                    cmd.__dict__["stdout_of"] = last  # (known only now: set once, before any check reads it)
        return last

    def visit_children(self, node: Node, pipe_in: Command | None) -> Command | None:
        result: Command | None = None
        for child in node.named_children:
            got = self.visit(child, pipe_in if result is None else None)
            if got is not None:
                result = got
        return result

    def visit_program(self, node: Node, pipe_in: Command | None, wanted: Callable[[str], bool]) -> Command | None:
        """The top-level statements, those no check reads skipped. A statement is skipped only
        at the top (a group's last command is what it pipes on) and once `pipe_in` has gone to
        the first command (a nested script's stdin)."""
        children = node.named_children
        keep = [child.has_error for child in children]
        src = self.src
        ranges = [self.range(child) for child in children]

        def holds(lo: int, hi: int) -> bool:
            text = src[ranges[lo][0]:ranges[hi - 1][1]]
            return wanted(text) or _walk_anyway(text)

        # Runs of statements of about _RUN characters are tested, then each statement of a run
        # that holds: each character is read about twice, and most runs hold nothing (the
        # tests hold on a run's text whenever they hold on one of its statements).
        lo = 0
        while lo < len(children):
            hi = lo + 1
            while hi < len(children) and ranges[hi][1] - ranges[lo][0] <= _RUN:
                hi += 1
            if holds(lo, hi):
                for k in range(lo, hi):
                    keep[k] = keep[k] or hi - lo == 1 or holds(k, k + 1)
            lo = hi
        result: Command | None = None
        for k, child in enumerate(children):
            if not keep[k] and (result is not None or pipe_in is None):
                self.sink.partial = True
                continue
            got = self.visit(child, pipe_in if result is None else None)
            if got is not None:
                result = got
        return result

    def visit_list(self, node: Node, pipe_in: Command | None) -> Command | None:
        # `a && b && c ...` nests to the left: walk it without recursing once per operand
        operands: list[Node] = []
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "list":
                stack.extend(reversed(n.named_children))
            else:
                operands.append(n)
        last: Command | None = None
        for k, child in enumerate(operands):
            got = self.visit(child, pipe_in if k == 0 else None)
            if got is not None:
                last = got
        return last

    def unclosed(self, root: Node) -> None:
        """Closers the parser had to supply at the very end of the script's own text (not a
        nested `bash -c` or `eval` text, made at run time), when they are all it could not
        read: their openers were never closed, which bash rejects ("unexpected end of file").
        Not when it misread something else first (it may have lost track of what is open:
        tree-sitter-bash misreads some valid text, `${x//[[:space:]]/}`), nor a command or
        process substitution's (`$(`, a backtick), inside which it misreads valid text (`$)`)
        the same way, nor a here-document's end (bash runs the script, warning), nor in a script
        holding a template's `{{ }}` (what it renders is the text bash reads)."""
        if "{{" in self.src:
            return
        problems: list[Node] = []
        stack = [root]
        while stack and len(problems) < 64:
            node = stack.pop()
            if node.type == "ERROR" or node.is_missing:
                problems.append(node)
            elif node.has_error:
                stack.extend(node.children)
        end = [n for n in problems if n.is_missing and not self.src[self.range(n)[1]:].strip()]
        if not end or len(end) < len(problems) or any(
                n.parent is None or n.parent.type in _SUBSTITUTIONS or n.type == "heredoc_end" for n in end):
            return
        for start, closer in sorted((self.range(n.parent)[0], n.type) for n in end if n.parent is not None):
            self.sink.unclosed.append((self.mt.span(start, start + 1), closer))  # (outermost first)

    def recover(self, node: Node, pipe_in: Command | None) -> Command | None:
        """Inside an ERROR node: statements as usual, and loose words on a line as a command."""
        last: Command | None = None
        loose: list[Node] = []

        def flush() -> None:
            nonlocal last
            if loose:
                last = self.make_command(loose, [], [], loose[0], loose[-1], None) or last
                loose.clear()

        for child in node.named_children:
            if child.type in _WORDISH and (not loose or loose[-1].end_point[0] == child.start_point[0]):
                if child.type == "word" and not loose and child.text in (b"then", b"do", b"else", b"{"):
                    continue
                loose.append(child)
                continue
            flush()
            if child.type in _WORDISH:
                loose.append(child)
                continue
            got = self.visit(child, pipe_in)
            last = got or last
        flush()
        return last

    def function(self, node: Node) -> Command | None:
        """A function's definition: its body's commands, whose stdout is the function's own
        unless a redirect of the definition moves it."""
        name = node.child_by_field_name("name")
        outer = self._function
        moved = any(self.moves_stdout(c) for c in node.named_children if c.type.endswith("redirect"))
        self._function = "" if name is None or moved else self.src[slice(*self.range(name))]
        if name is not None:
            self.sink.functions.append((self.src[slice(*self.range(name))], self.span(node)))
        piped, self._piped = self._piped, None  # (defined here, run where it is called)
        try:
            result: Command | None = None
            for child in node.named_children:
                result = self.visit(child, None) or result
            return result
        finally:
            self._function = outer
            self._piped = piped

    def redirected(self, node: Node, pipe_in: Command | None) -> Command | None:
        body = node.child_by_field_name("body")
        redirects = [c for c in node.named_children if c != body]
        if body is None:
            return self.continuations([t for r in redirects for t in self.redirect_tail(r)], None)
        if body.type == "command":
            return self.command(body, pipe_in, redirects)
        if self._function and any(self.moves_stdout(r) for r in redirects):
            outer = self._function
            self._function = ""  # a group's stdout moved (`{ ...; } >&2`): not the function's
            try:
                return self.redirected(node, pipe_in)
            finally:
                self._function = outer
        # grammar quirk: `a && b > f` and `a | b > f` hang the redirect on the list or pipeline;
        # bash gives it to the last simple command (`b`), the only one it can belong to.
        rightmost = _rightmost_command(body)
        if rightmost is not None:
            self._deferred[rightmost.start_byte] = redirects
            return self.visit(body, pipe_in)
        to_file = any(self.to_file(r) for r in redirects)
        self._to_file += to_file
        outer_stdin = self._stdin
        self._stdin = self.group_stdin(redirects) or outer_stdin
        piped = self._piped
        if any(self.moves_stdout(r) for r in redirects):
            self._piped = None  # (`{ ...; } >&2` inside a piped group: its stdout is not the pipe)
        try:
            last = self.visit(body, pipe_in)
        finally:
            self._to_file -= to_file
            self._stdin = outer_stdin
            self._piped = piped
        after: list[Node] = []
        for r in redirects:
            after.extend(self.redirect_tail(r))
            self.nested(r)
        return self.continuations(after, last)

    def group_stdin(self, redirects: list[Node]) -> Word | None:
        """The file a compound command's input redirect gives the commands in it (`< f`, `< <(...)`,
        `<&3`); None for a here-document or here-string (their text is no file) or none."""
        found: Word | None = None
        for r in redirects:
            if r.type == "file_redirect":
                found = self.input_file(r) or found
        return found

    def input_file(self, r: Node) -> Word | None:
        """What a file redirect gives stdin: `< f`, `<> f`, `0< f`, or the file `<&N` duplicates
        (one `exec N< X` opened); None for any other."""
        op = next((c.type for c in r.children if not c.is_named), "")
        dests = r.children_by_field_name("destination")
        desc = r.child_by_field_name("descriptor")
        if not dests or (desc is not None and desc.text != b"0"):
            return None
        if op in ("<", "<>"):
            return self.word(dests[0])
        if op == "<&":
            return self._fds.get(self.src[slice(*self.range(dests[0]))])
        return None

    def open_fds(self, redirects: list[Node]) -> None:
        """`exec N< X` opens X on descriptor N for what follows (`exec N<&-` closes it)."""
        for r in redirects:
            if r.type != "file_redirect":
                continue
            op = next((c.type for c in r.children if not c.is_named), "")
            dests = r.children_by_field_name("destination")
            desc = r.child_by_field_name("descriptor")
            if desc is None or not dests or desc.text in (b"0", b"1", b"2"):
                continue
            fd = (desc.text or b"").decode()
            if op in ("<", "<>"):
                self._fds[fd] = self.word(dests[0])
            elif op in ("<&", ">&"):
                target = self._fds.get(self.src[slice(*self.range(dests[0]))])
                if target is None:
                    self._fds.pop(fd, None)  # closed (`<&-`) or a copy of one not read here
                else:
                    self._fds[fd] = target

    def redirect_tail(self, r: Node) -> list[Node]:
        """Statements the grammar hangs inside a heredoc redirect (`cat <<EOF | cmd`)."""
        if r.type != "heredoc_redirect":
            return []
        return [
            c
            for c in r.named_children
            if c.type not in ("heredoc_start", "heredoc_body", "heredoc_end") and not c.type.endswith("redirect")
        ]

    def continuations(self, nodes: list[Node], last: Command | None) -> Command | None:
        for n in nodes:
            if n.type == "pipeline" and n.child_count and n.children[0].type in ("|", "|&"):
                got = last
                for child in n.named_children:
                    got = self.visit(child, got)
                last = got
            else:
                last = self.visit(n, None) or last
        return last

    # simple commands ---------------------------------------------------------------------
    def command(self, node: Node, pipe_in: Command | None, redirects: list[Node]) -> Command | None:
        children = [(c, node.field_name_for_child(i)) for i, c in enumerate(node.children)]
        if self._deferred:
            redirects = redirects + self._deferred.pop(node.start_byte, [])
        cuts = self.split_indexes(node)
        if not cuts:
            return self.simple(node, children, pipe_in, redirects)
        # grammar quirk: `a | b | c` + newline + `cat <<EOF ...` makes one command of `c cat`;
        # error recovery makes one of a line it cannot read and the lines after it
        # (`if [ a ] OR [ b ]; then` + newline + `echo x` + newline + `exit 1`): a line break
        # ends a simple command, so each line is one
        bounds = [0, *cuts, len(children)]
        for k in range(len(bounds) - 2):
            self.simple(node, children[bounds[k] : bounds[k + 1]], pipe_in if k == 0 else None, [])
        return self.simple(node, children[bounds[-2] :], None, redirects)

    def split_indexes(self, node: Node) -> list[int]:
        """Where a line break (not a line continuation) comes before a child of a command: the
        first such child, and after it each word starting a line (a redirect's or here-document's
        lines stay with the command before them)."""
        prev_end: int | None = None
        src = self.src
        start, end = self.range(node)
        cuts: list[int] = []
        if src.find("\n", start, end) < 0:
            return cuts  # one line: nothing to split
        for k, child in enumerate(node.children):
            cs, ce = self.range(child)
            if prev_end is not None and k and child.is_named and (not cuts or child.type in _WORDISH):
                gap = src[prev_end:cs]
                nl = gap.find("\n")
                if nl >= 0 and not gap[:nl].rstrip("\r").endswith("\\"):  # (`\` before CRLF too)
                    cuts.append(k)
            prev_end = ce
        return cuts

    def simple(
        self, node: Node, children: list[tuple[Node, str | None]], pipe_in: Command | None, redirects: list[Node]
    ) -> Command | None:
        words: list[Node] = []
        assigns: list[Node] = []
        reds: list[Node] = []
        for child, field in children:
            if child.type == "variable_assignment":
                assigns.append(child)
            elif field == "name" or field == "argument" or (field is None and child.type in _WORDISH):
                words.append(child)
            elif child.type.endswith("redirect"):
                reds.append(child)
            elif child.type in _SWALLOWING and child.has_error:
                # error recovery's `echo (` + newline + the rest of the script: a subshell left
                # open as the command's argument, holding the commands after it
                self.visit(child, None)
        reds.extend(redirects)
        if self._continued and len(words) > 1 \
                and self.src.find("\\\n", self.range(words[0])[1], self.range(words[-1])[0]) >= 0:
            words = self.continued(words)  # (a continuation between its words: few commands)
        tail: list[Node] = []
        for r in reds:
            tail.extend(self.redirect_tail(r))
        first = children[0][0] if children else node
        last_node = children[-1][0] if children else node
        cmd = self.make_command(words, assigns, reds, first, last_node, pipe_in)
        last: Command | None = cmd
        only = words[0] if len(words) == 1 else None
        if only is not None and only.type == "command_name" and only.named_child_count == 1:
            only = only.named_children[0]
        if cmd is not None and only is not None and not cmd.assignments and only.type == "command_substitution":
            last = self._last_inside.get(only.start_byte, cmd)
        return self.continuations(tail, last)

    def continued(self, nodes: list[Node]) -> list[Node]:
        """The words of a command with those the grammar cut at a line continuation joined:
        bash takes `\\<newline>` out before it splits words, so `ec\\<newline>ho` is `echo`
        (tree-sitter-bash reads the continuation as a blank between two words). A blank
        before the backslash or after the line break still ends the word, and so does a line
        break that is not the file's text right after the backslash (the break between two
        lines of a CI runner's script list, which writes lines of its own between them)."""
        src = self.src
        mt = self.mt
        out = [nodes[0]]
        end = self.range(nodes[0])[1]
        for node in nodes[1:]:
            start, stop = self.range(node)
            if start == end + 2 and src.startswith("\\\n", end) and mt.offset(end + 1) == mt.stop(end):
                # (a `_Joined` has what the walker reads of a word's node)
                out[-1] = cast("Node", _Joined(out[-1], node))
            else:
                out.append(node)
            end = stop
        return out

    def make_command(
        self,
        word_nodes: list[Node],
        assign_nodes: list[Node],
        redirects: list[Node],
        first: Node,
        last: Node,
        pipe_in: Command | None,
    ) -> Command | None:

        k = 0
        while k < len(word_nodes) and self.src[slice(*self.range(word_nodes[k]))] in _RESERVED:
            k += 1  # error recovery leaves `else cmd` as one command
        words = [self.word(n) for n in word_nodes[k:]]
        assigns = [a for a in (self.assignment(n) for n in assign_nodes) if a is not None]
        start = self.range(first)[0]
        end = self.range(last)[1]
        src = self.src
        if (word_nodes or assign_nodes) and (src.find("`", start, end) >= 0 or src.find("(", start, end) >= 0):
            for n in (*word_nodes, *assign_nodes):
                self.nested(n)  # (all of them lie between `first` and `last`)
        herestring: Word | None = None
        heredoc: MappedText | None = None
        expands = True
        stdin_file: Word | None = None
        output = "captured" if self._captured else "log"
        for r in redirects:
            if output == "log" and self.to_file(r):
                output = "file"
            if r.type == "herestring_redirect":
                arg = next((c for c in r.named_children if c.type in _WORDISH), None)
                if arg is not None:
                    herestring = self.word(arg)
                    self.nested(arg)
            elif r.type == "heredoc_redirect":
                heredoc, expands = self.heredoc(r)
                for c in r.named_children:
                    if c.type.endswith("redirect"):  # the grammar's: `cat <<EOF > f` holds `> f`
                        stdin_file = self.file_redirect(c, stdin_file)
                        if output == "log" and self.to_file(c):
                            output = "file"
            elif r.type == "file_redirect":
                stdin_file = self.file_redirect(r, stdin_file)
        inherited = False
        if words and not assigns and words[0].text == "exec" and len(words) == 1:
            self.open_fds(redirects)
        elif pipe_in is None and stdin_file is None and herestring is None and heredoc is None:
            stdin_file, inherited = self._stdin, self._stdin is not None  # (the group's, the loop's)
        if output == "log" and self._to_file and not any(self.moves_stdout(r) for r in redirects):
            output = "file"  # what the enclosing group writes goes to its file
        stdout_of: Command | None = None
        if output == "log" and self.runner is not None and not any(self.moves_stdout(r) for r in redirects):
            # what `ssh h '...' > f` or `bash -c '...' | cmd` runs writes where they write
            output, stdout_of = (self.runner.output, None) if self.runner.output != "log" else (output, self.runner)
        if not words and not assigns and herestring is None and heredoc is None:
            return None
        result_of = self._function if self._function and output == "log" and not any(
            self.moves_stdout(r) for r in redirects) else ""
        if not result_of and stdout_of is not None:
            result_of = stdout_of.result_of  # `f() { ssh h 'echo $P'; }`: its stdout is f's too
        unwrapped, extra = apply_wrappers(tuple(words))
        cmd = Command(
            words=unwrapped,
            span=self.command_span(start, end),
            assignments=tuple(assigns) + extra,
            pipe_from=pipe_in,
            herestring=herestring,
            heredoc=heredoc,
            heredoc_expands=expands,
            stdin_file=stdin_file,
            stdin_inherited=inherited,
            output=output,
            result_of=result_of,
            stdout_of=stdout_of,
            wrappers=tuple(words[: len(words) - len(unwrapped)]),
        )
        self.sink.commands.append(cmd)
        if self._piped is not None and output == "log" and stdout_of is None \
                and not any(self.moves_stdout(r) for r in redirects):
            self._piped.append(cmd)
        self.after_command(cmd, first)
        return cmd

    def to_file(self, r: Node) -> bool:
        """A redirect that sends stdout to a file (`> f`, `>> f`, `&> f`, `1> f`), not to the
        log (`>&2`, `> /dev/stderr`)."""
        if r.type != "file_redirect":
            return False
        op = next((c.type for c in r.children if not c.is_named), "")
        desc = r.child_by_field_name("descriptor")
        dests = r.children_by_field_name("destination")
        if op not in (">", ">>", ">|", "&>", "&>>") or not dests:
            return False
        if desc is not None and desc.text not in (b"1",):
            return False
        target = self.word(dests[0]).value.text
        return target not in _LOG_DEVICES

    def moves_stdout(self, r: Node) -> bool:
        """A redirect of stdout anywhere (`> f`, `>&2`, `&> f`): the command's own, not its group's."""
        if r.type != "file_redirect":
            return False
        op = next((c.type for c in r.children if not c.is_named), "")
        desc = r.child_by_field_name("descriptor")
        return op in (">", ">>", ">|", "&>", "&>>", ">&") and (desc is None or desc.text == b"1")

    def file_redirect(self, r: Node, current: Word | None) -> Word | None:
        dests = r.children_by_field_name("destination")
        desc = r.child_by_field_name("descriptor")
        found = current
        if dests and (desc is None or desc.text == b"0"):
            found = self.input_file(r) or found
        for d in dests[:1]:
            self.nested(d)
        if len(dests) > 1:
            # grammar quirk: `<<EOF >f; cmd args` puts cmd's words into the redirect
            rest = dests[1:]
            self.make_command(list(rest), [], [], rest[0], rest[-1], None)
        return found

    def heredoc(self, r: Node) -> tuple[MappedText, bool]:
        start = next((c for c in r.named_children if c.type == "heredoc_start"), None)
        body = next((c for c in r.named_children if c.type == "heredoc_body"), None)
        end = next((c for c in r.named_children if c.type == "heredoc_end"), None)
        delim = self.src[slice(*self.range(start))] if start is not None else ""
        expands = not any(q in delim for q in "'\"\\")
        strip_tabs = any(c.type == "<<-" for c in r.children)
        if body is None:
            at = self.range(end)[0] if end is not None else self.range(r)[1]
            return self.mapped(at, at), expands
        bs, be = self.range(body)
        bs = self.src.rfind("\n", 0, bs) + 1
        if end is not None:
            be = self.range(end)[0]
        b = MappedTextBuilder()
        src, mt = self.src, self.mt
        i = bs
        at_line_start = True
        while i < be:  # a stretch at a time: up to the next line break, or to a backslash
            if at_line_start and strip_tabs:
                while i < be and src[i] == "\t":
                    i += 1
                if i >= be:
                    break
            nl = src.find("\n", i, be)
            stop = be if nl < 0 else nl + 1
            k = src.find("\\", i, stop) if expands else -1
            if k < 0:
                b.copy(mt, i, stop)
                at_line_start = src[stop - 1] == "\n"
                i = stop
                continue
            b.copy(mt, i, k)
            at_line_start = False
            if k + 1 < be and src[k + 1] in "$`\\\n":
                if src[k + 1] != "\n":
                    b.copy(mt, k + 1, k + 2)
                i = k + 2
            else:
                b.copy(mt, k, k + 1)
                i = k + 1
        for c in body.named_children:
            self.nested(c)
        return b.build(self.mt.offset(be)), expands

    def assignment(self, node: Node) -> tuple[str, Word] | None:
        name = node.child_by_field_name("name")
        if name is None:
            return None
        value = node.child_by_field_name("value")
        key = self.src[slice(*self.range(name))]
        if value is None:
            at = self.range(node)[1]
            empty = self.mapped(at, at)
            return key, Word.of(empty, empty)
        return key, self.word(value)

    def assignments_only(self, node: Node) -> Command | None:
        nodes = [node] if node.type == "variable_assignment" else list(node.named_children)
        assigns = [n for n in nodes if n.type == "variable_assignment"]
        if not assigns:
            return None
        return self.make_command([], assigns, [], node, node, None)

    def declaration(self, node: Node) -> Command | None:
        words: list[Node] = []
        assigns: list[Node] = []
        keyword = node.children[0] if node.child_count else None
        for child in node.named_children:
            (assigns if child.type == "variable_assignment" else words).append(child)
        # its redirects, as a simple command's (`export -p > "$f"` writes a file, not the log)
        redirects = self._deferred.pop(node.start_byte, []) if self._deferred else []
        tail = [t for r in redirects for t in self.redirect_tail(r)]
        cmd = self.make_command(words, assigns, redirects, node, node, None)
        if cmd is not None and keyword is not None and not keyword.is_named:
            kw_s, kw_e = self.range(keyword)
            kw = self.mapped(kw_s, kw_e)
            cmd2 = Command(
                words=(Word.of(kw, kw), *cmd.words),
                span=cmd.span,
                assignments=cmd.assignments,
                output=cmd.output,
                result_of=cmd.result_of,
                stdout_of=cmd.stdout_of,
                wrappers=cmd.wrappers,
            )
            commands = self.sink.commands
            at = next(i for i in range(len(commands) - 1, -1, -1) if commands[i] is cmd)
            commands[at] = cmd2
            if self._piped and self._piped[-1] is cmd:
                self._piped[-1] = cmd2
            cmd = cmd2
        return self.continuations(tail, cmd) if tail else cmd

    def nested(self, node: Node) -> None:
        """Commands inside `$(...)`, backticks and `<(...)` within a word or redirect."""
        s, e = self.range(node)
        text = self.src[s:e]
        if "`" not in text and "(" not in text:
            return  # no substitution can be in it (the common case: a plain word)
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in _SUBSTITUTIONS:
                self._captured += 1
                try:
                    last = self.visit_group(n)
                finally:
                    self._captured -= 1
                if last is not None:
                    self._last_inside[n.start_byte] = last
                continue
            stack.extend(reversed(n.named_children))

    def visit_group(self, node: Node) -> Command | None:
        last: Command | None = None
        for child in node.named_children:
            last = self.visit(child, None) or last
        return last

    # words -------------------------------------------------------------------------------
    def word(self, node: Node) -> Word:
        """The word of `node`, its texts built when a check reads them (most are never read)."""
        return Word.lazy(self, node)

    def expanded_word(self, node: Node) -> Word:
        return Word.lazy_expanded(self, node)

    def word_raw(self, node: Node) -> MappedText:
        return self.mapped(*self.range(node))

    def word_value(self, node: Node) -> MappedText:
        b = MappedTextBuilder()
        self.value(node, b)
        return b.build(self.mt.offset(self.range(node)[1]))

    def word_text(self, node: Node) -> str:
        """`word_value(node).text`, without its map when the word is plain text."""
        plain, t = node, node.type
        if t == "command_name" and node.child_count == 1:
            plain = node.children[0]
            t = plain.type
        if t == "word" or t == "number":
            s, e = self.range(node)
            if self.range(plain) == (s, e):
                text = self.src[s:e]
                if "\\" not in text:
                    return text
        return self.word_value(node).text

    def word_span(self, node: Node) -> Span:
        return self.span(node)

    def value(self, node: Node, b: MappedTextBuilder) -> None:
        t = node.type
        s, e = self.range(node)
        src = self.src
        if t == "raw_string":
            self.add(b, s + 1, e - 1 if e - s >= 2 and src[e - 1] == "'" else e)
        elif t == "string":
            self.dquoted(node, b, s + 1, e - 1 if e - s >= 2 and src[e - 1] == '"' else e)
        elif t == "translated_string":
            for c in node.named_children:
                self.value(c, b)
        elif t == "ansi_c_string":
            self.ansi_c(b, s + 2, e - 1 if e - s >= 3 and src[e - 1] == "'" else e)
        elif t in ("concatenation", "command_name"):
            at = s
            for c in node.children:
                cs, ce = self.range(c)
                self.unquoted(b, at, cs)
                self.value(c, b)
                at = ce
            self.unquoted(b, at, e)
        elif t in _EXPANSIONS:
            self.add(b, s, e)
        else:
            self.unquoted(b, s, e)

    def unquoted(self, b: MappedTextBuilder, start: int, end: int, escapable: str | None = None) -> None:
        """Backslash removal: outside quotes every character can be escaped; inside double
        quotes only `escapable` ones can, and other backslashes stay. `\\<newline>` joins lines."""
        src = self.src
        i = start
        while i < end:
            bs = src.find("\\", i, end)
            if bs < 0 or bs + 1 >= end:
                self.add(b, i, end)
                return
            if escapable is None or src[bs + 1] in escapable:
                self.add(b, i, bs)
                if src[bs + 1] != "\n":
                    b.copy(self.mt, bs + 1, bs + 2)
            else:
                self.add(b, i, bs + 2)
            i = bs + 2

    def dquoted(self, node: Node, b: MappedTextBuilder, start: int, end: int) -> None:
        at = start
        for c in node.named_children:
            if c.type not in _EXPANSIONS:
                continue
            cs, ce = self.range(c)
            self.dq_text(b, at, cs)
            self.add(b, cs, ce)
            at = max(at, ce)
        self.dq_text(b, at, end)

    def dq_text(self, b: MappedTextBuilder, start: int, end: int) -> None:
        self.unquoted(b, start, end, '$`"\\\n')

    def ansi_c(self, b: MappedTextBuilder, start: int, end: int) -> None:
        src = self.src
        i = start
        while i < end:
            ch = src[i]
            if ch != "\\" or i + 1 >= end:
                b.copy(self.mt, i, i + 1)
                i += 1
                continue
            at = self.mt.offset(i)
            nxt = src[i + 1]
            if nxt in _ANSI_C:
                b.add_decoded(_ANSI_C[nxt], at, self.mt.stop(i + 1))
                i += 2
            elif nxt in "xuU01234567":
                digits, base, limit = ("0123456789abcdefABCDEF", 16, {"x": 2, "u": 4, "U": 8}.get(nxt, 3))
                j = i + 2 if nxt in "xuU" else i + 1
                if nxt not in "xuU":
                    digits, base = "01234567", 8
                k = j
                while k < end and k - j < limit and src[k] in digits:
                    k += 1
                if k == j:
                    b.copy(self.mt, i + 1, i + 2)
                    i += 2
                    continue
                code = int(src[j:k], base)
                b.add_decoded(chr(code) if code < 0x110000 else "\ufffd", at, self.mt.stop(k - 1))
                i = k
            else:
                b.copy(self.mt, i + 1, i + 2)
                i += 2

    # what a command does to the rest of the script ---------------------------------------
    def after_command(self, cmd: Command, first: Node | None = None) -> None:

        if cmd.name in ("set", "shopt"):
            own = self.depth == 0 and first is not None and _statement_of_script(first)
            if set_enables_xtrace(cmd):
                self.sink.xtrace.append(cmd.span)
                if own:
                    self.sink.xtrace_top.append(cmd.span)
                elif (shell := _subshell_of(first)) is not None:
                    self.sink.xtrace_scopes.append((cmd.span, self.span(shell)))
            elif set_disables_xtrace(cmd):
                if own:
                    self.sink.xtrace_off.append(cmd.span)
                elif (shell := _untraced_scope_of(first)) is not None:
                    self.sink.xtrace_off_scopes.append((cmd.span, self.span(shell)))
            return
        if cmd.name == "eval" and cmd.args and self.depth < _MAX_DEPTH:
            parse_bash(join_words(cmd.args), self.sink, cmd.pipe_from, self.depth + 1, joined_spans(cmd.args),
                       self.expands(cmd.args), cmd)
            return
        if cmd.name == "alias" and self.depth < _MAX_DEPTH:
            # `alias dl='docker login -p ...'`: the body is what the shell runs for the name,
            # written here (a start-up file's aliases run in every interactive shell).
            for word in cmd.args:
                value = word.value
                eq = value.text.find("=")
                if eq > 0:  # (a double-quoted body's `$X` is expanded as the alias is defined)
                    parse_bash(value.slice(eq + 1, len(value.text)), self.sink, None, self.depth + 1, (),
                               self.expands((word,)))
            return
        base = cmd.name.rsplit("/", 1)[-1]
        if base == "ssh" and self.depth < _MAX_DEPTH:
            remote = ssh_remote_words(cmd)  # the host's shell runs them: its commands are this script's
            if remote:
                parse_bash(join_words(remote), self.sink, cmd.pipe_from, self.depth + 1, joined_spans(remote),
                           self.expands(remote), cmd)
            if remote_reads_stdin(join_words(remote).text if remote else ""):
                self.stdin_script(cmd)  # (`ssh host <<EOF`, `ssh host bash -s <<EOF`: the here-document)
            return
        if base not in _SHELLS and cmd.name not in _SHELL_VARIABLES:
            return
        inv = shell_invocation(cmd)
        if inv.xtrace and (inv.script is not None or inv.reads_stdin or (
                self.depth == 0 and names_this_script(inv.file, self.sink.name))):
            # (`bash -x FILE` traces FILE's commands: none of this script's, unless FILE is this
            # script: `exec bash -x "$0" "$@"` runs all of it again, traced from its first line)
            self.sink.xtrace.append(cmd.span)
        if self.depth >= _MAX_DEPTH:
            return
        if inv.script is not None:
            parse_bash(inv.script.value, self.sink, cmd.pipe_from, self.depth + 1, (), self.expands((inv.script,)),
                       cmd)
        elif inv.reads_stdin:
            self.stdin_script(cmd)

    def stdin_script(self, cmd: Command) -> None:
        """The script a command's here-document or here-string hands a shell reading stdin."""
        if cmd.heredoc is not None:
            parse_bash(cmd.heredoc, self.sink, None, self.depth + 1, (), self.expanded or cmd.heredoc_expands, cmd)
        elif cmd.herestring is not None:
            parse_bash(cmd.herestring.value, self.sink, None, self.depth + 1, (), self.expands((cmd.herestring,)),
                       cmd)

    def expands(self, words: Sequence[Word]) -> bool:
        """Whether this shell expands a `$` of `words` before handing their text to another."""
        return self.expanded or any("$" in w.raw.text and not w.dollars_literal for w in words)


__all__ = ["Sink", "expansion_context", "parse_bash", "run_on_success", "shebang_xtrace"]


_SHEBANG_X = re.compile(r"#![ \t]*\S*(?:sh|bash)\b[^\n]*?[ \t]-[a-wyzA-Z]*x")
_SHEBANG_ENV_X = re.compile(r"#![ \t]*\S*/env[ \t]+(?:-\S+[ \t]+)*\S*sh\b[^\n]*?[ \t]-[a-wyzA-Z]*x")


def shebang_xtrace(text: MappedText) -> list[Span]:
    """`#!/bin/bash -x` (or `-ex`, `#!/usr/bin/env -S bash -x`) turns tracing on for the file."""
    if not text.text.startswith("#!"):
        return []
    line_end = text.text.find("\n")
    line = text.text if line_end < 0 else text.text[:line_end]
    if _SHEBANG_X.match(line) or _SHEBANG_ENV_X.match(line):
        return [text.span(0, len(line))]
    return []


# Characters of statements tested at once (`visit_program`). A run that holds has each of its
# statements tested too: shorter runs test fewer for nothing, more runs cost a test each. On the
# corpus's scripts, 500: 1,902 tests over 402 K characters; 2,000: 2,255 over 474 K.
_RUN = 500
# A statement the walk needs whatever the checks read: it may turn tracing on.
# `exec N< X` (N a digit): it opens X for a later `<&N`, which reads what X gives.
# (`exec` first, the word boundary before it looked behind: `re` skips to each `exec` in C.)
_OPENS_FD = re.compile(r"exec(?<!\wexec)\b[^\n;&|]*?\d<")


def _walk_anyway(text: str) -> bool:
    """A statement the walk needs whatever the checks read: one that may turn tracing on, or
    off (`set +x`: where it is tells DCR003 when tracing ends), or open a file on a descriptor
    (`exec 3< <(...)`: what a later `<&3` reads)."""
    return may_trace(text) or ("+" in text and may_untrace(text)) or ("exec" in text and _OPENS_FD.search(text)
                                                                      is not None)


def _statement_of_script(first: Node) -> bool:
    """Whether the simple command whose first word is `first` is a statement of the script
    itself: run by the script's own shell, in the order of the text, whenever the statement
    holding it is reached. A top-level statement, the first operand of a top-level `&&`/`||`
    list (`set +x && login`: the rest runs after it) and a command of a top-level brace group
    (`{ set +x; } 2>/dev/null`: a group runs in the same shell) are; a command in a function,
    a subshell, a pipeline, a loop, a condition's branch or a later operand of a list is not,
    nor one sent to the background (`set +x &` sets a child's options)."""
    node = getattr(first, "parent", None)  # (a word joined over a line continuation has none: not told)
    while node is not None and node.type != "command":
        node = node.parent if node.type == "command_name" else None
    while node is not None:
        after = node.next_sibling
        if after is not None and after.type == "&":
            return False
        parent = node.parent
        if parent is None:
            return False
        if parent.type == "program":
            return True
        held = _runs_first(parent, node)
        if held is None:  # a brace group's commands, when the group is such a statement (not a function's body)
            held = parent.type == "compound_statement" and parent.child_count > 0 and parent.children[0].type == "{"
        if not held:
            return False
        node = parent
    return False


def _runs_first(parent: Node, node: Node) -> bool | None:
    """Whether `node` is what its `parent` runs first, whenever the parent is reached: the first
    operand of a `&&`/`||` list, the body of a redirected statement; None for another parent."""
    if parent.type == "list":
        lead = parent.named_children[0]
        return (lead.start_byte, lead.end_byte) == (node.start_byte, node.end_byte)
    if parent.type == "redirected_statement":
        body = parent.child_by_field_name("body")
        return body is not None and (body.start_byte, body.end_byte) == (node.start_byte, node.end_byte)
    return None


def _subshell_of(first: Node | None) -> Node | None:
    """The innermost subshell (`( ... )`, `$( ... )`) holding the command whose first word is
    `first`, when the command is in no function (a call runs the body in the caller's shell)."""
    node: Node | None = getattr(first, "parent", None)
    while node is not None:
        if node.type in ("subshell", "command_substitution"):
            return node
        if node.type == "function_definition":
            return None
        node = node.parent
    return None


def _untraced_scope_of(first: Node | None) -> Node | None:
    """The subshell (`( ... )`, `$( ... )`) or piped brace group (`{ ...; } |`: bash runs each
    part of a pipeline in a subshell) that the command whose first word is `first` is a statement
    of: in it, in the order of its text, wherever reached (its first operand of a list, a
    redirected statement; not in a branch, a loop or a later operand)."""
    node: Node | None = getattr(first, "parent", None)
    while node is not None and node.type != "command":
        node = node.parent if node.type == "command_name" else None
    while node is not None:
        parent: Node | None = node.parent
        if parent is None:
            return None
        if parent.type in ("subshell", "command_substitution"):
            return parent
        if parent.type == "compound_statement":
            piped = parent.parent is not None and parent.parent.type == "pipeline"
            return parent if piped and parent.child_count > 0 and parent.children[0].type == "{" else None
        if not _runs_first(parent, node):
            return None
        node = parent
    return None


def _rightmost_command(node: Node) -> Node | None:
    while node.type in ("pipeline", "list") and node.named_children:
        node = node.named_children[-1]
    return node if node.type in ("command", "declaration_command", "unset_command") else None


# Where an expansion sits decides how a variable can take the place of text pasted there.
_ORDINARY_STOPS = frozenset({"command", "string", "raw_string", "ansi_c_string", "command_substitution",
                             "variable_assignment", "declaration_command", "program"})


def _context_tree(script: str) -> tuple[str, Tree]:
    """The masked script and its syntax tree, parsed once for the places asked about in it
    (they come in a row: the last script is kept, per thread like the parser)."""
    last: tuple[str, str, Tree] | None = getattr(_LOCAL, "context_tree", None)
    if last is not None and last[0] == script:
        return last[1], last[2]
    masked = _mask(script)
    tree = _parser().parse(masked.encode("utf-8", "surrogatepass"))
    _LOCAL.context_tree = (script, masked, tree)
    return masked, tree


def expansion_context(script: str, offset: int) -> str:
    """The syntax around the character at `offset` of a bash script, as far as it matters for
    replacing text pasted there by a variable: "heredoc" (unquoted body), "quoted-heredoc"
    (no expansion happens), "arithmetic", "array", "test" (inside `[[ ]]`), "case-pattern",
    or "" (an ordinary word, where quoting rules apply)."""
    masked, tree = _context_tree(script)
    # one byte a character in ASCII text; else the prefix's UTF-8 length
    at = offset if masked.isascii() else len(masked[:offset].encode("utf-8", "surrogatepass"))
    node: Node | None = tree.root_node.descendant_for_byte_range(at, at + 1)
    while node is not None:
        t = node.type
        if t == "heredoc_body":
            start = next((c for c in (node.parent.named_children if node.parent else [])
                          if c.type == "heredoc_start"), None)
            quoted = start is not None and any(q in (start.text or b"") for q in (b"'", b'"', b"\\"))
            return "quoted-heredoc" if quoted else "heredoc"
        if t in ("arithmetic_expansion", "c_style_for_statement") or (
                t == "compound_statement" and (node.text or b"").startswith(b"((")):
            return "arithmetic"
        if t == "array":
            return "array"
        if t == "test_command" and (node.text or b"").startswith(b"[["):
            return "test"
        if t == "case_item":
            return "case-pattern"
        if t in _ORDINARY_STOPS:
            return ""
        node = node.parent
    return ""


def run_on_success(script: str, offset: int) -> tuple[int, int] | None:
    """What runs only when the simple command or test (`[ ... ]`, `[[ ... ]]`) at `offset` of a
    bash script succeeds, as a range of the script: the body of a `while` it is the (last)
    condition of, the `then` branch of an `if`/`elif` (up to its `elif`, `else` or `fi`), the
    right side of a `&&` it is the left of (and of the `&&`s after it: `read l && a && b`).
    None when nothing waits on it alone (`read l || [ -n "$l" ]`, a statement of its own)."""
    masked, tree = _context_tree(script)
    wide = not masked.isascii()
    at = len(masked[:offset].encode("utf-8", "surrogatepass")) if wide else offset
    node: Node | None = tree.root_node.descendant_for_byte_range(at, at + 1)
    while node is not None and node.type not in ("command", "test_command"):
        node = node.parent
    parent = node.parent if node is not None else None
    if node is None or parent is None:
        return None
    kids = parent.children
    k = next((i for i, c in enumerate(kids) if (c.start_byte, c.end_byte) == (node.start_byte, node.end_byte)), -1)
    gated: tuple[int, int] | None = None
    if parent.type == "list" and k == 0 and len(kids) > 2 and kids[1].type == "&&":
        gated = (kids[2].start_byte, kids[2].end_byte)
        outer = parent.parent  # (`read l && a && b` nests to the left: b waits on it too)
        while outer is not None and outer.type == "list" and len(outer.children) > 2 \
                and outer.children[1].type == "&&" and outer.children[0].start_byte == parent.start_byte:
            gated = (gated[0], outer.children[2].end_byte)
            parent, outer = outer, outer.parent
    elif parent.type in ("while_statement", "if_statement", "elif_clause") and kids[0].type != "until":
        # (`until` is read as a while_statement: its body runs while the condition fails)
        conditions = [i for i, c in enumerate(kids) if c.is_named and parent.field_name_for_child(i) == "condition"]
        if conditions and conditions[-1] == k:
            gated = _branch(parent, kids)
    if gated is None:
        return None
    if not wide:
        return gated
    raw = masked.encode("utf-8", "surrogatepass")
    return tuple(len(raw[:b].decode("utf-8", "surrogatepass")) for b in gated)  # type: ignore[return-value]


def run_on_failure(script: str, offset: int) -> tuple[int, int] | None:
    """What runs only when the assignment `NAME=$(...)` at `offset` of a bash script fails (its
    command substitution's command does: a bare assignment's status is that command's), as a
    range of the script: the right side of a `||` it is the left of, the `then` branch of an
    `if ! NAME=$(...)` it is the (last) condition of. None otherwise (`local NAME=$(...)` has
    `local`'s status)."""
    masked, tree = _context_tree(script)
    wide = not masked.isascii()
    at = len(masked[:offset].encode("utf-8", "surrogatepass")) if wide else offset
    node: Node | None = tree.root_node.descendant_for_byte_range(at, at + 1)
    while node is not None and node.type != "variable_assignment":
        node = node.parent
    parent = node.parent if node is not None else None
    if node is None or parent is None:
        return None
    gated: tuple[int, int] | None = None
    kids = parent.children
    if parent.type == "list" and len(kids) > 2 and kids[1].type == "||" \
            and (kids[0].start_byte, kids[0].end_byte) == (node.start_byte, node.end_byte):
        gated = (kids[2].start_byte, kids[2].end_byte)
    elif parent.type == "negated_command" and parent.parent is not None \
            and parent.parent.type in ("if_statement", "elif_clause"):
        outer = parent.parent
        conditions = [c for i, c in enumerate(outer.children)
                      if c.is_named and outer.field_name_for_child(i) == "condition"]
        if conditions and (conditions[-1].start_byte, conditions[-1].end_byte) == (parent.start_byte, parent.end_byte):
            gated = _branch(outer, outer.children)
    if gated is None or not wide:
        return gated
    raw = masked.encode("utf-8", "surrogatepass")
    return tuple(len(raw[:b].decode("utf-8", "surrogatepass")) for b in gated)  # type: ignore[return-value]


def _branch(parent: Node, kids: list[Node]) -> tuple[int, int] | None:
    """A `while`'s body, or an `if`/`elif`'s `then` branch (to its elif, else or fi)."""
    if parent.type == "while_statement":
        body = parent.child_by_field_name("body")
        return None if body is None else (body.start_byte, body.end_byte)
    then = next((i for i, c in enumerate(kids) if c.type == "then"), None)
    if then is None:
        return None
    end = next((c.start_byte for c in kids[then + 1 :] if c.type in ("elif_clause", "else_clause", "fi")),
               kids[-1].end_byte)
    return kids[then].start_byte, end


"""PowerShell and cmd.exe: a tokenizer good enough to find commands and their arguments."""

from __future__ import annotations

import re

from ..records import field, lazy_dataclass
from ..source import MappedText, MappedTextBuilder
from ..values import ValueKind
from .model import Command, Script, Word, apply_wrappers

_PWSH_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "e": "\x1b"}
_SEPARATORS = ("&&", "||", ";", "\n", "{", "}")  # end a command (pwsh `{ }` are script blocks)
# Characters a word's characters are copied as they are up to (any that a case of `_Lexer._word`
# reads, in either dialect).
_DELAYED = re.compile(r"!([A-Za-z_][A-Za-z0-9_]*)!")
_ORDINARY = re.compile(r"[^ \t\r\n;|&'\"`^$@{}<>()]*")


@lazy_dataclass
class _Token:
    kind: str  # "word", "|", "sep", "<", ">"
    start: int
    end: int
    value: MappedText | None = None


@lazy_dataclass
class _Lexer:
    mt: MappedText
    cmd: bool  # cmd.exe rules rather than PowerShell
    tokens: list[_Token] = field(default_factory=list)

    @property
    def src(self) -> str:
        return self.mt.text

    def run(self) -> list[_Token]:
        src = self.src
        n = len(src)
        i = 0
        at_command_start = True
        while i < n:
            ch = src[i]
            if ch in " \t\r":
                i += 1
                continue
            if self.cmd and ch == "^" and src[i + 1 : i + 3].lstrip("\r").startswith("\n"):
                i = src.index("\n", i) + 1  # a caret before LF or CRLF continues the line
                continue
            if not self.cmd and ch == "`" and src[i + 1 : i + 3].lstrip("\r").startswith("\n"):
                i = src.index("\n", i) + 1
                continue
            if (at_command_start or not self.cmd) and self._comment_at(i):
                i = self._line_end(i)
                continue
            if not self.cmd and src.startswith("<#", i):
                j = src.find("#>", i + 2)
                i = n if j < 0 else j + 2
                continue
            two = src[i : i + 2]
            if two in ("&&", "||"):
                self.tokens.append(_Token("sep", i, i + 2))
                i += 2
                at_command_start = True
                continue
            if ch in ";\n" or (not self.cmd and ch in "{}") or (self.cmd and ch in "&()"):
                self.tokens.append(_Token("sep", i, i + 1))
                i += 1
                at_command_start = True
                continue
            if ch == "|":
                self.tokens.append(_Token("|", i, i + 1))
                i += 1
                at_command_start = True
                continue
            j = self._redirect(i)
            if j > i:
                kind = "<" if src[i:j].rstrip("0") == "<" or src[i:j] == "0<" else ">"
                self.tokens.append(_Token(kind, i, j))
                i = j
                continue
            if self.cmd and at_command_start and ch == "@":
                i += 1
                continue
            i = self._word(i)
            at_command_start = False
        return self.tokens

    def _comment_at(self, i: int) -> bool:
        src = self.src
        if not self.cmd:
            return src[i] == "#"
        head = src[i : i + 4].lower()
        return src.startswith("::", i) or (head[:3] == "rem" and (len(head) == 3 or head[3] in " \t\r\n"))

    def _line_end(self, i: int) -> int:
        j = self.src.find("\n", i)
        return len(self.src) if j < 0 else j

    def _redirect(self, i: int) -> int:
        src = self.src
        j = i
        while j < len(src) and src[j].isdigit():
            j += 1
        if j < len(src) and src[j] in "<>" and not (j == i and not self.cmd and src[j] == "<"):
            j += 1
            if j < len(src) and src[j] in ">&":
                j += 1
                while j < len(src) and src[j].isdigit():
                    j += 1
            return j
        return i

    def _word(self, i: int) -> int:
        src = self.src
        mt = self.mt
        n = len(src)
        b = MappedTextBuilder()
        start = i
        while i < n:
            ch = src[i]
            if ch in " \t\r\n;|" or (self.cmd and ch in "&<>()") or (not self.cmd and ch in "{}"):
                break
            if src.startswith("&&", i) or src.startswith("||", i):
                break
            if ch == "'" and not self.cmd:
                i = self._single(i, b)
            elif ch == '"':
                i = self._double(i, b)
            elif ch == "`" and not self.cmd and i + 1 < n:
                i = self._backtick(i, b)
            elif ch == "^" and self.cmd and i + 1 < n:
                j = i + 1
                if src.startswith("\r\n", j) or src.startswith("\n", j):
                    # a caret before a line break continues the line: the break goes and the
                    # word goes on (`ec^<newline>ho` is `echo`), unless a blank ends it there
                    j = src.index("\n", j) + 1
                    if j >= n or src[j] in " \t\r\n":
                        i = j
                        continue
                b.copy(mt, j, j + 1)  # the character after it, as it is
                i = j + 1
            elif ch == "$" and not self.cmd and src.startswith("(", i + 1):
                j = self._balanced(i + 1)
                for k in range(i, j):
                    b.copy(mt, k, k + 1)
                i = j
            elif ch == "$" and not self.cmd and src.startswith("{{", i + 1) \
                    and (close := src.find("}}", i + 3)) > 0 and "\n" not in src[i:close]:
                # a CI system's template expression (`${{ variables.registry }}`, GitHub's and Azure
                # Pipelines'), replaced by its value before PowerShell runs: one part, to its `}}`
                b.copy(mt, i, close + 2)
                i = close + 2
            elif ch == "$" and not self.cmd and src.startswith("{", i + 1):
                # `${env:PASSWORD}`, `${my var}`: a variable whose name is braced, not a script block
                close = src.find("}", i + 2)
                j = n if close < 0 or "\n" in src[i:close] else close + 1
                b.copy(mt, i, j)
                i = j
            elif ch == "@" and not self.cmd and src[i + 1 : i + 2] in ("'", '"') and src.startswith("\n", i + 2):
                i = self._here_string(i, b)
            else:
                # a run of characters none of the cases above reads: copied whole
                j = _ORDINARY.match(src, i + 1).end()  # type: ignore[union-attr]  # (it matches empty)
                b.copy(mt, i, j)
                i = j
        self.tokens.append(_Token("word", start, i, b.build(mt.offset(i))))
        return i

    def _backtick(self, i: int, b: MappedTextBuilder) -> int:
        """PowerShell's escape character: `n, `t ... or the next character as it is."""
        nxt = self.mt.text[i + 1]
        if nxt in _PWSH_ESCAPES:
            b.add_decoded(_PWSH_ESCAPES[nxt], self.mt.offset(i), self.mt.stop(i + 1))
        else:
            b.copy(self.mt, i + 1, i + 2)
        return i + 2

    def _single(self, i: int, b: MappedTextBuilder) -> int:
        src, mt = self.src, self.mt
        i += 1
        while i < len(src):
            if src[i] == "'":
                if src.startswith("''", i):
                    b.copy(mt, i + 1, i + 2)
                    i += 2
                    continue
                return i + 1
            b.copy(mt, i, i + 1)
            i += 1
        return i

    def _double(self, i: int, b: MappedTextBuilder) -> int:
        src, mt = self.src, self.mt
        i += 1
        while i < len(src):
            ch = src[i]
            if ch == '"':
                if not self.cmd and src.startswith('""', i):
                    b.copy(mt, i + 1, i + 2)
                    i += 2
                    continue
                return i + 1
            if not self.cmd and ch == "`" and i + 1 < len(src):
                i = self._backtick(i, b)
                continue
            if not self.cmd and ch == "$" and src.startswith("(", i + 1):
                j = self._balanced(i + 1)
                for k in range(i, j):
                    b.copy(mt, k, k + 1)
                i = j
                continue
            b.copy(mt, i, i + 1)
            i += 1
        return i

    def _balanced(self, i: int) -> int:
        """End of the parenthesised group opening at i (quotes inside respected)."""
        src = self.src
        depth = 0
        quote = ""
        while i < len(src):
            ch = src[i]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return i

    def _here_string(self, i: int, b: MappedTextBuilder) -> int:
        src, mt = self.src, self.mt
        q = src[i + 1]
        body = i + 3
        j = src.find("\n" + q + "@", body - 1)
        end = len(src) if j < 0 else j
        for k in range(body, end):
            b.copy(mt, k, k + 1)
        return len(src) if j < 0 else j + 3


def parse_pwsh(text: MappedText, dialect: str = "pwsh") -> Script:
    """Commands of a PowerShell (`dialect="pwsh"`) or cmd.exe (`"cmd"`) script."""
    cmd_dialect = dialect == "cmd"
    tokens = _Lexer(text, cmd_dialect).run()
    commands: list[Command] = []
    current: list[_Token] = []
    pipe_in: Command | None = None
    stdin: Word | None = None
    k = 0

    def finish() -> Command | None:
        words = tuple(Word.of(text.slice(t.start, t.end), t.value, _cmd_kind(t.value.text) if cmd_dialect else None)
                      for t in current if t.value is not None)
        if words and words[0].text in ("&", "."):
            words = words[1:]
        current.clear()
        if not words:
            return None
        argv, assigns = apply_wrappers(words)
        cmd = Command(
            words=argv,
            span=text.span(text_start(words[0]), text_end(words[-1])),
            assignments=assigns,
            pipe_from=pipe_in,
            stdin_file=stdin,
        )
        commands.append(cmd)
        return cmd

    def text_start(w: Word) -> int:
        return _index_of(text, w.raw.offset(0))

    def text_end(w: Word) -> int:
        return _index_of(text, w.raw.offset(len(w.raw.text) - 1)) + 1 if w.raw.text else text_start(w)

    while k < len(tokens):
        tok = tokens[k]
        if tok.kind == "word":
            current.append(tok)
        elif tok.kind in ("<", ">"):
            target = tokens[k + 1] if k + 1 < len(tokens) and tokens[k + 1].kind == "word" else None
            if target is not None:
                k += 1
                if tok.kind == "<" and target.value is not None:
                    stdin = Word.of(text.slice(target.start, target.end), target.value)
        elif tok.kind == "|":
            pipe_in = finish()
            stdin = None
        else:
            finish()
            pipe_in = None
            stdin = None
        k += 1
    finish()
    return Script(tuple(commands), (), dialect)


def _cmd_kind(text: str) -> ValueKind | None:
    """cmd.exe's delayed expansion: a word with `!NAME!` is a variable, as with `%NAME%` (else: by the text)."""
    return ValueKind.VARIABLE if "!" in text and _DELAYED.search(text) else None


def _index_of(text: MappedText, offset: int) -> int:
    """Text index whose file offset is `offset` (words map one to one into `text`)."""
    for k in range(len(text.starts)):
        run_start = text.starts[k]
        run_end = text.starts[k + 1] if k + 1 < len(text.starts) else len(text.text)
        if text.origins[k] <= offset < text.origins[k] + (run_end - run_start):
            return run_start + offset - text.origins[k]
    return len(text.text)

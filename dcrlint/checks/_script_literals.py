"""The literal a script's variable holds where a command expands it: `PW=hunter2` on a line of
its own (or `export`/`local`/`readonly`/`declare`) before the command, when nothing else in the
script sets the variable. A literal given so is written in the script as surely as one given in
place (DCR002's login password, DCR023's `--from-literal=key=$X`)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..facts import ShellContext
from ..lazyre import lazy_compile
from ..shell.model import Script, Word

# A comment's start on a line: a `#` at the line's start or after a blank.
_COMMENTED = re.compile(r"(?m)(?:^|(?<=[ \t]))#")
# A line of assignments (not `X=v cmd`: the command's environment only) or a declaration builtin.
_SETTERS = frozenset(("", "export", "readonly", "local", "declare", "typeset"))
# The whole of a word that is one variable's expansion: `$X`, `${X}`, `"$X"`.
_WHOLE_REFERENCE = re.compile(r'"?\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})"?')


def expanded_variable(word: Word) -> str | None:
    """The variable a word is the expansion of, as a whole (`"$PW"`, `${PW}`), else None."""
    m = _WHOLE_REFERENCE.fullmatch(word.raw.text)
    return None if m is None else m.group(1) or m.group(2)


class Literals:
    """The literals one script's variables are set to, worked out once for the script: each
    name's mentions read once, the script parsed whole once (a login every few lines asks of
    the same script again and again)."""

    def __init__(self, ctx: ShellContext, script: Script) -> None:
        self.ctx, self.script = ctx, script
        self._once: dict[str, bool] = {}
        self._assigned: dict[str, list[tuple[int, Word]]] | None = None

    def value(self, name: str, before: int) -> Word | None:
        """The word a line of the script assigns `name` before file offset `before`, when it is
        the only thing in the script setting it and is written as it is (no `$`, no backquote);
        else None."""
        text = self.ctx.text.text
        once = self._once.get(name)
        if once is None:
            once = self._once[name] = f"{name}=" in text and set_once(text, name)
        if not once:
            return None
        if self._assigned is None:
            script = self.script
            if script.partial:  # the assignment's statement may have been left out: parse it whole
                from ..shell import parse_shell

                script = parse_shell(self.ctx.text, self.ctx.dialect)
            self._assigned = {}
            for cmd in script.commands:
                if cmd.name in _SETTERS:
                    for n, w in cmd.assignments:
                        self._assigned.setdefault(n, []).append((cmd.span.start, w))
        word = next((w for at, w in self._assigned.get(name, ()) if at < before), None)
        if word is None or "$" in word.raw.text or "`" in word.raw.text:
            return None
        return word


# A whole word not after `$` (`$X` is an expansion: not a mention set_once reads).
_MENTION = lazy_compile(r"(?<![\w$])\w+")


@lru_cache(maxsize=4)  # a pure function of the script: asked once per variable a login is given
def _mentions(text: str) -> dict[str, list[int]]:
    """Where each word is written in the script, in one pass (a pass per variable was quadratic
    on long generated scripts)."""
    out: dict[str, list[int]] = {}
    for m in _MENTION.finditer(text):
        out.setdefault(m.group(), []).append(m.start())
    return out


def set_once(text: str, name: str) -> bool:
    """Every mention of `name` in the text is an expansion (`$X`, `${X}`, `${X:-d}`) but one, an
    assignment (`X=...`): nothing else sets it (`read X`, `for X`, `${X:=d}`, `export X` with no
    value, a second assignment)."""
    sets = 0
    for start in _mentions(text).get(name, ()):
        end = start + len(name)
        if _COMMENTED.search(text, text.rfind("\n", 0, start) + 1, start):
            continue  # in a comment (`# KEY=$(openssl rand -hex 32)`): sets nothing
        before, after = text[max(0, start - 2) : start], text[end : end + 2]
        if before in ("${", "{!"):  # `${X}`, `${X:-d}`, `${!X}` (`$X` is not matched)
            if re.match(r":?=", after):
                return False  # `${X:=default}` sets it
            continue
        if after.startswith("=") and not after.startswith("=="):
            sets += 1
            continue
        return False
    return sets == 1

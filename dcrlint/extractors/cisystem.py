"""The CI systems described as data (`cisystems.SYSTEMS`): each script the table places, a
scalar or a list of lines joined as the runner runs them; its variables, registry passwords
and plugin inputs."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from yaml.nodes import ScalarNode, SequenceNode

from ..cisystems import build_ci_facts, ci_facts
from ..facts import ACTION_INPUTS, ASSIGNMENTS, CI_FACTS, SHELL_CONTEXTS, ActionInput, Assignment, Fact, ShellContext
from ..gitlabci import joined_script
from ..source import MappedText, MappedTextBuilder
from ..yamlsrc import is_null, scalar_text
from . import inert, yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    facts = ci_facts(file)
    if facts is None:
        return []
    out: list[ShellContext] = []
    escape = facts.system.literal_escape
    for script in facts.scripts:
        node = script.node
        if script.argv is not None:
            out.append(ShellContext(script.argv.text(file.source), script.dialect, script.place))
            continue
        if isinstance(node, ScalarNode) and not is_null(node):
            text = scalar_text(node, file.source)
        elif isinstance(node, SequenceNode):
            lines = [n for n in node.value if isinstance(n, ScalarNode) and not is_null(n)]
            if not lines:
                continue
            text = joined_script(lines, file.source)
        else:
            continue
        if escape and escape in text.text:
            text = _unescaped(text, escape)
        if facts.system.pasted and "((" in text.text:
            text = _pasted(text, facts.system.pasted)
        if facts.system.templated and "{{" in text.text:
            text = _templated(text, facts.system.templated)
        out.append(ShellContext(text, script.dialect, script.place))
    return out


def _unescaped(text: MappedText, escape: str) -> MappedText:
    """The script as the system hands it to the shell: each escape without its first character
    (CircleCI's `\\<<` is `<<`: `cat \\<<EOF` a here-document, not a `<` and a file read), that
    first character kept in the map (a match starting there is known as escaped)."""
    b = MappedTextBuilder()
    at = 0
    for i in _occurrences(text.text, escape):
        b.copy(text, at, i)
        b.add_decoded(escape[1], text.offset(i), text.stop(i + 1))
        at = i + 2
    b.copy(text, at, len(text.text))
    return b.build(text.end)


def _pasted(text: MappedText, pattern: str) -> MappedText:
    """The script as the shell gets it: each of the system's own variables (`((name))`) written
    unquoted a value the shell reads as one word, the parser's stand-in `$___` (a variable's
    expansion: the value is not in the file), mapped to where the variable is written. Inside
    quotes (`'((name))'`, the usual guard of a password's characters) it is left as written: the
    parser reads the quoted word, and the value reading knows `((name))` for a reference."""
    b = MappedTextBuilder()
    at = 0
    quoted = _quoted_at(text.text)
    for m in re.finditer(pattern, text.text):
        if quoted(m.start()):
            continue
        b.copy(text, at, m.start())
        b.add_decoded("$" + "_" * (m.end() - m.start() - 1), text.offset(m.start()), text.stop(m.end() - 1))
        at = m.end()
    b.copy(text, at, len(text.text))
    return b.build(text.end)


def _templated(text: MappedText, pattern: str) -> MappedText:
    """The script as the shell gets it: each template of a variable of the definition (`{{.NAME}}`)
    is that variable's value, read as `${NAME}` (its expansion: the value is not here), mapped to
    where the template is written."""
    b = MappedTextBuilder()
    at = 0
    quote = _quote_at(text.text)
    for m in re.finditer(pattern, text.text):
        b.copy(text, at, m.start())
        # (in single quotes the shell would read `${NAME}` as text: Task fills it in whatever the
        # quotes, so the expansion is written out of them, `'"${NAME}"'`)
        value = "${" + m.group(1) + "}"
        b.add_decoded("'\"" + value + "\"'" if quote(m.start()) == "'" else value,
                      text.offset(m.start()), text.stop(m.end() - 1))
        at = m.end()
    b.copy(text, at, len(text.text))
    return b.build(text.end)


def _quoted_at(script: str) -> Callable[[int], bool]:
    """Whether a place of the script is inside single or double quotes (`_quote_at`)."""
    quote = _quote_at(script)
    return lambda place: quote(place) != ""


def _quote_at(script: str) -> Callable[[int], str]:
    """The quote a place of the script is inside (`'`, `"`, or ""), as the shell's lexer reads
    them (a backslash escapes outside single quotes; a `#` starting a word starts a comment):
    asked in increasing order of places."""
    i, quote = 0, ""

    def at(place: int) -> str:
        nonlocal i, quote
        while i < place:
            c = script[i]
            if quote == "'":
                quote = "" if c == "'" else quote
            elif c == "\\":
                i += 1
            elif quote == '"':
                quote = "" if c == '"' else quote
            elif c in "'\"":
                quote = c
            elif c == "#" and (i == 0 or script[i - 1] in " \t\n;&|("):
                end = script.find("\n", i)
                i = len(script) if end < 0 else end
                continue
            i += 1
        return quote
    return at


def _occurrences(text: str, word: str) -> list[int]:
    found, i = [], text.find(word)
    while i >= 0:
        found.append(i)
        i = text.find(word, i + len(word))
    return found


def assignments(file: ScannedFile) -> list[Assignment]:
    facts = ci_facts(file)
    return list(facts.assignments) if facts is not None else []


def action_inputs(file: ScannedFile) -> list[ActionInput]:
    facts = ci_facts(file)
    return list(facts.inputs) if facts is not None else []


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SHELL_CONTEXTS: shell_contexts, CI_FACTS: build_ci_facts,
                               ASSIGNMENTS: assignments, ACTION_INPUTS: action_inputs}
# Their model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes

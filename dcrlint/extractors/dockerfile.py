"""Dockerfile RUN instructions as shell: continuations, `# escape=`, heredocs, exec form, SHELL;
and the base image of each stage."""

from __future__ import annotations

import re
from typing import Any

from ..facts import IMAGE_REFS, SHELL_CONTEXTS, VALUES, VARIABLES, Fact, ImageReference, ShellContext, Variable
from ..filevalues import line_values
from ..scanned import ScannedFile
from ..source import MappedText, MappedTextBuilder, Span
from . import inert

_DIRECTIVE = re.compile(r"#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(\S*)\s*$")
_INSTRUCTION = re.compile(r"[ \t]*([A-Za-z]+)(?=[ \t]|$)")
_FLAG = re.compile(r"[ \t]*--[A-Za-z][\w-]*(=\S*)?")
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_.-]*)\2")
# FROM's arguments: flags, the image (or an earlier stage), the stage's own name.
FROM_ARGS = re.compile(r"(?:--\S+\s+)*(\S+)(?:\s+[Aa][Ss]\s+(\S+))?")
_INTERPRETER = re.compile(r"#!\s*(\S+)(?:\s+(\S+))?")
_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _dialect_of(program: str) -> str:
    base = program.replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")
    if base in ("pwsh", "powershell"):
        return "pwsh"
    if base == "cmd":
        return "cmd"
    return "sh"


class _Lines:
    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []
        start = 0
        while True:
            nl = text.find("\n", start)
            end = len(text) if nl < 0 else nl
            self.spans.append((start, end - 1 if end > start and text[end - 1] == "\r" else end))
            if nl < 0:
                break
            start = nl + 1

    def __len__(self) -> int:
        return len(self.spans)

    def line(self, k: int) -> str:
        s, e = self.spans[k]
        return self.text[s:e]


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    return _read(file, None)


def image_refs(file: ScannedFile) -> list[ImageReference]:
    """The image each `FROM` builds on (not `scratch`, nor an earlier stage of the file)."""
    images: list[ImageReference] = []
    _read(file, images)
    return images


def variables(file: ScannedFile) -> list[Variable]:
    """The values `ENV` and `ARG` give (also after `ONBUILD`), as Docker reads them."""
    found: list[Variable] = []
    _read(file, None, found)
    return found


def _read(file: ScannedFile, images: list[ImageReference] | None,
          variables: list[Variable] | None = None) -> list[ShellContext]:
    """The shell of the RUN instructions; and, when `images` (`variables`) is given, the base
    images (the ENV and ARG values) into it."""
    text = file.source.text
    lines = _Lines(text)
    escape = "\\"
    k = 0
    while k < len(lines):  # parser directives: only at the very top
        m = _DIRECTIVE.match(lines.line(k))
        if not m:
            break
        if m.group(1).lower() == "escape" and m.group(2) in ("\\", "`"):
            escape = m.group(2)
        k += 1
    contexts: list[ShellContext] = []
    dialect = "sh"
    stage_dialects: dict[str, str] = {}
    stage = ""
    froms = 0
    while k < len(lines):
        line = lines.line(k)
        stripped = line.strip()
        m = _INSTRUCTION.match(line)
        if not stripped or stripped.startswith("#") or m is None:
            k += 1
            continue
        first_line = k
        instr = m.group(1).upper()
        body_start = lines.spans[k][0] + m.end()
        if instr == "ONBUILD":
            m2 = _INSTRUCTION.match(text, body_start, lines.spans[k][1])
            if m2 is not None and m2.group(1).upper() in ("RUN", "ENV", "ARG"):
                instr = m2.group(1).upper()
                body_start = m2.end()
        logical, k = _join(lines, k, body_start, escape)
        if instr == "FROM":
            fm = FROM_ARGS.match(logical.text.strip())
            if fm and images is not None:
                _base_image(images, logical, fm, stage_dialects, first_line, froms)
            froms += 1
            if fm:
                dialect = stage_dialects.get(fm.group(1).lower(), "sh")
                stage = (fm.group(2) or "").lower()
                stage_dialects[stage] = dialect
        elif instr == "SHELL":
            argv = _exec_form(logical)
            if argv:
                dialect = _dialect_of(argv[0].text)
                stage_dialects[stage] = dialect
        elif instr in ("ENV", "ARG") and variables is not None:
            from ..infra.dockerwords import assignments

            statement = Span(lines.spans[first_line][0], logical.end)
            for name, value in assignments(instr, logical, escape):
                variables.append(Variable(name, value, (name,), statement))
        elif instr == "RUN":
            place = ("RUN", str(first_line + 1))
            found, k = _run(text, lines, logical, k, dialect, place)
            contexts.extend(found)
    return contexts


def _base_image(images: list[ImageReference], logical: MappedText, fm: re.Match[str],
                stages: dict[str, str], line: int, index: int) -> None:
    from ..images import parse_image

    name = fm.group(1)
    if name.lower() == "scratch" or name.lower() in stages or name.startswith("--"):
        return  # no image, an earlier stage of this file, or only flags
    lead = len(logical.text) - len(logical.text.lstrip())
    user = f"stage {fm.group(2) or index}"  # its alias, or its number as `COPY --from=` takes it
    images.append(ImageReference(name, logical.span(lead + fm.start(1), lead + fm.end(1)), ("FROM", str(line + 1)),
                                 user, parse_image(name)))


def _join(lines: _Lines, k: int, start: int, escape: str) -> tuple[MappedText, int]:
    """One instruction with its continuation lines: the escape and line break are removed,
    and comment lines inside the continuation are dropped. Returns it and the next line."""
    text = lines.text
    b = MappedTextBuilder()
    end = lines.spans[k][1]
    while True:
        content_end = end
        while content_end > start and text[content_end - 1] in " \t":
            content_end -= 1
        if content_end > start and text[content_end - 1] == escape:
            b.add(text[start : content_end - 1], start)
            k += 1
            while k < len(lines) and (not lines.line(k).strip() or lines.line(k).lstrip().startswith("#")):
                k += 1
            if k >= len(lines):
                return b.build(content_end), k
            start, end = lines.spans[k]
            continue
        b.add(text[start:end], start)
        return b.build(end), k + 1


def _run(
    text: str, lines: _Lines, logical: MappedText, k: int, dialect: str, place: tuple[str, ...]
) -> tuple[list[ShellContext], int]:
    cmd = _strip_flags(logical)
    if cmd.text.lstrip().startswith("["):
        argv = _exec_form(cmd)
        if argv is not None:
            return _exec_contexts(argv, place), k
    heredocs = list(_HEREDOC.finditer(cmd.text))
    if not heredocs:
        return [ShellContext(cmd, dialect, place)], k
    # heredoc bodies follow the instruction line, each up to its delimiter line
    bodies: list[tuple[MappedText, int]] = []
    body_start = lines.spans[k][0] if k < len(lines) else len(text)
    for h in heredocs:
        strip_tabs, delim = h.group(1) == "-", h.group(3)
        start_line = k
        while k < len(lines):
            content = lines.line(k).lstrip("\t") if strip_tabs else lines.line(k)
            if content == delim:
                break
            k += 1
        body_end = lines.spans[k][0] if k < len(lines) else len(text)
        bodies.append(
            (
                MappedText.verbatim(text[lines.spans[start_line][0] : body_end], lines.spans[start_line][0])
                if start_line < len(lines)
                else MappedText.verbatim("", len(text)),
                start_line,
            )
        )
        k = min(k + 1, len(lines))
    rest = _HEREDOC.sub("", cmd.text).strip()
    if not rest:
        # `RUN <<EOF`: each body is itself the script, run by the shell unless it has a shebang
        found = []
        for body, _ in bodies:
            im = _INTERPRETER.match(body.text)
            d = dialect
            if im:
                prog = im.group(2) if im.group(1).endswith("/env") and im.group(2) else im.group(1)
                d = _dialect_of(prog) if _dialect_of(prog) != "sh" or re.search(r"sh$", prog) else "other"
            found.append(ShellContext(body, d, place))
        return found, k
    whole = MappedTextBuilder()
    for i, ch in enumerate(cmd.text):
        whole.add(ch, cmd.offset(i))
    end = lines.spans[k - 1][1] if k - 1 < len(lines) else len(text)
    whole.add_decoded("\n", cmd.end)
    whole.add(text[body_start:end], body_start)
    return [ShellContext(whole.build(end), dialect, place)], k


def _strip_flags(logical: MappedText) -> MappedText:
    """Drop `--mount=...`, `--network=...`, `--security=...` before the command."""
    at = 0
    while True:
        m = _FLAG.match(logical.text, at)
        if m is None or m.end() == at:
            break
        at = m.end()
    while at < len(logical.text) and logical.text[at] in " \t":
        at += 1
    return logical.slice(at, len(logical.text))


def _exec_form(text: MappedText) -> list[MappedText] | None:
    """Decode a JSON array of strings, each character mapped to its place in the file."""
    s = text.text
    i = len(s) - len(s.lstrip())
    if not s.startswith("[", i):
        return None
    i += 1
    out: list[MappedText] = []
    n = len(s)

    def skip(j: int) -> int:
        while j < n and s[j] in " \t\r\n":
            j += 1
        return j

    i = skip(i)
    if i < n and s[i] == "]":
        return out if not s[i + 1 :].strip() else None
    while i < n:
        if s[i] != '"':
            return None
        i += 1
        b = MappedTextBuilder()
        while i < n and s[i] != '"':
            if s[i] == "\\" and i + 1 < n:
                e = s[i + 1]
                if e in _ESC:
                    if e in '"\\/':
                        b.add(e, text.offset(i + 1))
                    else:
                        b.add_decoded(_ESC[e], text.offset(i), text.stop(i + 1))
                    i += 2
                    continue
                if e == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", s[i + 2 : i + 6]):
                    b.add_decoded(chr(int(s[i + 2 : i + 6], 16)), text.offset(i), text.stop(i + 5))
                    i += 6
                    continue
                return None
            b.add(s[i], text.offset(i))
            i += 1
        if i >= n:
            return None
        out.append(b.build(text.offset(i)))
        i = skip(i + 1)
        if i < n and s[i] == ",":
            i = skip(i + 1)
            continue
        if i < n and s[i] == "]":
            return out if not s[i + 1 :].strip() else None
        return None
    return None


def _exec_contexts(argv: list[MappedText], place: tuple[str, ...]) -> list[ShellContext]:
    if not argv:
        return []
    dialect = _dialect_of(argv[0].text)
    if dialect != "sh":
        # `["pwsh", "-Command", "..."]`, `["cmd", "/S", "/C", "..."]`: the script is the last argument
        flags = {"-command", "-c", "/c", "/k"}
        for j, a in enumerate(argv[1:-1], 1):
            if a.text.lower() in flags:
                return [ShellContext(_join_exec(argv[j + 1 :], quote=False), dialect, place)]
        return []
    return [ShellContext(_join_exec(argv, quote=True), "sh", place)]


def _join_exec(argv: list[MappedText], quote: bool) -> MappedText:
    """argv as one shell line: each element single-quoted (quotes mapped to the JSON quotes),
    so that `["sh", "-c", "..."]` re-parses the script with exact positions."""
    b = MappedTextBuilder()
    for j, a in enumerate(argv):
        start = a.offset(0) - 1 if a.text else a.end - 1  # the opening JSON quote
        if j:
            b.add_decoded(" ", start - 1 if start > 0 else start)
        if not quote:
            b.copy(a, 0, len(a.text))
            continue
        b.add_decoded("'", start)
        for i, ch in enumerate(a.text):
            if ch == "'":
                b.add_decoded("'\\''", a.offset(i))
            else:
                b.copy(a, i, i + 1)
        b.add_decoded("'", a.end)
    return b.build(argv[-1].end + 1 if argv else 0)


FACTS: dict[Fact[Any], Any] = {SHELL_CONTEXTS: shell_contexts, VALUES: line_values, IMAGE_REFS: image_refs,
                               VARIABLES: variables}
# Instructions read with regular expressions, their shell parsed as a script's: nothing to notify.
NOTES = inert.no_notes

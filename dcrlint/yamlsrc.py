"""YAML composed (never constructed) into nodes, with decoded scalars mapped back to file offsets."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import weakref
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, NamedTuple, SupportsIndex

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from dcrlint.findings import TEMPLATE_UNREADABLE
from dcrlint.gotemplate import MASK_CHAR, Masked
from dcrlint.source import MappedText, MappedTextBuilder, SourceFile, Span

from .lazyre import lazy_compile

__all__ = [
    "DEFAULT_BUDGET",
    "MAX_ALIASED",
    "MAX_ALIASED_STEPS",
    "MAX_EXPANSION",
    "TEMPLATE_UNREADABLE",
    "Allowance",
    "Expansion",
    "TooAliased",
    "YamlError",
    "check_expansion",
    "compose",
    "compose_text",
    "get",
    "is_null",
    "is_text",
    "iter_nodes",
    "lazy_scalar_text",
    "lazy_text",
    "mapping_items",
    "mark_offset",
    "may_alias",
    "node_span",
    "safe_load",
    "scalar_text",
    "scalar_text_exact",
    "scalar_value",
    "template_masks",
    "walk",
]

_SAFE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern[str]]]] = _SAFE.yaml_implicit_resolvers
# The implicit resolvers that may match a plain scalar, by its first character (the wildcard
# ones after them), tried in the order BaseResolver.resolve tries them.
_RESOLVERS: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: (*resolvers, *_IMPLICIT.get(None, ())) for first, resolvers in _IMPLICIT.items() if first is not None}
_WILDCARD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(_IMPLICIT.get(None, ()))
_STR_TAG: str = _SAFE.DEFAULT_SCALAR_TAG  # "tag:yaml.org,2002:str"
_RESOLVED: dict[str, str] = {}  # tag of a plain scalar's text, for short ones
_RESOLVED_LENGTH, _RESOLVED_MOST = 24, 20_000
_DEFAULT_TAGS = {ScalarNode: _SAFE.DEFAULT_SCALAR_TAG, SequenceNode: _SAFE.DEFAULT_SEQUENCE_TAG,
                 MappingNode: _SAFE.DEFAULT_MAPPING_TAG}


class _Loader(_SAFE):  # type: ignore[valid-type,misc]
    """The safe loader, with the Python it runs for every node made cheaper: a tag resolved
    as BaseResolver.resolve does without path resolvers (the safe loader has none), in one
    call; the path-resolver hooks, which do nothing without path resolvers, are C no-ops."""

    if not _SAFE.yaml_path_resolvers:
        def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
            if kind is ScalarNode and implicit[0]:
                resolvers = _RESOLVERS.get(value[:1], _WILDCARD)
                if not resolvers:
                    return _STR_TAG  # most plain scalars: no resolver for their first character
                # Short plain scalars that may be a bool, null or number repeat (keys, `true`,
                # `no`, versions): each is resolved once.
                tag = _RESOLVED.get(value)
                if tag is None:
                    tag = _STR_TAG
                    for resolved, regexp in resolvers:
                        if regexp.match(value):
                            tag = resolved
                            break
                    if len(value) <= _RESOLVED_LENGTH and len(_RESOLVED) < _RESOLVED_MOST:
                        _RESOLVED[value] = tag
                return tag
            return _DEFAULT_TAGS[kind]

        descend_resolver = staticmethod(operator.is_)  # called with (parent, index); result unused
        ascend_resolver = staticmethod(tuple)  # called with nothing; result unused


_LOADER: type[yaml.SafeLoader] = _Loader

DEFAULT_BUDGET = 1_000_000
_MERGE_TAG = "tag:yaml.org,2002:merge"
_NULL_TAG = "tag:yaml.org,2002:null"
_MAX_MESSAGE = 200

_BREAKS = "\r\n\x85\u2028\u2029"
_BLANKS = " \t"
_BREAKZ = _BREAKS + "\0"
# YAML 1.1 (PyYAML and libyaml) count these as line breaks; SourceFile counts only "\n".
_EXOTIC_BREAK = lazy_compile("\r(?!\n)|[\x85\u2028\u2029]")  # `_exotic_break` searches it fast
_LONE_CR = lazy_compile("\r(?!\n)")
_YAML_BREAK = lazy_compile("\r\n|[\r\n\x85\u2028\u2029]")
_NEXT_BREAK = lazy_compile("[\r\n\x85\u2028\u2029]")  # finds a line's end in C, not char by char
_DQ_SPECIAL = lazy_compile("[ \t\r\n\x85\u2028\u2029\\\\]")  # blanks, breaks, backslash
_SQ_SPECIAL = lazy_compile("[ \t\r\n\x85\u2028\u2029']")  # blanks, breaks, quote
# `${{ ... }}` is a GitHub Actions expression, always inside a scalar.
_TEMPLATE_OPEN = lazy_compile(r"\{\{(?<!\$\{\{)")  # `{{` first: the search skips to it in C
_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_APPROX_WINDOW = 16


class YamlError(Exception):
    """A file that is not usable YAML; the message never quotes the file's text."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


# --------------------------------------------------------------------------- compose


def compose(source: SourceFile, problems: list[YamlError] | None = None) -> list[Node]:
    """All documents of the file that are not empty or null, composed (never constructed).

    A Go template (a Helm chart's templates) is composed with its actions masked
    (`gotemplate.mask`): same offsets, and each scalar that held an action reads as written.
    With `problems`, each document stands alone: one that cannot be read (a control
    character, a syntax error, an alias bomb) is left out and its error added to `problems`,
    the others are returned; without, the first error is raised.
    """
    text = source.text
    maybe_template = "{{" in text and _TEMPLATE_OPEN.search(text) is not None
    try:
        nodes = _compose_text(source, text)
    except YamlError as err:
        if "duplicate anchor" in err.message:
            renamed = _anchors_renamed(source)
            if renamed is not None:
                return compose(renamed, problems)
        if "<#" in text or "</#" in text:  # a FreeMarker template (`values.ftl.yaml`), when it reads as one
            tags = _freemarker_blanked(source)
            if tags is not None:
                try:
                    return _compose_text(tags, tags.text)
                except YamlError:
                    pass
        if maybe_template:
            return _compose_template(source)
        if "{%" in text:  # a Jinja template (`{% if x %}` lines), when it reads as one; else as before
            try:
                return _compose_template(source)
            except YamlError:
                pass
        if "%{" in text or ("${" in text and source.path.lower().endswith(_TEMPLATE_SUFFIXES)):
            blanked = _directives_blanked(source)
            if blanked is not None:
                try:
                    return _compose_text(blanked, blanked.text)
                except YamlError as blanked_err:
                    unreadable = blanked_err
                    scalars = _directives_blanked(source, blocks=False)
                    if scalars is not None and scalars.text != blanked.text:
                        try:
                            return _compose_text(scalars, scalars.text)
                        except YamlError:
                            pass
                    if problems is not None and _DOC_START.search(text) is not None:
                        return _compose_each(blanked, problems)  # (the documents that read so)
                    # (both branches of an `%{ if }` kept: the template renders YAML, it is none)
                    raise YamlError(f"{_HCL_UNREADABLE} ({unreadable.message})", unreadable.line) from None
        if problems is None or _DOC_START.search(text) is None:
            raise
        return _compose_each(source, problems)
    if maybe_template and _template_line(source, nodes) is not None:
        return _compose_template(source)
    return nodes


# Names of a file some tool renders before it is read (Go's `.tmpl`, Jinja's `.j2`, Terraform's
# `.tftpl`, `.tpl`): its own placeholders (`{NAME}` a script fills in with sed) may make it no
# YAML until then.
_RENDERED_SUFFIXES = (".tmpl", ".j2", ".jinja", ".jinja2", ".tftpl", ".pkrtpl", ".tpl")


def problem_notice(path: str, error: YamlError, renders_scalars: bool = False) -> tuple[str, str]:
    """(message, level) a YAML problem is told with: a template's (not YAML even masked, or a file
    named as one a tool renders first) is a note, its text still read as text; any other file's
    a warning. `renders_scalars`: the tool reading the file renders `{{ }}` only inside the
    values it has parsed (Ansible's Jinja), so a file no YAML parser reads, masked or not, is
    one the tool refuses too: a warning, not a Go template's note."""
    if error.message.startswith(_HCL_UNREADABLE):
        return error.message, "note"
    if error.message.startswith(TEMPLATE_UNREADABLE):
        if renders_scalars:
            reason = error.message[len(TEMPLATE_UNREADABLE) :].strip()
            return f"not YAML {reason}: Ansible parses the file before it renders its {{{{ }}}}", "warning"
        return error.message, "note"
    if path.lower().endswith(_RENDERED_SUFFIXES):
        return f"template: not YAML until it is rendered ({error.message})", "note"
    return error.message, "warning"


# What a file is told as whose `%{ }` directives, blanked, leave no YAML: a template Terraform or
# Packer renders (`templatefile`), read as text (a note, as a Go template's).
_HCL_UNREADABLE = "Terraform template: not YAML even with its %{ } directives blanked"
# A Terraform or Packer template's directive (`templatefile`: `%{ for ns in names ~}`, `%{ endif }`).
_DIRECTIVE = lazy_compile(r"%\{[^}\n]*\}")


# Its interpolation (`${name}`, `${join(",", xs)}`, one level of braces inside), in a file named
# as a template (`*.yaml.tpl`, `*.tftpl`): `[${ns}]` is no YAML flow sequence until rendered.
_TEMPLATE_SUFFIXES = (".tpl", ".tftpl", ".pkrtpl")
_INTERPOLATION = lazy_compile(r"\$\{[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*\}")
_ALONE = lazy_compile(r"[ \t]*(?:#[^\n]*)?\r?(?:\n|\Z)")


def _interpolation_masked(m: re.Match[str]) -> str:
    """An interpolation alone on its line renders a block of YAML (`${indent(4, yamlencode(x))}`):
    blanked; elsewhere it renders a scalar or part of one: `$___`, a variable to every reader."""
    text = m.string
    line_start = text.rfind("\n", 0, m.start()) + 1
    if not text[line_start : m.start()].strip() and _ALONE.match(text, m.end()):
        return " " * len(m.group())
    return _as_scalar(m)


def _as_scalar(m: re.Match[str]) -> str:
    """An interpolation as a scalar: `$___`, a variable to every reader (same length)."""
    return "$" + "_" * (len(m.group()) - 1)


def _directives_blanked(source: SourceFile, blocks: bool = True) -> SourceFile | None:
    """A YAML file that `templatefile` renders (a module's manifests, user data), its directives
    blanked (offsets kept: a scalar reads as written in the file), to compose; in a file named as
    a template, its interpolations masked too; None without either. `blocks=False`: an
    interpolation alone on its line is masked as a scalar too, as it is an item of a flow
    collection (a JSON template's `${containers_json}` after a `,` that a directive may keep)."""
    blanked = _DIRECTIVE.sub(lambda m: " " * len(m.group()), source.text)
    if "${" in blanked and source.path.lower().endswith(_TEMPLATE_SUFFIXES):
        blanked = _INTERPOLATION.sub(_interpolation_masked if blocks else _as_scalar, blanked)
    return None if blanked == source.text else SourceFile(source.path, blanked, source.abspath)


# FreeMarker's comments, and its directives and macro calls alone on their lines (`<#if x??>`,
# `</#list>`, `<@macro/>`): the lines of a template that render none of the YAML.
# (a `>` inside parentheses or quotes is the expression's: `<#if (xs?size > 0)>`; a directive's
# expression may go on over lines)
_FREEMARKER_TAGS = lazy_compile(
    r"<#--.*?-->|^[ \t]*(?:</?[#@](?:[^>()\"]|\([^()]*\)|\"[^\"\n]*\")*>[ \t]*)+$", re.S | re.M)


def _freemarker_blanked(source: SourceFile) -> SourceFile | None:
    """A YAML file that FreeMarker renders, its comments and directive lines blanked (offsets
    kept, line breaks too); its `${...}` are variables to every reader as they are. None
    without either."""
    blanked = _FREEMARKER_TAGS.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source.text)
    return None if blanked == source.text else SourceFile(source.path, blanked, source.abspath)


_ANCHOR_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _anchors_renamed(source: SourceFile) -> SourceFile | None:
    """The file with each anchor defined again in its document renamed, and the aliases after it
    (YAML 1.2: an alias names the nearest anchor before it of that name; Kubernetes' and Flux's
    readers, libyaml's parser, take a document so, PyYAML's composer refuses it). Names keep
    their length (offsets kept); None when the text does not scan or nothing is renamed."""
    text = source.text
    try:
        tokens = list(yaml.scan(text, Loader=_LOADER))
    except yaml.YAMLError:
        return None
    names = {t.value for t in tokens if isinstance(t, yaml.AnchorToken)}
    chars = list(text)
    current: dict[str, str] = {}  # a name as written -> the name its latest definition has now
    changed = False
    for t in tokens:
        if isinstance(t, yaml.DocumentStartToken):
            current = {}
        elif isinstance(t, (yaml.AnchorToken, yaml.AliasToken)):
            at = mark_offset(source, t.start_mark) + 1  # after `&` or `*`
            if text[at : at + len(t.value)] != t.value:
                return None  # (not where the mark says: leave the file as it is)
            if isinstance(t, yaml.AnchorToken):
                new = t.value if t.value not in current else _fresh_name(t.value, names)
                current[t.value] = new
            else:
                new = current.get(t.value, t.value)
            if new != t.value:
                chars[at : at + len(new)] = new
                changed = True
    return SourceFile(source.path, "".join(chars), source.abspath) if changed else None


def _fresh_name(name: str, taken: set[str]) -> str:
    """A name of `name`'s length that no anchor of the file has (its last characters a count)."""
    for k in range(1, len(_ANCHOR_CHARS) ** min(len(name), 3)):
        digits = ""
        while k:
            k, d = divmod(k, len(_ANCHOR_CHARS))
            digits = _ANCHOR_CHARS[d] + digits
        candidate = name[: len(name) - len(digits)] + digits
        if len(candidate) == len(name) and candidate not in taken:
            taken.add(candidate)
            return candidate
    return name  # (every name of its length taken: left, and the composer says so)


def composes_cleanly(source: SourceFile) -> bool:
    """Whether `compose` would read the file without a problem: libyaml parses it (its events
    only, no Python object per node: several times cheaper than composing), it is no template,
    and it has no anchor or alias (the composer's own errors, an undefined alias, a duplicate
    anchor or an alias bomb, all need one). False: compose it to learn its problems."""
    text = source.text
    if "{{" in text and _TEMPLATE_OPEN.search(text) is not None:
        return False
    if ("*" in text and _ALIAS.search(text) is not None) or ("&" in text and _ANCHOR.search(text) is not None):
        return False
    try:
        yaml.cyaml.CParser(text).raw_parse()  # type: ignore[attr-defined]
    except Exception:  # a syntax error, a control character, a lone surrogate: compose says which
        return False
    return True


def _compose_text(source: SourceFile, text: str, allowance: Allowance | None = None) -> list[Node]:
    """The text's documents; their aliases spend `allowance` (the file's: a new one when None)."""
    try:
        docs = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as e:
        raise _marked_error(source, e) from None
    except yaml.reader.ReaderError as e:
        raise _reader_error(source, e) from None
    except yaml.YAMLError as e:
        raise YamlError(_one_line(type(e).__name__), None) from None
    except RecursionError:
        raise YamlError("nesting too deep", None) from None
    except UnicodeError:
        raise YamlError("text is not valid Unicode (lone surrogate)", None) from None
    docs = [d for d in docs if not is_null(d)]  # `---` with nothing after composes to a null
    if _may_alias(text, 0, len(text)):  # else a tree
        left = Allowance() if allowance is None else allowance  # shared by the documents
        for d in docs:
            check_expansion(d, source, allowance=left)
    return docs


def compose_text(text: str, loader: type[yaml.SafeLoader] = _LOADER) -> list[Node]:
    """The documents of a text that is no file of its own (a patch in a scalar), composed as
    `compose` composes a file's: nulls left out, the aliases held to a file's allowance (a
    walk of them costs what a file's does). Raises yaml.YAMLError or YamlError."""
    docs = [d for d in yaml.compose_all(text, Loader=loader) if not is_null(d)]
    if _may_alias(text, 0, len(text)):
        left = Allowance()
        for d in docs:
            check_expansion(d, allowance=left)
    return docs


def safe_load(text: str) -> Any:
    """yaml.safe_load, refusing (YamlError) a document whose aliases pass a file's allowance:
    PyYAML's constructor copies the pairs of each merge key into the mapping, so merging a
    mapping twice, level after level, doubles them each time."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _may_alias(text, 0, len(text)):
            check_expansion(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


# An alias (`*name`) where a node can start (also after a byte order mark, which libyaml skips
# at the start of any line): a document without one is a tree, whose nodes
# are each visited once. The `*` first: the search skips to it in C. The name is what
# libyaml's scanner (and PyYAML's) reads: letters, digits, `-` and `_`.
_ALIAS = lazy_compile(r"\*(?<![^\s\[{,:?\ufeff-]\*)([0-9A-Za-z_-]+)")
# An anchor (`&name`) where a node can start (or after the byte order mark).
_ANCHOR = lazy_compile(r"&(?<![^\s\[{,:?\ufeff-]&)([0-9A-Za-z_-]+)")


def may_alias(text: str) -> bool:
    """Whether one of the text's aliases may name one of its anchors (else every document is
    a tree): `_may_alias` of the whole text."""
    return _may_alias(text, 0, len(text))


def _may_alias(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] may hold an alias: one of its `*name`s names one of its
    `&name`s. A composed document's aliases each name an anchor (libyaml refuses any other),
    so without such a pair every `*` and `&` was text (a glob `*.txt`, `**bold**`, a shell
    `&&`) and the document is a tree. (Without a `&` or a `*` no regex runs; the anchors
    first: rarer than a `*` that could start an alias in CI files, globs and crons.)"""
    if text.find("&", start, end) < 0 or text.find("*", start, end) < 0:
        return False
    anchors = {m.group(1) for m in _ANCHOR.finditer(text, start, end)}
    return bool(anchors) and any(m.group(1) in anchors for m in _ALIAS.finditer(text, start, end))
# A line that starts a document (`---` alone or before content); YAML forbids it inside
# quoted scalars, and block scalar content is indented.
_DOC_START = lazy_compile(r"^---(?=[ \t\r\n]|$)", re.M)
# A file of many broken documents is read document by document up to this many errors.
_MAX_DOC_ERRORS = 100


def _compose_each(source: SourceFile, problems: list[YamlError]) -> list[Node]:
    """Each document of the file composed on its own, with marks in file lines."""
    text = source.text
    cuts = [0] + [m.start() for m in _DOC_START.finditer(text) if m.start() > 0] + [len(text)]
    table = _yaml_line_starts(source) or source.line_starts
    nodes: list[Node] = []
    errors = 0
    left = Allowance()  # what aliases may add, the file's documents together
    refused: TooAliased | None = None
    for start, end in itertools.pairwise(cuts):
        first_line = bisect.bisect_right(table, start) - 1
        try:
            docs = list(yaml.compose_all(text[start:end], Loader=_LOADER))
            for d in docs:
                _shift_marks(d, first_line)
            docs = [d for d in docs if not is_null(d)]
            if _may_alias(text, start, end):
                for d in docs:
                    check_expansion(d, source, allowance=left)
        except TooAliased as e:  # one note for every document past the allowance
            if refused is None:
                refused = e
                problems.append(e)
            else:
                refused.count(1)
            continue
        except (yaml.YAMLError, RecursionError, UnicodeError, YamlError) as e:
            errors += 1
            problems.append(_document_error(source, e, start, end, first_line))
            if errors >= _MAX_DOC_ERRORS:
                if end < len(text):
                    problems.append(YamlError(
                        f"more than {_MAX_DOC_ERRORS} unreadable documents; the rest is not read",
                        source.position(end)[0]))
                break
            continue
        nodes.extend(docs)
    return nodes


def _document_error(source: SourceFile, e: BaseException, start: int, end: int, first_line: int) -> YamlError:
    if isinstance(e, YamlError):
        return e
    if isinstance(e, yaml.MarkedYAMLError):
        for attr in ("problem_mark", "context_mark"):
            mark = getattr(e, attr)
            if mark is not None:  # libyaml's marks are read-only
                setattr(e, attr, yaml.Mark(mark.name, mark.index, mark.line + first_line,
                                           mark.column, None, 0))
        return _marked_error(source, e)
    if isinstance(e, yaml.reader.ReaderError):
        char = e.character
        code = ord(char) if isinstance(char, str) else int(char)
        at = source.text.find(chr(code), start, end) if 0 <= code < 0x110000 else -1
        line = source.position(at)[0] if at >= 0 else source.position(start)[0]
        return YamlError(_one_line(f"unacceptable character #x{code:04x}: {e.reason}"), line)
    if isinstance(e, RecursionError):
        return YamlError("nesting too deep", source.position(start)[0])
    if isinstance(e, UnicodeError):
        return YamlError("text is not valid Unicode (lone surrogate)", source.position(start)[0])
    return YamlError(_one_line(type(e).__name__), source.position(start)[0])


def _shift_marks(root: Node, lines: int) -> None:
    """Marks of a document composed from a slice of the file, moved to file lines."""
    if not lines:
        return
    moved: dict[tuple[int, int, int], yaml.Mark] = {}  # libyaml's marks are read-only: new ones
    for node in iter_nodes(root):
        for attr in ("start_mark", "end_mark"):
            mark = getattr(node, attr)
            key = (mark.index, mark.line, mark.column)
            new = moved.get(key)
            if new is None:
                new = moved[key] = yaml.Mark(mark.name, mark.index, mark.line + lines, mark.column,
                                             None, 0)
            setattr(node, attr, new)


# An alias bomb (billion laughs) is small as nodes but huge once its aliases are followed:
# every consumer walking it would hang. A document whose aliases expand it to more nodes
# than this (and than 20 times its distinct nodes) is not read.
MAX_EXPANSION = 200_000
# What a file's aliases may add to its documents, beyond the nodes written, all documents
# together. Every walk of a model visits an alias's nodes at each use, about 5 us and 300
# bytes a visit (the CI systems' walk), and builds the path to each, a step a level (tuples,
# texts, patterns matched on them); so this bounds what any walk of the file costs beyond
# its text. A ratio to the nodes written did not (P5: 60,000 nodes written, each used 18
# times, took 4.4 s and 286 MB; 900 nested lists used 110 times, 3.7 s and 488 MB). Real
# files add a few thousand nodes at most.
MAX_ALIASED = 100_000
MAX_ALIASED_STEPS = 2_000_000  # nodes counted once per level they are nested (their path)


class Allowance:
    """What is left of a file's allowance; check_expansion spends it document by document."""

    def __init__(self) -> None:
        self.nodes = MAX_ALIASED
        self.steps = MAX_ALIASED_STEPS


class Expansion(NamedTuple):
    """What a document's aliases add to the nodes as written, and to their paths' steps."""

    nodes: int
    steps: int


def check_expansion(root: Node, source: SourceFile | None = None, limit: int = MAX_EXPANSION,
                    allowance: Allowance | None = None) -> Expansion:
    """What following the document's aliases visits beyond its distinct nodes (each counted
    where it is written), spent from `allowance` (a new one when None). Raise YamlError when
    more than is left, or when it would visit more than `limit` nodes and 20 times its
    distinct ones. Linear in the distinct nodes (sizes memoized, a node inside itself
    counted once)."""
    size: dict[int, int] = {}
    below: dict[int, int] = {}  # the levels below a node of each node of its expansion, summed
    on_path: set[int] = set()
    written = 0  # the distinct nodes' steps

    def visit(node: Node, depth: int) -> None:
        # The first child first, as the text has them (and as the deep walk's stack pops
        # them): a node is met first where it is written, its anchor before any alias to it.
        nonlocal written
        written += depth + 1
        key = id(node)
        if isinstance(node, ScalarNode):
            size[key] = 1
            below[key] = 0
            return
        on_path.add(key)
        total, levels = 1, 0
        for child in _children(node):
            c = id(child)
            if c not in size:
                if isinstance(child, ScalarNode):  # most nodes: no call
                    written += depth + 2
                    size[c] = 1
                    below[c] = 0
                elif c in on_path:  # a node inside itself: counted once
                    total += 1
                    levels += 1
                    continue
                else:
                    visit(child, depth + 1)
            n = size[c]
            total += n
            levels += below[c] + n
        on_path.discard(key)
        size[key] = total
        below[key] = levels

    try:
        visit(root, 0)  # recursion: a third faster than a stack of (node, state) pairs
    except RecursionError:
        size, below, written = _check_expansion_deep(root)
    finally:
        # `visit` refers to itself through its closure: rebinding the name breaks that cycle,
        # which would keep the document alive until the cycle collector runs.
        visit = _walked
    total = size[id(root)]
    if total > limit and total > 20 * len(size):
        raise _bomb(root, source, limit)
    added = Expansion(total - len(size), total + below[id(root)] - written)
    left = Allowance() if allowance is None else allowance
    if added.nodes > left.nodes or added.steps > left.steps:
        raise _aliased(root, source)
    left.nodes -= added.nodes
    left.steps -= added.steps
    return added


class TooAliased(YamlError):
    """Documents whose aliases would add more than the file's allowance: not read."""

    def __init__(self, line: int | None, documents: int = 1) -> None:
        super().__init__("", line)
        self.documents = 0
        self.count(documents)

    def count(self, documents: int) -> None:
        self.documents += documents
        what = "document" if self.documents == 1 else f"{self.documents} documents"
        self.message = (f"YAML aliases add more than {MAX_ALIASED} nodes to the file, or "
                        f"{MAX_ALIASED_STEPS} weighed by their depth (an alias bomb?); {what} "
                        "not read")
        self.args = (self.message,)


def _aliased(root: Node, source: SourceFile | None) -> TooAliased:
    return TooAliased(source.position(mark_offset(source, root.start_mark))[0] if source else None)


def _bomb(root: Node, source: SourceFile | None, limit: int) -> YamlError:
    line = source.position(mark_offset(source, root.start_mark))[0] if source else None
    return YamlError(f"YAML aliases expand the document to more than {limit} nodes "
                     "(an alias bomb?); document not read", line)


def _walked(node: Node, depth: int) -> None:
    """What check_expansion's walk is rebound to once done."""


def _check_expansion_deep(root: Node) -> tuple[dict[int, int], dict[int, int], int]:
    """check_expansion's walk with a stack of its own, for documents nested deeper than
    recursion goes: the sizes, the levels below, the distinct nodes' steps."""
    size: dict[int, int] = {}
    below: dict[int, int] = {}
    written = 0
    stack: list[tuple[Node, bool, int]] = [(root, False, 0)]
    on_path: set[int] = set()
    while stack:
        node, done, depth = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total, levels = 1, 0
            for child in _children(node):
                n = size.get(id(child), 1)  # a child still on the path: a cycle, counted once
                total += n
                levels += below.get(id(child), 0) + n
            size[key] = total
            below[key] = levels
            continue
        if key in size or key in on_path:
            continue
        written += depth + 1
        if isinstance(node, ScalarNode):
            size[key] = 1  # entered and left at once
            below[key] = 0
            continue
        on_path.add(key)
        stack.append((node, True, depth))
        stack.extend((c, False, depth + 1) for c in reversed(_children(node)) if id(c) not in size)
    return size, below, written


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [x for pair in node.value for x in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


_templates: weakref.WeakKeyDictionary[SourceFile, Masked] = weakref.WeakKeyDictionary()


def may_be_template(text: str) -> bool:
    """Whether the text holds a Go template action's open (`{{`, not a CI expression's `${{`):
    the test `compose` reads a template by (a template whose actions are in quoted scalars
    composes as plain YAML, unmasked)."""
    return "{{" in text and _TEMPLATE_OPEN.search(text) is not None


def template_masks(source: SourceFile) -> Masked | None:
    """How the file was masked, when `compose` read it as a Go template."""
    return _templates.get(source)


def _compose_template(source: SourceFile) -> list[Node]:
    from .gotemplate import TemplateError, define_bodies, mask

    try:
        masked = mask(source.text)
    except TemplateError as e:
        raise YamlError(f"{TEMPLATE_UNREADABLE} ({e.message})", source.position(e.offset)[0]) from None
    view = SourceFile(source.path, masked.text, source.abspath)
    bodies = define_bodies(source.text, masked.actions)
    if bodies and _only_defines(masked.text, bodies):
        nodes = _compose_defines(source, masked, bodies)
    else:
        if bodies:
            # a manifest with its own helpers beside it: a `define` renders nothing where it is
            # written, so its body is read as blanks (offsets kept)
            from .gotemplate import blank

            text = masked.text
            for body in bodies:
                text = text[: body.start] + blank(text[body.start : body.end]) + text[body.end :]
            view = SourceFile(source.path, text, source.abspath)
        try:
            nodes = _compose_text(view, view.text)
        except YamlError as e:
            raise YamlError(f"{TEMPLATE_UNREADABLE} ({e.message})", e.line) from None
    if masked.inline:
        _restore(nodes, source, view, masked)
    _templates[source] = masked
    return nodes


def _only_defines(masked: str, bodies: list[Span]) -> bool:
    """Nothing but blanks and comments outside the `define` bodies: a helper file."""
    p = 0
    for body in [*bodies, Span(len(masked), len(masked))]:
        for line in masked[p : body.start].splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                return False
        p = body.end
    return True


def _compose_defines(source: SourceFile, masked: Masked, bodies: list[Span]) -> list[Node]:
    """A helper file (`_helpers.tpl`): each `define` body composed on its own, since each is a
    separate piece of YAML (a name, some labels) at its own indentation. A body is composed
    from the start of its first line (what is before it on that line blanked: its columns are
    the file's), its marks moved to the file's lines: a text of the file's length for each
    body, all but the body blanked, cost the whole file per define."""
    view = SourceFile(source.path, masked.text, source.abspath)
    table = _yaml_line_starts(view) or view.line_starts
    nodes: list[Node] = []
    left = Allowance()  # the file's, shared by its bodies
    for body in bodies:
        first_line = bisect.bisect_right(table, body.start) - 1
        text = " " * (body.start - table[first_line]) + masked.text[body.start : body.end]
        try:
            docs = _compose_text(SourceFile(source.path, text, source.abspath), text, left)
        except YamlError as e:
            before = view.position(table[first_line])[0] - 1  # the file's lines before the text's
            raise YamlError(f"{TEMPLATE_UNREADABLE} ({e.message})", None if e.line is None else e.line + before
                            ) from None
        for d in docs:
            _shift_marks(d, first_line)
        nodes.extend(docs)
    return nodes


def _restore(nodes: list[Node], source: SourceFile, view: SourceFile, masked: Masked) -> None:
    """Give each scalar that holds a masked action its text as written (`{{ .Values.x }}`)."""
    starts = [s.start for s in masked.inline]
    text, shown = source.text, view.text
    seen: set[int] = set()
    for doc in nodes:
        for node in iter_nodes(doc, seen=seen):
            if not isinstance(node, ScalarNode) or MASK_CHAR not in node.value:
                continue
            span = node_span(node, view)
            k = bisect.bisect_left(starts, span.end) - 1  # the last action starting in or before it
            if k < 0 or masked.inline[k].end <= span.start:
                continue
            mapped = scalar_text_exact(node, view)
            if mapped is None:
                continue
            node.value = _unmasked(mapped, text, shown)


_MASK_RUN = lazy_compile(MASK_CHAR + "+")


def _unmasked(mapped: MappedText, text: str, shown: str) -> str:
    """The scalar's text with each character that masked an action's as written (`shown`: the
    masked file text, `text`: the file's). A run of the map copied from the masked text takes
    the file's text wherever it holds the mask: a slice per run of masks, not a look-up per
    character; a decoded character (one run of its own) is what it decoded to."""
    out, starts, origins = mapped.text, mapped.starts, mapped.origins
    parts: list[str] = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(out)
        seg, origin = out[start:end], origins[k]
        if MASK_CHAR in seg:
            if shown.startswith(seg, origin):  # copied as it stands in the masked text
                pieces: list[str] = []
                p = 0
                for m in _MASK_RUN.finditer(seg):
                    a, b = m.span()
                    pieces += (seg[p:a], text[origin + a : origin + b])
                    p = b
                pieces.append(seg[p:])
                seg = "".join(pieces)
            else:
                seg = "".join(text[at] if ch == MASK_CHAR and shown[at] == MASK_CHAR else ch
                              for ch, at in zip(seg, range(origin, origin + len(seg)), strict=True))
        parts.append(seg)
    return "".join(parts)


def _one_line(message: str) -> str:
    message = " ".join(message.split())
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 3] + "..."
    return message


def _marked_error(source: SourceFile, e: yaml.MarkedYAMLError) -> YamlError:
    mark = e.problem_mark or e.context_mark
    line = source.position(mark_offset(source, mark))[0] if mark is not None else None
    if e.problem and "nesting depth" in e.problem:
        return YamlError("nesting too deep", line)  # libyaml's own limit (1000 levels)
    # problem and context are fixed phrases (plus at most a character or a name);
    # str(e) would add the snippet of the offending line, which may hold a secret.
    parts = [p for p in (e.context, e.problem) if p]
    return YamlError(_one_line(": ".join(parts) or "invalid YAML"), line)


def _reader_error(source: SourceFile, e: yaml.reader.ReaderError) -> YamlError:
    char = e.character
    code = ord(char) if isinstance(char, str) else int(char)
    line = None
    at = source.text.find(chr(code)) if 0 <= code < 0x110000 else -1
    if at >= 0:
        line = source.position(at)[0]
    return YamlError(_one_line(f"unacceptable character #x{code:04x}: {e.reason}"), line)


def _template_line(source: SourceFile, docs: list[Node]) -> int | None:
    """Line of a `{{` that YAML read as two nested flow mappings (one of them), if any. Only
    the collections whose lines hold a template open are entered: a node's text (from its
    start mark to its end mark) holds its children's, and a flow mapping that starts at `{{`
    starts at a template open (a `$` before it would end a token YAML refuses there)."""
    text = source.text
    table = _yaml_line_starts(source) or source.line_starts
    lines = sorted({bisect.bisect_right(table, m.start()) - 1 for m in _TEMPLATE_OPEN.finditer(text)})
    if not lines:
        return None
    last = len(lines)
    seen: set[int] = set()
    stack: list[Node] = list(docs)
    while stack:  # the collections only (a scalar holds none), each node object once
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        k = bisect.bisect_left(lines, node.start_mark.line)
        if k == last or lines[k] > node.end_mark.line:
            continue  # no template open in its lines: nor in its children's
        if isinstance(node, MappingNode):
            if node.flow_style:
                at = _skip_properties(text, mark_offset(source, node.start_mark), len(text))
                if text.startswith("{{", at):
                    return source.position(at)[0]
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    stack.append(key)
                if not isinstance(value, ScalarNode):
                    stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(x for x in node.value if not isinstance(x, ScalarNode))
    return None


# --------------------------------------------------------------------------- traversal


def iter_nodes(root: Node, budget: int = DEFAULT_BUDGET, *, seen: set[int] | None = None) -> Iterator[Node]:
    """Every node reachable from root, pre-order, each node object once.

    Aliases share node objects, so an alias bomb has few distinct nodes; a node already
    visited (by id, also across calls sharing `seen`) is not entered again. More than
    `budget` visits raise YamlError.
    """
    if seen is None:
        seen = set()
    stack: list[Node] = [root]
    visits = 0
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        visits += 1
        if visits > budget:
            raise YamlError(f"too many aliases: more than {budget} nodes visited")
        yield node
        if isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                stack.append(value)
                stack.append(key)
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


def walk(root: Node, budget: int = DEFAULT_BUDGET) -> Iterator[tuple[tuple[str | int, ...], Node]]:
    """(path, node) for root and every value under it (not keys), pre-order, entering each alias use.

    The path holds mapping keys (scalar values; a non-scalar key is "?") and sequence
    indexes. Shared nodes are visited once per place they are used, never inside
    themselves (recursive anchors); more than `budget` visits raise YamlError, which is
    what a billion-laughs document does.
    """
    stack: list[tuple[tuple[str | int, ...], Node, frozenset[int]]] = [((), root, frozenset())]
    visits = 0
    while stack:
        path, node, above = stack.pop()
        visits += 1
        if visits > budget:
            raise YamlError(f"too many aliases: more than {budget} nodes visited")
        yield path, node
        if isinstance(node, MappingNode):
            inner = above | {id(node)}
            for key, value in reversed(node.value):
                if id(value) not in inner:
                    name = key.value if isinstance(key, ScalarNode) else "?"
                    stack.append(((*path, name), value, inner))
        elif isinstance(node, SequenceNode):
            inner = above | {id(node)}
            for i in range(len(node.value) - 1, -1, -1):
                if id(node.value[i]) not in inner:
                    stack.append(((*path, i), node.value[i], inner))


# --------------------------------------------------------------------------- mappings


def mapping_items(node: Node) -> list[tuple[Node, Node]]:
    """A mapping's effective (key, value) pairs, as a YAML 1.1 loader builds the dict.

    Merge keys (`<<: *a`, `<<: [*a, *b]`) are resolved: explicit keys override merged
    ones, earlier merged maps override later ones, and a later duplicate key overrides an
    earlier one. Pairs keep the position where their key first appeared. A `<<` whose
    value is not a mapping or a list of mappings is kept as an ordinary pair. Not a
    mapping: [].
    """
    if not isinstance(node, MappingNode):
        return []
    pairs = node.value
    keys: set[object] = set()
    for k, _ in pairs:
        if k.tag == _MERGE_TAG:
            return _flatten(node, {}, set())
        keys.add((k.tag, k.value) if isinstance(k, ScalarNode) else id(k))  # as _key_ident
    if len(keys) == len(pairs):
        return list(pairs)  # no merge key, no duplicate: the pairs as written
    return _flatten(node, {}, set())


def _flatten(node: MappingNode, memo: dict[int, list[tuple[Node, Node]]], active: set[int]) -> list[tuple[Node, Node]]:
    done = memo.get(id(node))
    if done is not None:
        return done
    active.add(id(node))
    merged: list[tuple[Node, Node]] = []
    own: list[tuple[Node, Node]] = []
    for key, value in node.value:
        if key.tag != _MERGE_TAG:
            own.append((key, value))
            continue
        sources = value.value if isinstance(value, SequenceNode) else [value]
        if not all(isinstance(s, MappingNode) for s in sources):
            own.append((key, value))
            continue
        for src in sources:
            if id(src) not in active:
                merged.extend(_flatten(src, memo, active))
    active.discard(id(node))
    index: dict[object, int] = {}
    items: list[tuple[Node, Node]] = []
    for pair in merged:  # the first merged map that has a key wins
        ident = _key_ident(pair[0])
        if ident not in index:
            index[ident] = len(items)
            items.append(pair)
    for pair in own:  # an explicit key overrides, a later duplicate too
        ident = _key_ident(pair[0])
        at = index.get(ident)
        if at is None:
            index[ident] = len(items)
            items.append(pair)
        else:
            items[at] = pair
    memo[id(node)] = items
    return items


def _key_ident(key: Node) -> object:
    return (key.tag, key.value) if isinstance(key, ScalarNode) else id(key)


_INDEX = "_dcrlint_keys"  # kept in a mapping node's instance dict


def get(node: Node | None, key: str) -> Node | None:
    """Value of the mapping entry whose scalar key reads `key` (whatever its tag)."""
    if not isinstance(node, MappingNode):
        return None
    # Models ask a mapping for several keys (a step: run, uses, with, env, if, shell...): its
    # keys are indexed on the first lookup, as this reads them.
    d = node.__dict__
    try:
        index: dict[str, Node] | None = d[_INDEX]
    except KeyError:
        index = d[_INDEX] = _index(node)
    if index is None:
        return _get_merged(node, key)
    return index.get(key)


def _index(node: MappingNode) -> dict[str, Node] | None:
    """Value by key text (a later duplicate key wins); None when a merge key is among them."""
    index: dict[str, Node] = {}
    for k, v in node.value:
        if k.tag == _MERGE_TAG:
            return None
        if isinstance(k, ScalarNode):
            index[k.value] = v
    return index


def _get_merged(node: MappingNode, key: str) -> Node | None:
    for k, v in reversed(mapping_items(node)):
        if isinstance(k, ScalarNode) and k.value == key:
            found: Node = v
            return found
    return None


def scalar_value(node: Node | None) -> str | None:
    """The decoded value of a scalar node, else None."""
    return node.value if isinstance(node, ScalarNode) else None


def is_null(node: Node | None) -> bool:
    """True for a missing node and for a null scalar (`~`, `null`, nothing)."""
    return node is None or (isinstance(node, ScalarNode) and node.tag == _NULL_TAG)


def is_text(node: ScalarNode) -> bool:
    """Written as text: quoted, a block scalar, or plain and read as a string (not a number,
    boolean or null). Plain style is None with PyYAML's Python loader, "" with libyaml's."""
    return bool(node.style) or node.tag == _STR_TAG


# --------------------------------------------------------------------------- positions

_LINE_TABLE = "_yaml_line_starts"  # kept in the SourceFile's instance dict, as a cached_property is


def _yaml_line_starts(source: SourceFile) -> list[int] | None:
    """Line starts as YAML counts lines, when that differs from SourceFile's (a function of the
    text, computed once per SourceFile: asked for every mark)."""
    known = source.__dict__
    try:
        table: list[int] | None = known[_LINE_TABLE]
        return table
    except KeyError:
        pass
    table = None
    text = source.text
    if _exotic_break(text):
        table = [0] + [m.end() for m in _YAML_BREAK.finditer(text)]
    known[_LINE_TABLE] = table
    return table


def _exotic_break(text: str) -> bool:
    """`_EXOTIC_BREAK.search(text)`, by pieces: each break character is found in C (a pattern
    that starts with a set of characters has `re` try every character of a non-ASCII text)."""
    if not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text):
        return True
    return "\r" in text and _LONE_CR.search(text) is not None


def mark_offset(source: SourceFile, mark: yaml.Mark) -> int:
    """File offset of a PyYAML mark, from its line and column (never its index)."""
    text = source.text
    table = _yaml_line_starts(source)
    starts = source.line_starts if table is None else table
    if mark.line >= len(starts):
        return len(text)
    offset = starts[mark.line] + mark.column
    if mark.line == 0 and text.startswith("\ufeff"):
        offset += 1  # both loaders skip a leading byte order mark without counting it
    return min(offset, len(text))


def node_span(node: Node, source: SourceFile) -> Span:
    """File span of a node from its marks (anchor and tag included)."""
    return Span(mark_offset(source, node.start_mark), mark_offset(source, node.end_mark))


def _skip_properties(text: str, p: int, end: int) -> int:
    """Offset past an anchor and tag (and the space after them) starting at p."""
    while p < end and text[p] in "&!":
        if text.startswith("!<", p):
            close = text.find(">", p)
            p = close + 1 if 0 <= close < end else end
        else:
            while p < end and text[p] not in " \t,[]{}" + _BREAKZ:
                p += 1
        while p < end:
            ch = text[p]
            if ch in _BLANKS or ch in _BREAKS:
                p += 1
            elif ch == "#":
                while p < end and text[p] not in _BREAKS:
                    p += 1
            else:
                break
    return p


# --------------------------------------------------------------------------- scalar_text


class _Out:
    """A MappedTextBuilder that also tracks the file offset past the last character."""

    __slots__ = ("builder", "end", "text")

    def __init__(self, text: str, start: int) -> None:
        self.builder = MappedTextBuilder()
        self.text = text
        self.end = start

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self.builder.add(self.text[start:end], start)
            self.end = end

    def decoded(self, value: str, at: int, after: int, escape: bool = False) -> None:
        """`value` stands for the text at `at`; an escape (`\\x41`, `''`) for all of it up to `after`."""
        self.builder.add_decoded(value, at, after if escape else None)
        self.end = after

    def line_break(self, at: int) -> int:
        """Emit the normalized line break at `at`; return the offset after it."""
        text = self.text
        ch = text[at]
        if ch == "\r" and text.startswith("\n", at + 1):
            self.copy(at + 1, at + 2)
            return at + 2
        if ch == "\n" or ch in "\u2028\u2029":
            self.copy(at, at + 1)
        else:
            self.decoded("\n", at, at + 1)
        return at + 1

    def fold(self, lead: int, trailing: list[int]) -> None:
        """YAML line folding of the break at `lead` followed by blank-line breaks."""
        ch = self.text[lead]
        if ch in "\u2028\u2029":
            self.line_break(lead)
        elif not trailing:
            after = lead + 2 if self.text.startswith("\r\n", lead) else lead + 1
            self.decoded(" ", lead, after)
        for at in trailing:
            self.line_break(at)

    def build(self) -> MappedText:
        return self.builder.build(self.end)


def _break_len(text: str, at: int) -> int:
    return 2 if text.startswith("\r\n", at) else 1


def _blank_breaks(text: str, p: int, end: int) -> tuple[list[int], int]:
    """After a line break: skip leading blanks, collect the breaks of blank lines."""
    breaks: list[int] = []
    while True:
        while p < end and text[p] in _BLANKS:
            p += 1
        if p < end and text[p] in _BREAKS:
            breaks.append(p)
            p += _break_len(text, p)
        else:
            return breaks, p


def scalar_text(node: ScalarNode, source: SourceFile) -> MappedText:
    """The scalar's decoded value, each character mapped to its offset in the file.

    Exact for every style (plain, quoted with escapes, literal and folded block
    scalars); a character made by an escape maps to the escape's backslash, a space made
    by folding maps to the folded line break. If the exact map cannot be rebuilt, an
    approximate one (each character aligned to the nearest matching file character) is
    returned instead.
    """
    exact = scalar_text_exact(node, source)
    if exact is not None:
        return exact
    return _approximate(node, source)


_MAP_FIELDS = frozenset({"starts", "origins", "end", "stops"})


class _LazyMappedText(MappedText):
    """A MappedText whose text is known at once and whose map is built on first use. Many
    scripts are only read as text (no check's prefilter holds on them), and their map is the
    costly part. Built, it becomes a plain MappedText (its class is swapped): equal, hashed and
    pickled as one; before, any use of the map, equality, hashing or pickling builds it."""

    def __init__(self, text: str, build: Callable[[], MappedText]) -> None:
        d = self.__dict__
        d["text"] = text
        d["_build"] = build

    def __getattribute__(self, name: str) -> Any:
        if name in _MAP_FIELDS:
            _force(self)
        return object.__getattribute__(self, name)

    def __eq__(self, other: object) -> bool:
        return _force(self) == other

    def __hash__(self) -> int:
        return hash(_force(self))

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        return _force(self).__reduce_ex__(protocol)


def _force(mt: MappedText) -> MappedText:
    d = mt.__dict__
    build = d.pop("_build", None)
    if build is not None:
        built = build()
        if built.text != d["text"]:
            raise AssertionError("a lazy map built for another text")
        d.update(built.__dict__)
        object.__setattr__(mt, "__class__", MappedText)
    return mt


def lazy_text(text: str, build: Callable[[], MappedText]) -> MappedText:
    """`build()` (which gives `text`), called only when its map is first used."""
    return _LazyMappedText(text, build)


def lazy_scalar_text(node: ScalarNode, source: SourceFile) -> MappedText:
    """scalar_text(node, source), its map built on first use (the text is the node's value)."""
    return _LazyMappedText(node.value, partial(scalar_text, node, source))


def scalar_text_exact(node: ScalarNode, source: SourceFile) -> MappedText | None:
    """scalar_text without the fallback: None when the exact map cannot be rebuilt."""
    text = source.text
    end = mark_offset(source, node.end_mark)
    p = _skip_properties(text, mark_offset(source, node.start_mark), end)
    value = node.value
    try:
        ch = text[p] if p < end else ""
        if ch == "'" or ch == '"':
            # Written as it reads (no escape, no folded line): each character is where it is
            # (decoding only ever shortens the text or changes a character).
            if end - p - 2 == len(value) and text[end - 1] == ch and end - 1 > p and text.startswith(value, p + 1):
                return MappedText.verbatim(value, p + 1)
            mapped = _quoted(text, p, end, double=ch == '"')
        elif ch in ("|", ">") and node.style in ("|", ">"):
            mapped = _block(text, p, value, folded=ch == ">")
        else:
            if end - p == len(value) and text.startswith(value, p):  # one line, as written
                return MappedText.verbatim(value, p)
            mapped = _plain(text, p, end)
    except (IndexError, ValueError):
        return None
    return mapped if mapped.text == value else None


def _plain(text: str, p: int, end: int) -> MappedText:
    out = _Out(text, p)
    while True:
        m = _NEXT_BREAK.search(text, p, end)
        r = m.start() if m else end
        if r >= end:
            out.copy(p, end)
            return out.build()
        stop = r
        while stop > p and text[stop - 1] in _BLANKS:
            stop -= 1
        out.copy(p, stop)
        trailing, p = _blank_breaks(text, r + _break_len(text, r), end)
        out.fold(r, trailing)


def _quoted(text: str, p: int, end: int, *, double: bool) -> MappedText:
    close = end - 1
    if close <= p or text[close] != text[p]:
        raise ValueError("unterminated quoted scalar")
    special = _BLANKS + _BREAKS + ("\\" if double else "'")
    next_special = _DQ_SPECIAL if double else _SQ_SPECIAL
    out = _Out(text, p + 1)
    r = p + 1
    while r < close:
        ch = text[r]
        if ch not in special:
            s = r
            m = next_special.search(text, r, close)
            r = m.start() if m else close
            out.copy(s, r)
        elif ch == "'":
            out.decoded("'", r, r + 2, escape=True)  # '' stands for one quote
            r += 2
        elif ch == "\\":
            r = _escape(out, text, r, close)
        elif ch in _BLANKS:
            s = r
            while r < close and text[r] in _BLANKS:
                r += 1
            if r < close and text[r] in _BREAKS:
                trailing, after = _blank_breaks(text, r + _break_len(text, r), close)
                out.fold(r, trailing)
                r = after
            else:
                out.copy(s, r)
        else:
            trailing, after = _blank_breaks(text, r + _break_len(text, r), close)
            out.fold(r, trailing)
            r = after
    return out.build()


def _escape(out: _Out, text: str, r: int, close: int) -> int:
    """Decode the escape at text[r] == backslash; return the offset after it."""
    code = text[r + 1]
    if code in _ESCAPES:
        out.decoded(_ESCAPES[code], r, r + 2, escape=True)
        return r + 2
    width = _HEX_ESCAPES.get(code)
    if width is not None:
        digits = text[r + 2 : r + 2 + width]
        if len(digits) != width:
            raise ValueError("short escape")
        out.decoded(chr(int(digits, 16)), r, r + 2 + width, escape=True)
        return r + 2 + width
    if code in _BREAKS:
        # An escaped line break is dropped, with the next line's leading blanks;
        # the breaks of blank lines after it stay.
        trailing, after = _blank_breaks(text, r + 1 + _break_len(text, r + 1), close)
        for at in trailing:
            out.line_break(at)
        return after
    raise ValueError("unknown escape")


def _block(text: str, p: int, value: str, *, folded: bool) -> MappedText:
    n = len(text)
    r = p + 1
    chomp = ""
    while r < n and (text[r] in "+-" or text[r] in "123456789"):
        if text[r] in "+-":
            chomp = text[r]
        r += 1
    while r < n and text[r] not in _BREAKS:
        r += 1  # blanks and a comment after the header
    if r < n:
        r += _break_len(text, r)
    indent = _block_indent(text, r, value)
    out = _Out(text, r)
    pending: list[int] = []  # breaks of blank lines since the last content line
    prev_break = -1  # line break after the previous content line (-1: none yet / EOF)
    prev_plain = False  # previous content line starts with a non-blank at the indent
    started = False
    while r < n:
        s = r
        while r < n and text[r] == " ":
            r += 1
        m = _NEXT_BREAK.search(text, r)
        eol = m.start() if m else n
        spaces = r - s
        blank = eol == r
        if not blank and spaces < indent:
            break
        content = s + indent
        brk = eol if eol < n else -1
        nxt = eol + _break_len(text, eol) if eol < n else n
        if blank and eol - s <= indent:
            if brk >= 0:
                pending.append(brk)
            r = nxt
            continue
        plain = text[content] not in _BLANKS
        if started:
            if prev_break < 0:
                raise ValueError("content after end of file")
            if folded and text[prev_break] in "\r\n\x85" and prev_plain and plain:
                if not pending:
                    out.fold(prev_break, [])
            else:
                out.line_break(prev_break)
        for at in pending:
            out.line_break(at)
        pending = []
        out.copy(content, eol)
        started = True
        prev_break, prev_plain = brk, plain
        r = nxt
    if started and chomp != "-" and prev_break >= 0:
        out.line_break(prev_break)
    if chomp == "+":
        for at in pending:
            out.line_break(at)
    return out.build()


def _block_indent(text: str, r: int, value: str) -> int:
    """Content indentation of a block scalar whose body starts at r.

    The decoded value tells it without knowing the parent's indentation (which an
    explicit indentation indicator is relative to): up to the first non-empty line of
    the value, each source line decodes to one value line (folding joins only later
    lines), and that line keeps the spaces beyond the indentation.
    """
    n = len(text)
    rest = value.lstrip("\n")
    k = len(value) - len(rest)  # the first non-empty value line
    widest = 0
    line = 0
    while r < n:
        s = r
        while r < n and text[r] == " ":
            r += 1
        widest = max(widest, r - s)
        if rest and line == k:
            eol = rest.find("\n")
            first = rest if eol < 0 else rest[:eol]
            return (r - s) - (len(first) - len(first.lstrip(" ")))
        if not rest and r < n and text[r] not in _BREAKS:
            # No content lines: this line ends the scalar, the blank ones before are in it.
            return max(r - s + 1, widest)
        if r >= n or text[r] not in _BREAKS:
            break
        r += _break_len(text, r)
        line += 1
    return max(widest, 1)


def _approximate(node: ScalarNode, source: SourceFile) -> MappedText:
    """Greedy alignment of the value to the file text from the scalar's start."""
    text = source.text
    end = mark_offset(source, node.end_mark)
    p = _skip_properties(text, mark_offset(source, node.start_mark), end)
    if text[p : p + 1] in ("'", '"', "|", ">"):
        p += 1
    last = max(len(text) - 1, 0)
    out = MappedTextBuilder()
    for ch in node.value:
        at = text.find(ch, p, p + _APPROX_WINDOW)
        if at >= 0:
            out.add(ch, at)
            p = at + 1
        else:
            out.add_decoded(ch, min(p, last))
            p += 1
    return out.build(min(p, len(text)))

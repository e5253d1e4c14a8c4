"""Every value of a scanned file, once, with exact positions: what secret detectors look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from .facts import VALUES
from .lazyre import lazy_compile
from .scanned import ScannedFile
from .source import MappedText

if TYPE_CHECKING:
    from .dockerauth import JNode
    from .groovy import Token


class FileValue:
    """One value: a YAML scalar, a JSON string, a Groovy string, or a word of a line.

    `value` is the decoded text; its positions (`text`, a MappedText) are worked out only
    when a detector asks for them, since nearly every value is looked at and dropped."""

    __slots__ = ("_locate", "_text", "key", "place", "value")

    def __init__(self, value: str, locate: Callable[[], MappedText], key: str | None = None,
                 place: tuple[str, ...] = ()) -> None:
        self.value = value
        self.key = key  # the mapping key or variable that names it, when there is one
        self.place = place
        self._locate = locate
        self._text: MappedText | None = None

    @property
    def text(self) -> MappedText:
        if self._text is None:
            self._text = self._locate()
        return self._text


# A word of a shell, Dockerfile or Makefile line: quoted strings keep their inside.
_WORD = lazy_compile(r"""'(?P<sq>[^'\n]*)'|"(?P<dq>(?:[^"\\\n]|\\.)*)"|(?P<bare>[^\s'"]+)""")
_ASSIGN = lazy_compile(r"^(?:export\s+|ENV\s+|ARG\s+|readonly\s+|local\s+)?([A-Za-z_][\w.-]*)\s*[:?+]?=")


def file_values(file: ScannedFile) -> list[FileValue]:
    """The file's values (the VALUES fact), computed once per file by its kind's extractor."""
    return file.get(VALUES)


def yaml_values(file: ScannedFile) -> list[FileValue]:
    """Every scalar of a YAML file; the words of each line when it does not parse."""
    docs = file.yaml_documents
    if docs:
        return list(_yaml_values(file, docs))
    if file.source.text.strip() and not _is_empty_yaml(file.source.text):
        return list(_line_words(file))  # unparseable (e.g. a template): still look inside
    return []


def json_values(file: ScannedFile) -> list[FileValue]:
    return list(_json_values(file))


def groovy_values(file: ScannedFile) -> list[FileValue]:
    return list(_groovy_values(file))


def jenkins_values(file: ScannedFile) -> list[FileValue]:
    """A Jenkinsfile's strings: the tokens of its model when it was built (the same lexer over
    the same text), else the text's (building the model would notify its problems)."""
    from .facts import JENKINS_MODEL

    model = file.get(JENKINS_MODEL) if file.extracted(JENKINS_MODEL) else None
    return list(_groovy_values(file, model.tokens if model is not None else None))


def line_values(file: ScannedFile) -> list[FileValue]:
    """The words of each line (shell, Dockerfile, Makefile)."""
    return list(_line_words(file))


def _is_empty_yaml(text: str) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith(("#", "---", "...")) for ln in text.splitlines())


# The root keys of an API description (OpenAPI, Swagger), and the keys under which it shows what
# a schema's or a parameter's value looks like: documentation, as a README's sample token is.
_API_DESCRIPTION_KEYS = frozenset(("openapi", "swagger"))
_EXAMPLE_KEYS = frozenset(("example", "examples"))


def _yaml_examples(doc: Any) -> set[int]:
    """The nodes under an `example`/`examples` key of an API description (a document whose root
    holds `openapi` or `swagger`); none in any other document."""
    from yaml.nodes import MappingNode, ScalarNode

    from .yamlsrc import iter_nodes

    if not isinstance(doc, MappingNode) or not any(
            isinstance(k, ScalarNode) and k.value in _API_DESCRIPTION_KEYS for k, _ in doc.value):
        return set()
    out: set[int] = set()
    for node in iter_nodes(doc):
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value in _EXAMPLE_KEYS and id(v) not in out:
                    out.update(id(n) for n in iter_nodes(v))
    return out


def _yaml_values(file: ScannedFile, docs: list[Any]) -> Iterator[FileValue]:
    from yaml.nodes import MappingNode, ScalarNode

    from .yamlsrc import YamlError, iter_nodes, scalar_text

    seen: set[int] = set()
    keys: dict[int, str] = {}  # value node -> the key naming it
    key_nodes: set[int] = set()
    try:
        for doc in docs:
            seen.update(_yaml_examples(doc))  # (not entered: documentation's samples)
            for node in iter_nodes(doc, seen=seen):
                if isinstance(node, MappingNode):
                    name: Any = None
                    for k, v in node.value:
                        key_nodes.add(id(k))
                        if isinstance(k, ScalarNode):
                            keys[id(v)] = str(k.value)
                            if k.value == "name" and isinstance(v, ScalarNode):
                                name = v.value
                    if name:  # `{name: X, value: Y}` (container env, parameters): Y is X's
                        for k, v in node.value:
                            if isinstance(k, ScalarNode) and k.value == "value":
                                keys[id(v)] = str(name)
                elif isinstance(node, ScalarNode) and node.value and id(node) not in key_nodes:
                    yield FileValue(node.value, partial(scalar_text, node, file.source), keys.get(id(node)))
    except YamlError as e:
        file.notify(e.message, e.line)


def _json_values(file: ScannedFile) -> Iterator[FileValue]:
    from .dockerauth import DockerConfigError, parse_json

    try:
        root = parse_json(file.source.text)
    except DockerConfigError:
        return  # the docker config check reports it
    yield from json_strings(root)


def json_strings(root: JNode) -> Iterator[FileValue]:
    """Every string of a JSON document, as written, named by its key."""
    from .dockerauth import keyed_strings

    for node, key in keyed_strings(root):
        yield FileValue(node.raw, partial(MappedText.verbatim, node.raw, node.span.start), key)


def _groovy_values(file: ScannedFile, tokens: Sequence[Token] | None = None) -> Iterator[FileValue]:
    from .groovy import TokenKind, tokenize

    name = before = None  # the two tokens before, comments left out: `NAME = 'value'` names it
    for tok in tokenize(file.source.text) if tokens is None else tokens:
        if tok.kind is TokenKind.COMMENT:
            continue
        if tok.string is not None and tok.string.value.text:
            mapped = tok.string.value
            key = name.text if name is not None and name.kind is TokenKind.IDENT and before is not None \
                and before.text == "=" else None
            yield FileValue(mapped.text, partial(_known, mapped), key)
        name, before = before, tok


def _line_words(file: ScannedFile) -> Iterator[FileValue]:
    """Words of each line, quotes removed, positions verbatim; `NAME=value` keeps NAME as key."""
    text = file.source.text
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            key = None
            m = _ASSIGN.match(stripped)
            if m:
                key = m.group(1)
            for w in _WORD.finditer(line):
                group = "sq" if w.group("sq") is not None else "dq" if w.group("dq") is not None else "bare"
                value = w.group(group)
                if not value:
                    continue
                yield FileValue(value, partial(MappedText.verbatim, value, pos + w.start(group)), key)
        pos += len(line)


def _known(mapped: MappedText) -> MappedText:
    return mapped

"""Butane configs (`*.bu`, or YAML whose `variant:` is an OS Butane configures: Fedora CoreOS,
Flatcar): the units a machine gets (`systemd.units[]`: `contents`, and their drop-ins'), and the
files written with `storage.files[].contents.inline`, read as the units and scripts they become
(`infra.writtenfiles`); its values as any YAML's. A file given by `source` or `local` is
another file, and a compressed one no text: not read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeGuard

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..facts import SETTINGS, SHELL_CONTEXTS, Fact, Setting, ShellContext
from ..yamlsrc import get, scalar_text
from . import inert, yaml

if TYPE_CHECKING:
    from ..scanned import ScannedFile
    from ..source import MappedText


def _text(node: object) -> TypeGuard[ScalarNode]:
    return isinstance(node, ScalarNode) and node.tag.endswith(":str")


def _items(node: object, key: str) -> list[MappingNode]:
    found = get(node, key) if isinstance(node, MappingNode) else None
    return [n for n in found.value if isinstance(n, MappingNode)] if isinstance(found, SequenceNode) else []


def _inline_files(file: ScannedFile) -> Iterator[tuple[str, MappedText, tuple[str, ...]]]:
    """(path, text, place) of each file `storage.files` writes with `inline` contents (not a
    compressed one)."""
    for d, doc in enumerate(file.yaml_documents):
        for i, entry in enumerate(_items(get(doc, "storage") if isinstance(doc, MappingNode) else None, "files")):
            path, contents = get(entry, "path"), get(entry, "contents")
            inline = get(contents, "inline") if isinstance(contents, MappingNode) else None
            if _text(path) and _text(inline) and get(contents, "compression") is None:
                yield str(path.value), scalar_text(inline, file.source), (str(d), "storage", "files", str(i))


def shell_contexts(file: ScannedFile) -> list[ShellContext]:
    from ..infra.writtenfiles import shell_contexts as written

    out: list[ShellContext] = []
    for path, text, place in _inline_files(file):
        out += written(path, text, (*place, "contents", "inline"))
    for d, doc in enumerate(file.yaml_documents):
        for i, unit in enumerate(_items(get(doc, "systemd") if isinstance(doc, MappingNode) else None, "units")):
            name = get(unit, "name")
            unit_name = str(name.value) if _text(name) else ""
            body = get(unit, "contents")
            if _text(body):
                out += written(unit_name, scalar_text(body, file.source), (str(d), "systemd", "units", str(i)))
            for j, dropin in enumerate(_items(unit, "dropins")):
                body = get(dropin, "contents")
                if _text(body) and unit_name.endswith(".service"):  # (a drop-in is a piece of its unit)
                    out += written(unit_name, scalar_text(body, file.source),
                                   (str(d), "systemd", "units", str(i), "dropins", str(j)))
    return out


def settings(file: ScannedFile) -> list[Setting]:
    """The settings of the env files written with `inline` contents."""
    from ..infra.writtenfiles import settings as written

    return [s for path, text, place in _inline_files(file) for s in written(path, text, place, "Butane")]


FACTS: dict[Fact[Any], Any] = {**yaml.FACTS, SHELL_CONTEXTS: shell_contexts, SETTINGS: settings}

# Its model is the YAML nodes, walked: the file's notes are its YAML's (inert.py).
NOTES = inert.yaml_notes

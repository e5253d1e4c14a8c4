"""A chart's helper templates (`{{ define "name" }} ... {{ end }}`, `templates/_helpers.tpl`) read
as what they render where a template includes them. A body that is one plain word is a value the
chart writes in, named by its template's name (`shop.dbPassword`: a setting, DCR023); a body that
is one JSON object is a value whole (a docker config a Secret's `.dockerconfigjson` includes:
DCR030 reads it). A body holding an action (`{{ .Values.x }}`) is read as a template is: the
values it names are references. A body that is YAML (a manifest, labels) is composed with the
file's documents (`yamlsrc._compose_defines`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..facts import Setting
from ..source import MappedText

if TYPE_CHECKING:
    from ..filevalues import FileValue
    from ..scanned import ScannedFile

ADVICE = "render it from the chart's values (`{{ .Values.x }}`) or an existing Secret"


def helper_bodies(file: ScannedFile) -> list[tuple[str, MappedText]]:
    """The named `define` bodies of a file read as a Go template, each without the blanks around
    it (the `-` of `{{-`/`-}}` trims them, `include ... | trim` does)."""
    if "define" not in file.source.text:
        return []  # (most files: nothing imported)
    from ..gotemplate import named_defines
    from ..yamlsrc import template_masks

    file.yaml_documents  # noqa: B018 (composed: how the template was masked is kept)
    masked = template_masks(file.source)
    if masked is None:
        return []
    text = file.source.text
    out = []
    for name, body in named_defines(text, masked.actions):
        inner = text[body.start : body.end]
        start = body.start + len(inner) - len(inner.lstrip())
        value = inner.strip()
        if name and value:
            out.append((name, MappedText.verbatim(value, start)))
    return out


def settings(file: ScannedFile) -> list[Setting]:
    """The helpers whose body is one word: a value the chart writes where they are included."""
    return [Setting(name, f'template "{name}"', body, ("define", name), "Chart helper", ADVICE)
            for name, body in helper_bodies(file) if _one_word(body.text)]


def values(file: ScannedFile) -> list[FileValue]:
    """The helpers whose body is one JSON object, each a value whole."""
    from functools import partial

    from ..filevalues import FileValue

    return [FileValue(body.text, partial(_same, body), name, ("define",))
            for name, body in helper_bodies(file) if body.text.startswith("{") and body.text.endswith("}")]


def _same(text: MappedText) -> MappedText:
    return text


def _one_word(text: str) -> bool:
    return not any(c.isspace() for c in text) and not text.startswith(("{", "[", "-", "#"))

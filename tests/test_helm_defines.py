"""A helper file's `define` bodies are composed each from its own first line, marks moved to
the file's lines: the same nodes, at the same places, with the same notes, as composing each
in the file's text up to its end with all before it blanked (the text before the body, at a
cost of the whole file per define; the text after it, blanked too, was read as trailing blank
lines: a block collection ending the body ended at the end of the file, a block scalar kept
them in its value). A `define` renders nothing where it is written: a manifest after it is read."""

from __future__ import annotations

import random
import time
from pathlib import Path

import yaml
from conftest import brief, engine_scan
from yaml.nodes import Node, ScalarNode

from dcrlint.gotemplate import define_bodies, mask, only
from dcrlint.source import SourceFile
from dcrlint.yamlsrc import _LOADER, YamlError, _compose_defines, compose, iter_nodes, node_span

PW = "Hq5wRt8zLm2K"  # a made-up password

_BODIES = [
    "\nname: {{ .Release.Name }}\n",
    "\n{{- toYaml .Values.labels | nindent 0 }}\napp: web\n",
    "\nlist:\n  - a\n  - {{ .Values.b | quote }}\n",
    "name: inline",
    " {{ .Chart.Name }}-x ",
    "\n  indented: 1\n  more: {a: 1, b: [2, 3]}\n",
    "\npassword: Pw9xQz-kLm\n# a comment\n",
    "\nkey: |\n  block\n  scalar\n",
    "\nbad: [\n",
    "\n\tkey: tab\n",
    "\n\u2028x: 1\n",
]


def _helper(rng: random.Random, n: int) -> str:
    parts = []
    for i in range(n):
        parts.append(rng.choice(["", "\n", "{{/* note */}}\n", "# c\n", "\r\n"]))
        parts.append(f'{{{{- define "t{i}" -}}}}{rng.choice(_BODIES)}{{{{- end }}}}\n')
    return "".join(parts)


def _reference(source: SourceFile) -> list[Node] | str:
    masked = mask(source.text)
    out: list[Node] = []
    for body in define_bodies(source.text, masked.actions):
        text = only(masked.text, body)[: body.end]
        try:
            out.extend(d for d in yaml.compose_all(text, Loader=_LOADER) if not (
                isinstance(d, ScalarNode) and d.tag == "tag:yaml.org,2002:null"))
        except yaml.YAMLError:
            return "error"
    return out


def _shape(nodes: list[Node], view: SourceFile) -> list[tuple[object, ...]]:
    return [(type(n).__name__, n.tag, n.value if isinstance(n, ScalarNode) else None, node_span(n, view))
            for d in nodes for n in iter_nodes(d)]


def test_defines_composed_alone_are_the_defines_composed_in_the_whole_file() -> None:
    rng = random.Random(3)
    for _ in range(400):
        text = _helper(rng, rng.randrange(1, 6))
        source = SourceFile("templates/_helpers.tpl", text)
        masked = mask(text)
        view = SourceFile(source.path, masked.text)
        expected = _reference(source)
        try:
            got: list[Node] | str = _compose_defines(source, masked, define_bodies(text, masked.actions))
        except YamlError:
            got = "error"
        if expected == "error" or got == "error":
            assert expected == got, text
            continue
        assert isinstance(got, list) and isinstance(expected, list)
        assert _shape(got, view) == _shape(expected, view), text


def test_an_unreadable_define_is_noted_at_its_line() -> None:
    text = '{{- define "a" -}}\nx: 1\n{{- end }}\n\n{{- define "b" -}}\nok: 1\nbad: [\n{{- end }}\n'
    source = SourceFile("templates/_helpers.tpl", text)
    try:
        compose(source)
    except YamlError as e:
        assert e.line == 8 and "Go template" in e.message
    else:
        raise AssertionError("composed")


def test_defines_cost_linear_time() -> None:
    def seconds(n: int) -> float:
        text = "".join(f'{{{{- define "s{i}" -}}}}\npassword: Pw{i}xQz\n{{{{- end -}}}}\n' for i in range(n))
        best = float("inf")
        for _ in range(2):
            source = SourceFile("templates/_h.tpl", text)
            start = time.process_time()
            compose(source)
            best = min(best, time.process_time() - start)
        return best

    seconds(10)
    small, big = seconds(400), seconds(400 * 8)
    assert big / small < 22, f"{small:.3f}s -> {big:.3f}s"


def test_a_manifest_with_its_own_helpers(tmp_path: Path) -> None:
    # a `define` renders nothing where it is written: the manifest after it is read
    template = f"""\
        {{{{/* the ports, kept beside the one manifest that uses them */}}}}
        {{{{- define "app.ports" -}}}}
        - port: {{{{ .Values.service.port }}}}
          targetPort: http
          name: http
        {{{{- end }}}}

        apiVersion: v1
        kind: Secret
        metadata:
          name: {{{{ .Release.Name }}}}-api
        type: Opaque
        stringData:
          api-password: "{PW}"
        """
    results, notes = engine_scan(tmp_path, {"chart/templates/api.yaml": template, "chart/Chart.yaml": "name: c\n"},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/templates/api.yaml", 14, 18, "DCR023")]
    assert not notes

"""Helm charts: Go template actions masked with positions kept, templates checked like manifests
(values that are actions are placeholders), one note for unreadable templates. A values file with a
Chart.yaml beside it is the chart's defaults, one with none an install's override: the message says
which."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from conftest import K8S_RULES, brief, engine_scan
from hypothesis import given
from hypothesis import strategies as st
from yaml.nodes import ScalarNode

from dcrlint.findings import Notification
from dcrlint.gotemplate import MASK_CHAR, TemplateError, blank, find_actions, mask, only
from dcrlint.lint import fold_template_notes
from dcrlint.source import SourceFile, Span
from dcrlint.yamlsrc import TEMPLATE_UNREADABLE, compose, get, scalar_text

scan = partial(engine_scan, rules=K8S_RULES)  # the Kubernetes rules unless a test names others

# --------------------------------------------------------------------------- masking


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        ("a: {{ .Values.a }}\n", ["{{ .Values.a }}"]),
        ('a: {{ printf "}}" .x }}\n', ['{{ printf "}}" .x }}']),
        ("a: {{ printf `}}\n` .x }}\n", ["{{ printf `}}\n` .x }}"]),
        ("a: {{ 'x' }}{{- .b -}}\n", ["{{ 'x' }}", "{{- .b -}}"]),
        ("{{/* a }} comment\nover lines */}}\nb: 1\n", ["{{/* a }} comment\nover lines */}}"]),
        ("{{- /* trimmed */ -}}\n", ["{{- /* trimmed */ -}}"]),
        ('{{ "a\\"}}" }}', ['{{ "a\\"}}" }}']),
    ],
)
def test_actions_end_where_go_ends_them(text: str, actions: list[str]) -> None:
    assert [text[s.start : s.end] for s in find_actions(text)] == actions


@pytest.mark.parametrize("text", ["a: {{ .x\n", 'a: {{ "x }}\n', "{{/* open\n", "a: {{ .x {{ .y }}\n"])
def test_unterminated_actions(text: str) -> None:
    with pytest.raises(TemplateError):
        find_actions(text)


def test_mask_keeps_length_and_line_breaks() -> None:
    text = ('{{- if .Values.on }}\nkey: {{ include "x" (dict\n  "a" 1) }}\n'
            "  {{- toYaml .Values.r | nindent 2 }}{{ end }}\r\n\u2028{{ .y }}\n")
    m = mask(text)
    assert len(m.text) == len(text)
    assert [i for i, c in enumerate(m.text) if c in "\r\n\u2028"] == \
        [i for i, c in enumerate(text) if c in "\r\n\u2028"]
    lines = m.text.split("\n")
    assert lines[0].strip() == ""  # alone on its line: blanks
    assert lines[1] == "key: " + MASK_CHAR * (len(lines[1]) - 5)  # inline: one plain scalar
    assert lines[3].strip() == ""  # two actions alone on a line
    assert len(m.actions) == 5 and len(m.inline) == 2


@given(st.text(alphabet="ab \t\r\n\x85\u2028\u2029", max_size=16), st.integers(0, 16), st.integers(0, 16))
def test_only_keeps_the_span_and_the_line_breaks(text: str, a: int, b: int) -> None:
    """`only` (a blanked copy made once, then sliced) is the text blanked character by character
    outside the span, for each span of the same text."""
    span = Span(min(a, b, len(text)), min(max(a, b), len(text)))
    slow = "".join(c if c in "\r\n\x85\u2028\u2029" or span.start <= i < span.end else " "
                   for i, c in enumerate(text))
    assert only(text, span) == slow
    assert only(text, span, blank(text)) == slow


@pytest.mark.parametrize(
    ("text", "path", "value"),
    [
        # the action writes the first keys of the mapping under `labels:`
        ('metadata:\n  labels: {{- include "x.labels" . | nindent 4 }}\n    tier: web\n',
         ("metadata", "labels", "tier"), "web"),
        # ... or of a sequence entry
        ("spread:\n  - {{ toYaml $c | nindent 4 | trim }}\n    {{- if .x }}\n    topologyKey: zone\n"
         "    {{- end }}\n", ("spread", 0, "topologyKey"), "zone"),
        # ... or the lines of a block scalar
        ('data:\n  config: |- {{- include "x.config" . | nindent 4 }}\nkind: ConfigMap\n', ("kind",), "ConfigMap"),
        # one branch of an inline if/else is kept (the leading action stays part of the key)
        ("metadata:\n  name: x\n{{ if .Values.s -}} stringData: {{- else -}} data: {{- end }}\n  token: abc\n",
         ("{{ if .Values.s -}} stringData", "token"), "abc"),
        # a control action that leads its line keeps the line's indentation
        ("metadata:\n  annotations:\n    {{ if .r }}iam.amazonaws.com/role: {{ .r }}{{ end }}\n    team: web\n",
         ("metadata", "annotations", "team"), "web"),
        # a blanked action deeper than the block scalar's first line
        ("data:\n  config: |\n      {{- if .x }}\n    a: 1\n    {{- end }}\nkind: ConfigMap\n", ("kind",),
         "ConfigMap"),
    ],
)
def test_actions_that_write_yaml_structure(text: str, path: tuple[str | int, ...], value: str) -> None:
    source = SourceFile("t.yaml", text)
    (doc,) = compose(source)
    node = doc
    for key in path:
        node = node.value[key] if isinstance(key, int) else get(node, key)
    assert isinstance(node, ScalarNode) and node.value == value
    at = scalar_text(node, source).span(0, 1).start
    assert text[at : at + len(value)] == value


def test_template_scalars_read_as_written_at_their_offsets() -> None:
    text = ('{{- if .Values.on }}\napiVersion: v1\nkind: Secret\nmetadata:\n'
            '  name: {{ include "c.fullname" . }}-pull\n'
            'data:\n  token: "{{ .Values.token | b64enc }}"\n  {{- range $k, $v := .Values.extra }}\n'
            "  {{ $k }}: {{ $v | quote }}\n  {{- end }}\n{{- end }}\n")
    source = SourceFile("t.yaml", text)
    (doc,) = compose(source)
    name = get(get(doc, "metadata"), "name")
    token = get(get(doc, "data"), "token")
    assert name is not None and name.value == '{{ include "c.fullname" . }}-pull'
    assert isinstance(token, ScalarNode) and token.value == "{{ .Values.token | b64enc }}"
    at = scalar_text(token, source).span(0, 1).start
    assert source.position(at) == (7, 11)
    keys = [k.value for k, _ in get(doc, "data").value]  # type: ignore[union-attr]
    assert keys == ["token", "{{ $k }}"]


@pytest.mark.parametrize(("scalar", "value"), [
    ('"\\x41{{ .a }}x\\x78"', "A{{ .a }}xx"),  # escapes (one run each) around an action
    ("'it''s {{ .a }}'", "it's {{ .a }}"),  # a doubled quote before one
    ('"{{ .a }}\\\n    {{ .b }}"', "{{ .a }}{{ .b }}"),  # an escaped line break between two
    ("x{{ .a }}\n  {{ .b }}x", "x{{ .a }} {{ .b }}x"),  # a plain scalar folded over two lines
    ("|\n    {{ .a }} xx\n    y {{ .b }}\n", "{{ .a }} xx\ny {{ .b }}\n"),  # a block scalar
])
def test_each_masked_action_reads_as_written_in_any_scalar_style(scalar: str, value: str) -> None:
    """A scalar's masked characters take the file's text back, and only those (an `x` the file
    wrote, as such or as an escape, stays)."""
    text = "a: {{ .top }}\nk: " + scalar + "\n"
    (doc,) = compose(SourceFile("t.yaml", text))
    node = get(doc, "k")
    assert isinstance(node, ScalarNode) and node.value == value


# --------------------------------------------------------------------------- checks on templates

DEPLOY = """\
{{- if .Values.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "app.fullname" . }}
  labels:
    {{- include "app.labels" . | nindent 4 }}
spec:
  template:
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: app
          image: "dcr.example.com/team/{{ .Values.image.name }}:{{ .Values.image.tag }}"
          env:
            - name: DB_PASSWORD
              value: {{ .Values.db.password | quote }}
            - name: API_TOKEN
              value: Zq8vL2mN4pR7tX1w
        - name: side
          image: dcr.example.com/team/side:1.0
{{- end }}
"""

REGISTRY_SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-pull
type: kubernetes.io/dockerconfigjson
stringData:
  .dockerconfigjson: '{"auths":{"dcr.example.com":{"username":"ci","password":"Zq8vL2mN4pR7tX1w"}}}'
---
apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-templated
type: kubernetes.io/dockerconfigjson
data:
  .dockerconfigjson: {{ template "app.dockerconfig" . }}
"""


def test_literal_in_template_is_found_at_its_place(tmp_path: Path) -> None:
    results, notes = scan(tmp_path, {"chart/templates/deploy.yaml": DEPLOY},
                          options={"registries.private": ("dcr.example.com",)})
    # DB_PASSWORD is an action (a placeholder); the pull secrets come from the chart's values,
    # so the private image is not DCR020.
    assert brief(results) == [("chart/templates/deploy.yaml", 22, 22, "DCR023")]
    assert notes == []


def test_registry_secret_in_template(tmp_path: Path) -> None:
    results, notes = scan(tmp_path, {"chart/templates/secret.yaml": REGISTRY_SECRET})
    assert brief(results) == [("chart/templates/secret.yaml", 7, 3, "DCR022")]
    assert notes == []


def test_pod_spec_without_template_actions_still_needs_pull_secrets(tmp_path: Path) -> None:
    text = DEPLOY.replace("      {{- with .Values.imagePullSecrets }}\n      imagePullSecrets:\n"
                          "        {{- toYaml . | nindent 8 }}\n      {{- end }}\n", "")
    results, _ = scan(tmp_path, {"chart/templates/deploy.yaml": text},
                      options={"registries.private": ("dcr.example.com",)})
    assert ("chart/templates/deploy.yaml", 20, 18, "DCR020") in brief(results)


def test_unreadable_templates_are_one_note(tmp_path: Path) -> None:
    broken = "apiVersion: v1\nkind: ConfigMap\ndata: {{ .x }}\n  b: [\n"
    _, notes = scan(tmp_path, {"chart/templates/a.yaml": broken, "chart/templates/b.yaml": broken,
                               "chart/templates/c.yaml": "apiVersion: v1\nkind: ConfigMap\nx: {{ .y\n"})
    assert len(notes) == 3 and all(n.level == "note" for n in notes)
    folded = fold_template_notes([*notes, Notification("other.yaml", "found undefined alias")])
    assert [n.message for n in folded if n.message.startswith(TEMPLATE_UNREADABLE)] == [
        f"{TEMPLATE_UNREADABLE} in 3 files (here at line 5; also chart/templates/b.yaml, "
        "chart/templates/c.yaml); their text is still scanned for known secret formats and URLs"
    ]
    assert len(folded) == 2


def test_cli_reports_one_note_for_unreadable_templates(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("a", "b"):
        (tmp_path / "templates").mkdir(exist_ok=True)
        (tmp_path / "templates" / f"{name}.yaml").write_text("apiVersion: v1\nkind: Pod\nspec: {{ .x }}\n  b: [\n")
    run = lint(".", "--format", "json")
    notes = run.json()["notifications"]
    assert len(notes) == 1 and notes[0]["level"] == "note"


def test_action_after_the_last_container_may_add_pull_secrets(tmp_path: Path) -> None:
    text = DEPLOY.replace("      {{- with .Values.imagePullSecrets }}\n      imagePullSecrets:\n"
                          "        {{- toYaml . | nindent 8 }}\n      {{- end }}\n", "")
    text = text.replace("{{- end }}\n", '      {{- include "app.podExtras" . | nindent 6 }}\n{{- end }}\n')
    results, _ = scan(tmp_path, {"chart/templates/deploy.yaml": text},
                      options={"registries.private": ("dcr.example.com",)})
    assert [r.rule_id for r in results] == ["DCR023"]


GH_TOKEN = "ghp_" + "Dcr4q8Zt3v9LkP2mW7xR4nB6yH1cF5gJ0sDaQw"
HELPERS = """\
{{/*
Chart name.
*/}}
{{- define "app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "app.labels" -}}
app.kubernetes.io/name: {{ include "app.name" . }}
  {{- if .Values.team }}
team: {{ .Values.team }}
  {{- end }}
{{- end }}

{{- define "app.defaultCredentials" }}
    username: admin
    apiToken: GH_TOKEN
{{- end }}
""".replace("GH_TOKEN", GH_TOKEN)


def test_helpers_are_read_define_by_define(tmp_path: Path) -> None:
    results, notes = scan(tmp_path, {"chart/templates/_helpers.tpl": HELPERS}, rules=frozenset({"DCR051"}))
    assert brief(results) == [("chart/templates/_helpers.tpl", 17, 15, "DCR051")]
    assert notes == []
    docs = compose(SourceFile("t.tpl", HELPERS))
    assert [k.value for d in docs for k, _ in d.value] == ["app.kubernetes.io/name", "team", "username", "apiToken"]


def test_flags_and_role_names_in_env_are_not_secrets(tmp_path: Path) -> None:
    text = DEPLOY.replace("value: Zq8vL2mN4pR7tX1w", 'value: "yes"').replace("API_TOKEN", "ALLOW_EMPTY_PASSWORD")
    text = text.replace("            - name: DB_PASSWORD", "            - name: GF_AUTH_ANONYMOUS_ORG_ROLE\n"
                        "              value: Viewer\n            - name: DB_PASSWORD")
    results, _ = scan(tmp_path, {"chart/templates/deploy.yaml": text})
    assert results == []


def test_an_install_override_values_file_is_told_apart_from_chart_defaults(tmp_path: Path) -> None:
    """A values file with a Chart.yaml beside it is the chart's defaults (every installation not
    overriding gets the value); one with none is an install's override (`helm install -f`): its
    value is what is deployed, and the message says that instead (held-out s14, 3)."""
    values = "auth:\n  adminPassword: Pv3-meadow-81-Lqt\n"
    results, notes = engine_scan(tmp_path, {"charts/app/Chart.yaml": "name: app\nversion: 0.1.0\n",
                                            "charts/app/values.yaml": values, "deploy/app/values.yaml": values},
                                 rules=frozenset({"DCR023"}))
    assert [(r.path, r.start.line, r.start.column) for r in results] == [
        ("charts/app/values.yaml", 2, 18), ("deploy/app/values.yaml", 2, 18)]
    assert "every installation that does not override it" in results[0].message
    assert "what the release is installed with (no Chart.yaml beside it)" in results[1].message
    assert notes == []

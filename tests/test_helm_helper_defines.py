"""A chart's helper templates (`{{ define "x" }}` in `templates/_helpers.tpl`) are read as what
they render where a template includes them, as the chart's templates are: a manifest a define
renders is a manifest (its Secret's data), a body that is one JSON object is a value whole (a
docker config with an inline `auth`), a body that is one word is a value named by its template
(`<chart>.dbPassword`). A body made from the chart's values (`{{ .Values.x }}`) is a reference."""

from __future__ import annotations

import base64
from pathlib import Path

from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify

_RULES = frozenset({"DCR022", "DCR023", "DCR030", "DCR051"})
PW = "Vb3-kelpRun-64"  # a made-up password
AUTH = base64.b64encode(b"kelpbot:Jn8-kelpPull-27").decode()

HELPERS = f"""\
    {{{{/* kelp helpers */}}}}
    {{{{- define "kelp.fullname" -}}}}
    {{{{ .Release.Name }}}}-kelp
    {{{{- end -}}}}

    {{{{- define "kelp.registryAuth" -}}}}
    {{"auths":{{"images.kelp.invalid":{{"auth":"{AUTH}"}}}}}}
    {{{{- end -}}}}

    {{{{- define "kelp.dbPassword" -}}}}
    {PW}
    {{{{- end -}}}}

    {{{{- define "kelp.cacheSecret" -}}}}
    apiVersion: v1
    kind: Secret
    metadata:
      name: kelp-cache
    stringData:
      password: Qs4-kelpCache-19
    {{{{- end -}}}}

    {{{{- define "kelp.fromValues" -}}}}
    {{"auths":{{"{{{{ .Values.registry }}}}":{{"auth":"{{{{ .Values.auth }}}}"}}}}}}
    {{{{- end -}}}}

    {{{{- define "kelp.valuesPassword" -}}}}
    {{{{ .Values.db.password }}}}
    {{{{- end -}}}}

    {{{{- define "kelp.labels" -}}}}
    app.kubernetes.io/name: kelp
    {{{{- end -}}}}
    """


def test_helper_bodies_read_as_what_they_render(tmp_path: Path) -> None:
    chart = {"kelp/Chart.yaml": "apiVersion: v2\nname: kelp\nversion: 0.1.0\n",
             "kelp/templates/_helpers.tpl": HELPERS}
    results, _ = engine_scan(tmp_path, chart, rules=_RULES)
    assert brief(results) == [("kelp/templates/_helpers.tpl", 7, 35, "DCR030"),
                              ("kelp/templates/_helpers.tpl", 11, 1, "DCR023"),
                              ("kelp/templates/_helpers.tpl", 20, 13, "DCR023")]
    messages = " ".join(r.message for r in results)
    assert PW not in messages and AUTH not in messages
    assert 'template "kelp.dbPassword"' in messages


def test_helpers_only_of_values_are_silent(tmp_path: Path) -> None:
    helpers = """\
        {{- define "kelp.pullSecret" -}}
        {{- printf "{\\"auths\\":{\\"%s\\":{\\"auth\\":\\"%s\\"}}}" .Values.registry (printf "%s:%s" .Values.user .Values.password | b64enc) | b64enc }}
        {{- end -}}
        {{- define "kelp.password" -}}
        {{ .Values.password | default "changeme" }}
        {{- end -}}
        """
    results, _ = engine_scan(tmp_path, {"kelp/templates/_helpers.tpl": helpers}, rules=_RULES)
    assert brief(results) == []


def test_what_a_helper_file_is() -> None:
    assert classify("c/templates/_helpers.tpl", '{{- define "c.name" -}}\nc\n{{- end }}\n') is FileKind.KUBERNETES
    # a text a Terraform module renders from its templates folder: no define, no chart helper
    assert classify("m/templates/inventory.tpl", "[web]\n${host}\n") is not FileKind.KUBERNETES

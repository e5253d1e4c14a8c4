"""Fixes R86: a Go template action falling back to a quoted word (`{{ .Values.db.password | default
"word" | quote }}`, `{{ default "word" .Values.x }}`, Helmfile's `{{ env "X" | default "word" }}`)
gives that word to every install (every `helmfile apply`) that does not set the value: a literal
written in the file, read as any literal is, as `${X:-word}`'s default (references.template_default).
Reported at the word (DCR023) in a chart template's Secret data and container env, in Helm values
Helmfile renders and in a Helmfile's release values. A default made by a function
(`randAlphaNum`), a placeholder word, an action with no default stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.references import template_default

PW = "Rv6mKq2Lw9Tz"  # a made-up password


@pytest.mark.parametrize(("text", "word"), [
    ('{{ .Values.db.password | default "w1" | quote }}', "w1"),
    ('{{ default "w2" .Values.db.token | quote }}', "w2"),
    ('{{- .Values.x | trim | default "w3" | b64enc -}}', "w3"),
    ('{{ env "DB_PASSWORD" | default "w4" }}', "w4"),
    ("{{ default `w5` .Values.t }}", "w5"),
    ('{{ .Values.x | default (randAlphaNum 16) | quote }}', None),
    ('{{ required "set it" .Values.x }}', None),
    ('{{ .Values.a | default "w6" }}-{{ .Values.b }}', None),  # (two actions: a value built of both)
    ('{{ .Values.x }}', None),
])
def test_the_word_a_template_falls_back_to(text: str, word: str | None) -> None:
    found = template_default(text)
    assert (None if found is None else text[found[0] : found[1]]) == word


def test_chart_template_defaults(tmp_path: Path) -> None:
    secret = f"""\
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{{{ .Release.Name }}}}-db
        type: Opaque
        stringData:
          password: {{{{ .Values.db.password | default "{PW}" | quote }}}}
          other: {{{{ .Values.db.other | default (randAlphaNum 16) | quote }}}}
          spare: {{{{ .Values.db.spare | default "changeme" | quote }}}}
        data:
          token: {{{{ default "{PW}t" .Values.db.token | b64enc | quote }}}}
        """
    deploy = f"""\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{{{ .Release.Name }}}}
        spec:
          template:
            spec:
              containers:
                - name: app
                  image: nginx:1.27
                  env:
                    - name: APP_SECRET
                      value: {{{{ .Values.app.secret | default "{PW}s" | quote }}}}
                    - name: APP_TOKEN
                      value: {{{{ .Values.app.token | quote }}}}
        """
    files = {"chart/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.1.0\n",
             "chart/values.yaml": "db:\n  host: db\n",
             "chart/templates/secret.yaml": secret, "chart/templates/deploy.yaml": deploy}
    results, _ = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("chart/templates/deploy.yaml", 13, 55, "DCR023"),
                              ("chart/templates/secret.yaml", 7, 47, "DCR023"),
                              ("chart/templates/secret.yaml", 11, 22, "DCR023")]
    assert all("(its template's default)" in r.message and PW not in r.message for r in results)


def test_helmfile_template_defaults(tmp_path: Path) -> None:
    state = f"""\
        releases:
          - name: shop
            chart: ./chart
            values:
              - releases/shop.yaml.gotmpl
              - db:
                  password: {{{{ env "DB_PASSWORD" | default "{PW}" }}}}
                  token: {{{{ requiredEnv "DB_TOKEN" }}}}
        """
    values = f"""\
        auth:
          adminPassword: '{{{{ env "ADMIN_PASSWORD" | default "{PW}a" }}}}'
          apiToken: '{{{{ env "API_TOKEN" | default "" }}}}'
        """
    results, _ = engine_scan(tmp_path, {"helmfile.yaml": state, "releases/shop.yaml.gotmpl": values},
                             rules=frozenset({"DCR023"}))
    assert brief(results) == [("helmfile.yaml", 7, 53, "DCR023"), ("releases/shop.yaml.gotmpl", 2, 54, "DCR023")]

"""A name's last word says what it holds: where a token is made (`token_locality: global`, as
location says), a router's rule or entry point (`traefik.http.routers.<name-with-auth>.rule`: the
secret word is in the router's name) hold no credential. And a YAML problem in an Ansible file is
the file's own: Ansible parses the YAML before it renders its Jinja `{{ }}`, so a tasks file no
parser reads, masked or not, is one Ansible refuses too: a warning, not a Go template's note."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PW = "Hq5wRt8zLm2K"  # a made-up password


def test_settings_named_for_where_and_how(tmp_path: Path) -> None:
    main = f"""\
        resource "nomad_acl_auth_method" "sso" {{
          name           = "sso"
          token_locality = "global"
          client_secret  = "{PW}"
        }}
        """
    values = f"""\
        app:
          podLabels:
            traefik.http.routers.app-auth-web.entrypoints: websecure
            traefik.http.routers.app-auth-web.rule: Host(`auth.example.org`)
          auth:
            password_rule: lower-upper-digit
            password: "{PW}"
        """
    results, _ = engine_scan(tmp_path, {"infra/main.tf": main, "deploy/app-values.yaml": values},
                             rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/app-values.yaml", 7, 16, "DCR023"), ("infra/main.tf", 4, 21, "DCR023")]


def test_an_ansible_file_no_parser_reads(tmp_path: Path) -> None:
    tasks = """\
        - name: make the app's folder
          ansible.builtin.file:
            path: "{{ app_home }}"
            state: directory

        - name: add the user to its groups: all of them
          ansible.builtin.user:
            name: "{{ app_user }}"
        """
    chart = """\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {{ .Release.Name }}
        data:
          {{- range .Values.items }}
          {{ . }}: x: y
          {{- end }}
        """
    _, notes = engine_scan(tmp_path, {"roles/app/tasks/main.yml": tasks, "chart/templates/cm.yaml": chart,
                                      "chart/Chart.yaml": "name: c\n"}, rules=frozenset({"DCR023"}))
    got = {n.path: (n.level, n.message) for n in notes}
    level, message = got["roles/app/tasks/main.yml"]
    assert level == "warning" and message.startswith("not YAML (") and "Ansible parses" in message
    assert got["chart/templates/cm.yaml"][0] == "note"  # a chart's template: its actions may be the cause


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


def test_a_configmaps_yaml_file(tmp_path: Path) -> None:
    # the YAML file a ConfigMap mounts holds its settings as plainly as a key's value
    cm = f"""\
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: portal
        data:
          settings.yaml: |-
            listen: 0.0.0.0:8080
            clients:
              - id: portal
                client_secret: {PW}
                issuer: https://sso.example.org
            db:
              password: ${{DB_PASSWORD}}
              passwordFile: /run/secrets/db
          notes.txt: |
            client_secret: not read here
        """
    results, _ = engine_scan(tmp_path, {"deploy/cm.yaml": cm}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/cm.yaml", 10, 24, "DCR023")]
    assert results[0].message.startswith("ConfigMap portal settings.yaml: clients.0.client_secret is a literal secret")


def test_powershell_escaped_dollar_names_a_variable(tmp_path: Path) -> None:
    # as R83's `$env:X`: a backtick escapes any `$` in an expandable string; a doubled one is a backtick
    script = """\
        $RegToken = $env:REG_TOKEN
        if (-not $RegToken) { Write-Host "`$RegToken is empty, skipping the pull" }
        Write-Host "token: $RegToken"
        Write-Host "``$RegToken"
        """
    results, _ = engine_scan(tmp_path, {"tools/pull.ps1": script}, rules=frozenset({"DCR003"}))
    assert brief(results) == [("tools/pull.ps1", 3, 1, "DCR003"), ("tools/pull.ps1", 4, 1, "DCR003")]

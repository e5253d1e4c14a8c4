"""Helm values: a literal block that is itself YAML in a map of configuration scripts (a Jenkins
chart's `JCasC.configScripts.<name>`) is read for literal secrets at their places in the file, as
one under a key named for configuration is (`dex.config: |`). A block that
is a script, a template, a properties file, under a key naming no configuration, or whose secret
is a reference, gives nothing."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PW = "Xq7pL2vR9sKd84Tz"  # a made-up password

VALUES = f"""\
controller:
  JCasC:
    configScripts:
      credentials: |
        credentials:
          system:
            domainCredentials:
              - credentials:
                  - usernamePassword:
                      id: registry
                      username: ci
                      password: "{PW}2"
  other: |
    token: {PW}3
  config.yaml: |
    clientSecret: $CLIENT_SECRET
    password: "{{{{ .Values.password }}}}"
  init.config: |
    echo "password: {PW}4" > /tmp/x
  properties.config: |
    db.password={PW}5
"""


def test_embedded_yaml_secrets_where_written(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": VALUES}, dedent=False, rules=frozenset({"DCR023"}))
    assert notes == []
    assert brief(results) == [("chart/values.yaml", 12, 34, "DCR023")]
    assert "controller.JCasC.configScripts.credentials: credentials.system" in results[0].message
    assert all(PW not in r.message for r in results)


EMBEDDED = """\
configs:
  cm:
    dex.config: |
      connectors:
        - type: oidc
          id: sso
          config:
            issuer: https://sso.example.org
            clientID: argocd
            clientSecret: 5f8e2c1a9b7d4e6f0a3c8b2d1e9f7a6c5b4d3e2f
            clientSecretEnv: $DEX_SECRET
    oidc.config: |
      name: Okta
      clientSecret: $oidc.okta.clientSecret
      cliClientSecret: <client-secret>
  params:
    script.yaml: |
      #!/bin/sh
      echo "password: $TOKEN"
    startup: |
      password: Zq81xLm4Tr9Kp2Wv
    config: |
      password: {{ .Values.password }}
app:
  config.yaml: |
    db: {user: app, password: "Pv3-meadow-81-Lqt"}
"""


def test_a_yaml_configuration_in_a_values_block_is_read(tmp_path: Path) -> None:
    """A literal block under a key whose last word says it is a configuration (`dex.config`,
    `config.yaml`) is a YAML file the chart writes out: its secret-named keys are read as the
    values' own, at their lines inside the block (also a flow mapping there). A block that is a
    script, one under another key, a reference (`$oidc...`), a stand-in or a template stay silent."""
    results, notes = engine_scan(tmp_path, {"deploy/argocd/values.yaml": EMBEDDED}, rules=frozenset({"DCR023"}))
    assert [(line, col) for _, line, col, _ in brief(results)] == [(10, 27), (26, 32)]
    assert [r.message.split(" is ")[0] for r in results] == [
        "Helm values: configs.cm.dex.config: connectors.0.config.clientSecret",
        "Helm values: app.config.yaml: db.password"]
    assert notes == []

"""Helm values: a literal block that is itself YAML in a map of configuration scripts (a Jenkins
chart's `JCasC.configScripts.<name>`) is read for literal secrets at their places in the file, as
one under a key named for configuration is (`dex.config: |`: test_trust_infra_s14). A block that
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

"""Values reviewers called false (or missed) on unread charts and platform repositories
(session 12), each with the near misses that must keep reporting.

- a hierarchical setting name (`Section__Sub__Key`, .NET's environment form, also pydantic's and
  Airflow's): its last section is the setting (`ApiKeyAuth__Clients__0__Controller` holds a
  controller's name); the sections decide where the last one is an index, `Key`/`Value`, or an
  entry of a section of secrets (`Passwords__Admin`);
- a password written the same as the user name beside it is reported (a chart default every
  installation runs with; the measurer found such pairs working credentials of public hosts;
  session 16's B10 silenced it, session 17 restored it), in any mapping and any case;
- a here-document writing another program's JSON settings (`{"WebConsole": {"password": ...}}`)
  is no legacy docker config: that layout's keys are registries;
- the access key of an access-key pair (`accesskey` beside `secretkey`, MINIO_ACCESS_KEY beside
  MINIO_SECRET_KEY: the same words before them) is who signs (S3's key id, MinIO's user), not a
  secret (Argo's and MinIO's quick-start Secrets); alone, or beside another system's secret key,
  it is reported (a storage account's key);
- a value starting with `/` is a path only without a character no path holds (`;`, `!`, `|` ...):
  `/;q1.kw8` is a password (missed)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from conftest import K8S_RULES, brief, engine_scan

from dcrlint.notsecret import not_a_secret
from dcrlint.secretnames import is_secret_name

scan = partial(engine_scan, dedent=False)

DOTNET_ENV = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: routes
spec:
  template:
    spec:
      containers:
      - name: api
        image: registry.corp.example/routes:1
        env:
        - name: ApiKeyAuth__Clients__0__Controller
          value: "Reports"
        - name: ApiKeyAuth__Enabled
          value: "true"
        - name: ApiKeyAuth__Clients__0__Key
          value: "Zq8xK2mW9pL4vBn3"
        - name: Smtp__Password
          value: "Hq4zT9Lm2xQw"
        - name: Passwords__Admin
          value: "Rt5yU8iO1pAs"
"""


def test_the_last_section_of_a_hierarchical_name_is_the_setting(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"deploy.yaml": DOTNET_ENV}, rules=K8S_RULES)
    assert brief(results) == [("deploy.yaml", 17, 19, "DCR023"),
                              ("deploy.yaml", 19, 19, "DCR023"),
                              ("deploy.yaml", 21, 19, "DCR023")]


@pytest.mark.parametrize(("name", "secret"), [
    ("ApiKeyAuth__Clients__0__Controller", False), ("ApiKey__Enabled", False), ("Auth__Token__Issuer", False),
    ("AIRFLOW__SECRETS__BACKEND", False),
    ("ApiKeyAuth__Clients__0__Key", True), ("ApiKey__Value", True), ("ApiKeys__0", True),
    ("Passwords__Admin", True), ("Tokens__Github", True), ("Jwt__Secret", True), ("Redis__Pass", True),
    ("Authentication__Google__ClientSecret", True), ("AIRFLOW__WEBSERVER__SECRET_KEY", True), ("__TOKEN__", True),
    # which one of a secret its section names (guard R31): singular sections too
    ("Auth__Token__Default", True), ("ApiKey__Primary", True), ("Password__Admin", True), ("Secret__Github", True),
    ("ClientSecret__Prod", True), ("Password__File", False), ("Token__Url", False),
])
def test_hierarchical_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


CHART_VALUES = """\
cassandra:
  credentials:
    user: cassandra
    password: cassandra
    jmxUser: cassandra
    jmxPassword: Cassandra
  other:
    password: cassandra
admin_user: radar
admin_password: radar
reader_password: radar2x
"""

SECRETS = """\
apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
data:
  username: cG9zdGdyZXM=
  password: cG9zdGdyZXM=
---
apiVersion: v1
kind: Secret
metadata:
  name: db2
stringData:
  user: admin
  password: admin
  token: Zq8xK2mW9pL4
---
apiVersion: v1
kind: Secret
metadata:
  name: db3
stringData:
  user: admin
  password: Admin
"""


def test_a_password_that_is_the_user_name_beside_it_is_reported(tmp_path: Path) -> None:
    """The pairs in one mapping (chart values, a Secret's data decoded) are reported as the word in
    another mapping (`other.password`), in another case (`Cassandra`, `Admin`), a token beside the
    pair and another password are."""
    results, _ = scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                 "chart/values.yaml": CHART_VALUES, "secrets.yaml": SECRETS}, rules=K8S_RULES)
    values, secrets = "chart/values.yaml", "secrets.yaml"
    assert brief(results) == [(values, 4, 15, "DCR023"), (values, 6, 18, "DCR023"), (values, 8, 15, "DCR023"),
                              (values, 10, 17, "DCR023"), (values, 11, 18, "DCR023"), (secrets, 8, 13, "DCR023"),
                              (secrets, 16, 13, "DCR023"), (secrets, 17, 10, "DCR023"), (secrets, 25, 13, "DCR023")]


SETUP = """\
#!/bin/bash
cat > "$HOME/.jupyter/jupyter_notebook_config.json" << EOF
{
  "WebConsole": {
    "password": "Zq8xK2mW9pL4vB"
  }
}
EOF
cat > "$HOME/.dockercfg" << EOF
{
  "registry.corp.example": {
    "password": "Zq8xK2mW9pL4vB"
  }
}
EOF
cat > "$HOME/.dockercfg" << EOF
{
  "localhost": {
    "password": "Zq8xK2mW9pL4vB"
  }
}
EOF
"""


def test_another_programs_settings_are_no_legacy_docker_config(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"setup.sh": SETUP}, rules=frozenset({"DCR030"}))
    assert brief(results) == [("setup.sh", 12, 6, "DCR030"),
                              ("setup.sh", 19, 6, "DCR030")]


COMPOSE = """\
services:
  db:
    image: mysql:8
    environment:
      - "MYSQL_ROOT_PASSWORD=/;q1.kw8"
      - "MYSQL_PASSWORD=/run/secrets/db"
      - MYSQL_USER=app
"""


def test_a_value_led_by_a_slash_is_a_path_only_as_paths_are_written(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"docker-compose.yml": COMPOSE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("docker-compose.yml", 5, 30, "DCR023")]
    assert [not_a_secret(v) for v in ("/var/log/*.log", "/a/b?x=1&y=2", "@/run/secrets/x", "/x!y")] \
        == ["a path", "a path", "a path", None]


ACCESS_PAIRS = """\
apiVersion: v1
kind: Secret
metadata:
  name: minio-creds
stringData:
  accesskey: ci-user
  secretkey: Zq8xK2mW9pL4vBn3
---
apiVersion: v1
kind: Secret
metadata:
  name: storage
stringData:
  accesskey: Hq4zT9Lm2xQwRt5y
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: minio
spec:
  template:
    spec:
      containers:
      - name: minio
        image: minio/minio
        env:
        - name: MINIO_ACCESS_KEY
          value: admin
        - name: MINIO_SECRET_KEY
          value: Rt5yU8iO1pAsDf3g
        - name: AZURE_STORAGE_ACCESS_KEY
          value: Hq4zT9Lm2xQwRt5y
"""


def test_the_access_key_of_an_access_key_pair_is_who_signs(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"m.yaml": ACCESS_PAIRS, "chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                 "chart/values.yaml": "s3:\n  accessKey: reader\n  secretKey: Zq8xK2mW9pL4vBn3\n"
                                                      "other:\n  accessKey: Zq8xK2mW9pL4vBn4\n"}, rules=K8S_RULES)
    assert brief(results) == [("chart/values.yaml", 3, 14, "DCR023"), ("chart/values.yaml", 5, 14, "DCR023"),
                              ("m.yaml", 7, 14, "DCR023"), ("m.yaml", 14, 14, "DCR023"),
                              ("m.yaml", 30, 18, "DCR023"), ("m.yaml", 32, 18, "DCR023")]


NUMERONYM = """\
apiVersion: v1
kind: Secret
metadata:
  name: app-config
stringData:
  ERROR_REPORTING__ENVIRONMENT: k8s
  DEPLOY_ENVIRONMENT: k8sX2
  NOTE: k8s
  SMTP__PASSWORD: k8s
"""


def test_a_numeronym_under_a_setting_key_is_that_setting(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"s.yaml": NUMERONYM}, rules=K8S_RULES)
    # another shape under a setting key, a key naming no setting, a secret-named key: reported
    assert brief(results) == [("s.yaml", 7, 23, "DCR023"), ("s.yaml", 8, 9, "DCR023"), ("s.yaml", 9, 19, "DCR023")]


TF_TEMPLATE = """\
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: app
spec:
  namespaceSelector:
    matchNames: [${namespace}]
  endpoints:
  - port: http
    params:
      target: ["${join(",", targets)}"]
settings:
  password: "${db_password}"
  ${indent(2, yamlencode(extra))}
  url: https://admin:Zq8xK2mW9pL4@db.corp.example/x
"""


@pytest.mark.parametrize(("name", "notes"), [("templates/monitor.yaml.tpl", 0), ("templates/monitor.yml.tpl", 0),
                                             ("templates/monitor.yaml", 1)])
def test_a_template_renders_its_interpolations_before_yaml_reads_it(tmp_path: Path, name: str, notes: int) -> None:
    results, notifications = scan(tmp_path, {name: TF_TEMPLATE}, rules=frozenset({"DCR050", "DCR023", "DCR051"}))
    assert brief(results) == [(name, 15, 22, "DCR050")]  # the text is read either way
    assert len(notifications) == notes  # a file not named as a template: its YAML error is told


@pytest.mark.parametrize(("name", "secret"), [
    ("AUTH_SUPPORTED_SCOPES", False), ("OAUTH_SCOPES", False), ("TOKEN_AUDIENCES", False), ("PASSWORD_POLICIES", False),
    ("AUTH_TOKEN", True), ("OAUTH_CLIENT_SECRET", True), ("SCOPES_TOKEN", True),
])
def test_a_list_of_what_of_a_secret_is_no_secret(name: str, secret: bool) -> None:
    # (a chart's env `AUTH_SUPPORTED_SCOPES: openid profile email ...` was a literal secret)
    assert is_secret_name(name) is secret


REDEFINED_ANCHOR = """\
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: app
spec:
  values:
    probes: &probe
      path: /healthz
    liveness: *probe
    auth: &probe
      adminPassword: Zq8xK2mW9pL4vBn3
    readiness: *probe
"""


def test_an_anchor_defined_again_names_what_follows(tmp_path: Path) -> None:
    # YAML 1.2 (and Flux's, kubectl's readers): the alias names the nearest anchor before it
    results, notes = scan(tmp_path, {"hr.yaml": REDEFINED_ANCHOR}, rules=K8S_RULES)
    assert (brief(results), notes) == ([("hr.yaml", 11, 22, "DCR023")], [])
    results, notes = scan(tmp_path, {"bad.yaml": REDEFINED_ANCHOR.replace("readiness: *probe", "readiness: *nothing")},
                          rules=K8S_RULES)
    assert [n.message for n in notes if "bad.yaml" in n.path] == ["found undefined alias"]  # still told


KEY_NAMES = """\
s3:
  existingSecret: s3-credentials
  secretKeys:
    s3AccessKey: S3_PASSWORD
    s3SecretKey: s3Password
smtp:
  password: HUNTER_22
  token: Zq8xK2mW9pL4vBn3
"""


def test_a_secret_name_in_upper_case_snake_written_as_a_value_names_a_key(tmp_path: Path) -> None:
    # (`secretKeys:` beside `existingSecret:` names the keys of a Secret kept elsewhere)
    results, _ = scan(tmp_path, {"chart/Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n",
                                 "chart/values.yaml": KEY_NAMES}, rules=K8S_RULES)
    assert brief(results) == [("chart/values.yaml", 7, 13, "DCR023"), ("chart/values.yaml", 8, 10, "DCR023")]
    assert [not_a_secret(v) for v in ("S3_PASSWORD", "DB_PASS", "S3_USER", "X_PASSWORD1")] \
        == ["a placeholder", "a placeholder", None, None]


STAND_INS = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sandbox
spec:
  template:
    spec:
      containers:
      - name: agent
        image: registry.corp.example/agent:1
        env:
        - { name: GH_TOKEN, value: "replaced_by_sidecar_proxy" }
        - { name: API_TOKEN, value: "injected-at-runtime" }
        - { name: REPORTS_AUTH, value: "Basic <base64-credentials>" }
        - { name: UPSTREAM_AUTH, value: "Basic Zq8xK2mW9pL4vB" }
        - { name: CI_TOKEN, value: "replacedZq8xK2mW9" }
"""


def test_a_value_saying_what_puts_the_secret_there_is_a_stand_in(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"d.yaml": STAND_INS}, rules=K8S_RULES)
    # a scheme before a literal, a word run into random text: reported
    assert brief(results) == [("d.yaml", 15, 42, "DCR023"), ("d.yaml", 16, 37, "DCR023")]


STORE_REFERENCES = """\
apiVersion: v1
kind: Secret
metadata:
  name: connect
data:
  credentials.json: ref+op://ops/connect/CREDENTIALS_JSON
  token: ref+vault://secret/data/connect#/token
  other: op://ops/connect/password
  broken: ref-op-not-base64!
stringData:
  password: op://admin:Zq8xK2mW9pL4@vault.corp.example
"""


def test_a_secret_stores_reference_is_no_value(tmp_path: Path) -> None:
    # vals' `ref+<backend>://` and 1Password's `op://` are resolved before the Secret is applied
    results, notes = scan(tmp_path, {"s.yaml": STORE_REFERENCES}, rules=K8S_RULES | {"DCR050"})
    assert [(n.line, n.message) for n in notes] == [(9, "Secret connect: data.broken value is not base64; not checked")]
    assert brief(results) == [("s.yaml", 11, 24, "DCR050")]  # a URL with a password stays one

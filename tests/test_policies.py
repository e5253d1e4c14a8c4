"""User policies (docs/policies/README.md): loading and validation, the path language,
conditions, the five shipped examples (positive and negative fixtures), and integration with
rules, explain, SARIF, suppressions and the baseline."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import write

from dcrlint.config import ConfigError, Settings
from dcrlint.policies import compile_path, load_policies, parse_image
from dcrlint.ruleset import load_rules

POLICIES = Path(__file__).resolve().parent.parent / "docs" / "policies"
CONTEXT_FILES = {"kubernetes": "k8s.yaml", "github-workflow": ".github/workflows/ci.yml",
                 "gitlab-ci": ".gitlab-ci.yml"}

HEAD = """id: {id}
name: {name}
level: warning
security-severity: 3.0
short-description: A test policy.
"""


def policy(tmp_path: Path, body: str, id: str = "ACME100", name: str = "test-policy",
           folder: str = "policies", file: str = "p.yaml") -> str:
    write(tmp_path, f"{folder}/{file}", HEAD.format(id=id, name=name) + textwrap.dedent(body))
    return folder


def findings(lint, *args: str) -> list[dict]:  # type: ignore[no-untyped-def]
    r = lint("--format", "json", *args)
    assert r.code in (0, 1), r.err
    return r.json()["findings"]


def at(f: dict) -> tuple[str, int, int]:
    return f["rule"], f["start"]["line"], f["start"]["column"]


# --------------------------------------------------------------------------- shipped examples

def _examples() -> list[tuple[str, str, str, str]]:
    out = []
    for path in sorted(POLICIES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for ex in data["examples"]:
            out.append((data["id"], ex["context"], ex["bad"], ex["good"]))
    return out


def test_five_examples_ship() -> None:
    ids = sorted(p.id for p in load_policies((str(POLICIES),)))
    assert ids == ["ACME001", "ACME002", "ACME003", "ACME004", "ACME005"]
    assert (POLICIES / "README.md").is_file()


@pytest.mark.parametrize(("rule", "context", "bad", "good"), _examples(), ids=lambda v: str(v)[:12])
def test_example_bad_and_good(lint, tmp_path: Path, rule: str, context: str, bad: str, good: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, f"bad/{CONTEXT_FILES[context]}", bad)
    write(tmp_path, f"good/{CONTEXT_FILES[context]}", good)
    got = findings(lint, "--rules-dir", str(POLICIES), "--select", rule, ".")
    assert {f["path"].split("/")[0] for f in got} == {"bad"}
    assert all(f["rule"] == rule for f in got) and got


PROD_BAD = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: dcr.nexqloud.io/team/init:1.0
      containers:
        - name: web
          image: "ghcr.io/acme/web:2.0"
        - name: sidecar
          image: envoyproxy/envoy:v1.30
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly, namespace: prod}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: quay.io/acme/job:1
"""


def test_prod_registry_positive(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "deploy.yaml", PROD_BAD)
    got = findings(lint, "--rules-dir", str(POLICIES), "--select", "ACME001", ".")
    assert [at(f) for f in got] == [("ACME001", 14, 19), ("ACME001", 16, 18), ("ACME001", 28, 22)]
    assert got[0]["end"] == {"line": 14, "column": 39}  # inside the quotes, exactly the value
    assert got[0]["message"] == ("container image ghcr.io/acme/web:2.0 in namespace prod comes from "
                                 "ghcr.io, not dcr.nexqloud.io")
    assert "from docker.io" in got[1]["message"]


def test_prod_registry_negative(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "staging.yaml", PROD_BAD.replace("namespace: prod", "namespace: staging"))
    write(tmp_path, "prod/kustomization.yaml", "namespace: prod\nresources: [app.yaml]\n")
    write(tmp_path, "prod/app.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n"
          "  containers:\n    - name: a\n      image: dcr.nexqloud.io/a:1\n"
          "    - name: b\n      image: ${IMAGE}\n")
    assert findings(lint, "--rules-dir", str(POLICIES), "--select", "ACME001", ".") == []


def test_prod_namespace_from_kustomization(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "prod/kustomization.yaml", "namespace: prod\nresources: [app.yaml]\n")
    write(tmp_path, "prod/app.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n"
          "  containers:\n    - name: a\n      image: nginx\n")
    got = findings(lint, "--rules-dir", str(POLICIES), "--select", "ACME001", ".")
    assert [at(f) for f in got] == [("ACME001", 7, 14)]


def test_digest_positive_and_negative(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    digest = "sha256:" + "ab" * 32
    write(tmp_path, "pods.yaml", f"""\
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {{name: a}}
    spec:
      containers:
        - {{name: a, image: "dcr.nexqloud.io/a:1@{digest}"}}
        - {{name: b, image: nginx}}
        - {{name: c, image: "{{{{ .Values.image }}}}x"}}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {{name: not-a-workload}}
    data: {{image: "nginx:1"}}
""")
    got = findings(lint, "--rules-dir", str(POLICIES), "--select", "ACME002", ".")
    assert [at(f) for f in got] == [("ACME002", 10, 28)]
    assert got[0]["message"] == "image nginx is pulled by tag, not by digest"


LOGIN_WF = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/login-action@v3
      - uses: docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772 # v3.4.0
      - uses: docker/login-action@74a5d14
      - uses: docker/login-action-fork@v1
"""


def test_login_action_pinning(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, ".github/workflows/ci.yml", LOGIN_WF)
    write(tmp_path, "action.yml", "name: x\nruns:\n  using: composite\n  steps:\n"
          "    - uses: docker/login-action@master\n    - uses: docker/login-action@"
          + "a" * 40 + "\n")
    got = findings(lint, "--rules-dir", str(POLICIES), "--select", "ACME003", ".")
    assert [(f["path"], *at(f)[1:]) for f in got] == [
        (".github/workflows/ci.yml", 7, 15), (".github/workflows/ci.yml", 9, 15), ("action.yml", 5, 13)]


GITLAB = """\
stages: [build]
variables:
  DOCKER_HOST: tcp://docker:2375
.login: &login
  - docker login -u ci -p "$P" dcr.nexqloud.io
unprotected:
  script:
    - make
    - echo "$P" | podman login --password-stdin -u ci dcr.nexqloud.io
protected-rules:
  rules:
    - if: $CI_COMMIT_REF_PROTECTED == "true" && $CI_PIPELINE_SOURCE == "push"
    - if: $CI_MERGE_REQUEST_ID
      when: never
  script: [docker login dcr.nexqloud.io]
or-escape:
  rules:
    - if: $CI_COMMIT_REF_PROTECTED == "true" || $CI_COMMIT_BRANCH
  script: docker login dcr.nexqloud.io
one-open-rule:
  rules:
    - if: $CI_COMMIT_REF_PROTECTED == "true"
    - when: manual
  before_script:
    - [crane auth, helm registry login dcr.nexqloud.io]
protected-only:
  only:
    variables: ['$CI_COMMIT_REF_PROTECTED == "true"']
  script: [docker login dcr.nexqloud.io]
no-login:
  script: [docker build .]
"""


def test_gitlab_login_on_protected_only(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, ".gitlab-ci.yml", GITLAB)
    got = findings(lint, "--rules-dir", str(POLICIES), "--select", "ACME004", ".")
    assert [at(f) for f in got] == [("ACME004", 6, 1), ("ACME004", 16, 1), ("ACME004", 20, 1)]
    assert got[0]["message"] == "job unprotected logs in to the registry but can run on unprotected branches"
    assert got[0]["end"] == {"line": 6, "column": 12}  # the job's key


def test_no_latest_from_private_registry(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, ".gitlab-ci.yml", """\
image: dcr.nexqloud.io/ci/base
build:
  image: {name: "dcr.nexqloud.io/ci/builder:latest"}
  services: [dcr.nexqloud.io/ci/db:latest, postgres:latest]
  script: [make]
test:
  image: dcr.nexqloud.io/ci/builder:1.2
  script: [make test]
""")
    write(tmp_path, "k.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
          "    - {name: a, image: 'dcr.nexqloud.io/a:latest'}\n    - {name: b, image: nginx:latest}\n"
          "    - {name: c, image: 'dcr.nexqloud.io/a@sha256:" + "0" * 64 + "'}\n")
    got = findings(lint, "--rules-dir", str(POLICIES), "--select", "ACME005", ".")
    assert [(f["path"], *at(f)[1:]) for f in got] == [
        (".gitlab-ci.yml", 1, 8), (".gitlab-ci.yml", 3, 18), (".gitlab-ci.yml", 4, 14), ("k.yaml", 6, 25)]


# --------------------------------------------------------------------------- language


def test_paths() -> None:
    assert compile_path("spec.template.spec.containers[*].image") == (
        ("key", "spec"), ("key", "template"), ("key", "spec"), ("key", "containers"), ("items",),
        ("key", "image"))
    assert compile_path('metadata.annotations."dcrlint.io/x"[0].*.**') == (
        ("key", "metadata"), ("key", "annotations"), ("key", "dcrlint.io/x"), ("index", 0), ("any",),
        ("deep",))
    assert compile_path("(a|b)[-1]") == (("keys", frozenset({"a", "b"})), ("index", -1))
    assert compile_path("containers.image", allow_shortcuts=True)[0] == ("containers",)
    assert compile_path("containers.image")[0] == ("key", "containers")
    for bad in ("a..b", "a[x]", "a[1", "", "a b.c[*]x"):
        with pytest.raises(ValueError):
            compile_path(bad)


def test_parse_image() -> None:
    assert parse_image("nginx") == parse_image("docker.io/nginx")
    digest = "sha256:" + "ab" * 32
    r = parse_image(f"localhost:5000/team/app:1.0@{digest}")
    assert r is not None and (r.registry, r.repository, r.tag, r.digest) == (
        "localhost:5000", "team/app", "1.0", digest)
    assert parse_image("localhost:5000/team/app:1.0@sha256:abc") is None  # not a digest
    r = parse_image("Dcr.Nexqloud.io/a/b")
    assert r is not None and (r.registry, r.tag) == ("dcr.nexqloud.io", None)
    assert parse_image("team/app:1").registry == "docker.io"  # type: ignore[union-attr]
    assert parse_image("${IMAGE}") is None and parse_image("a b") is None


def test_conditions_and_message_masking(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = policy(tmp_path, """\
        target: [yaml]
        select: '**'
        where:
          secret-name: true
          class: literal
        message: "{key} at {path} holds {value}"
    """)
    write(tmp_path, "app.yaml", "db:\n  password: hunter2hunter2\n  password_file: /run/x\n"
          "  token: ${TOKEN}\n  items: [{api_key: 'sk-123456789'}]\n")
    got = findings(lint, "--rules-dir", folder, "--select", "ACME100", ".")
    assert [at(f) for f in got] == [("ACME100", 2, 13), ("ACME100", 5, 22)]
    assert got[0]["message"] == "password at db.password holds h***2 (14 chars)"
    assert got[1]["message"] == "api_key at db.items[0].api_key holds s***9 (12 chars)"
    assert "hunter2" not in json.dumps(got)


def test_equals_exists_absent_not_any(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = policy(tmp_path, """\
        target: {kinds: [kubernetes], resources: [Secret]}
        select: .
        where:
          - equals: never-a-scalar
          - any: [{exists: data}, {absent: stringData}]
    """)
    write(tmp_path, "s.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: b}\n")
    assert findings(lint, "--rules-dir", folder, ".") == []
    write(tmp_path, "policies/p.yaml", HEAD.format(id="ACME100", name="x") + textwrap.dedent("""\
        target: {kinds: [kubernetes], resources: [Secret, ConfigMap]}
        select: .
        where:
          - path: type
            equals: [kubernetes.io/dockerconfigjson, kubernetes.io/dockercfg]
          - not: {exists: immutable}
          - path: metadata.labels.*
            key-matches: ^team$
    """))
    write(tmp_path, "s.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s, labels: {team: a}}\n"
          "type: kubernetes.io/dockerconfigjson\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: t}\n"
          "type: kubernetes.io/dockercfg\n")
    from dcrlint.policies import _load_policies, _policy_checks

    _load_policies.cache_clear()
    _policy_checks.cache_clear()
    got = findings(lint, "--rules-dir", folder, ".")
    assert [at(f) for f in got] == [("ACME100", 1, 1)]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("body", "line", "problem"), [
    ("select: a[x]\n", 6, "select: [x] in path"),
    ("select: a\nwhere:\n  matches: '('\n", 8, "not a valid regular expression"),
    ("select: a\nwhere:\n  all:\n    - nope: 1\n", 9, "unknown condition 'nope'"),
    ("select: a\ntarget: {kinds: [shell]}\n", 7, "not a YAML file kind"),
    ("select: a\ntarget: {kinds: [yaml], namespaces: [prod]}\n", 7, "need kind kubernetes"),
    ("select: a\nmessage: 'bad {secret}'\n", 7, "unknown field {secret}"),
    ("select: a\nlevel2: x\n", 7, "unknown key 'level2'"),
    ("where: {exists: a}\n", 1, "missing key 'select'"),
    ("select: a\nwhere:\n  class: secret\n", 8, "class must be"),
    ("select: a\nwhere:\n  path: b\n", 7, "path needs a condition"),
    ("select: a\nwhere:\n  tag: {path: b, equals: c}\n", 8, "path cannot be used"),
    ("select: a\nselect: b\n", 7, "duplicate key 'select'"),
    ("select: [a\n", 7, "invalid YAML"),
])
def test_malformed_policy_is_config_error(tmp_path: Path, body: str, line: int, problem: str) -> None:
    policy(tmp_path, body)
    with pytest.raises(ConfigError) as e:
        load_rules(Settings(rules_dirs=(str(tmp_path / "policies"),)))
    msg = str(e.value)
    assert msg.startswith(f"{tmp_path / 'policies' / 'p.yaml'}:{line}: "), msg
    assert problem in msg


def test_level_problem_has_line(tmp_path: Path) -> None:
    write(tmp_path, "policies/p.yaml", HEAD.format(id="ACME100", name="x").replace("warning", "loud")
          + "select: a\n")
    with pytest.raises(ConfigError, match=r"p\.yaml:3: level must be one of"):
        load_rules(Settings(rules_dirs=(str(tmp_path / "policies"),)))


def test_ids_reserved_and_duplicate(tmp_path: Path) -> None:
    policy(tmp_path, "select: a\n", id="DCR999")
    with pytest.raises(ConfigError, match=r"p\.yaml:1: id: DCR999 uses the DCR prefix"):
        load_rules(Settings(rules_dirs=(str(tmp_path / "policies"),)))
    policy(tmp_path, "select: a\n", id="ACME1", folder="two", file="a.yaml")
    policy(tmp_path, "select: a\n", id="ACME1", name="other", folder="two", file="b.yaml")
    with pytest.raises(ConfigError, match=r"b\.yaml:1: duplicate rule id ACME1 \(also in .*a\.yaml\)"):
        load_rules(Settings(rules_dirs=(str(tmp_path / "two"),)))
    policy(tmp_path, "select: a\n", id="ACME2", name="password-on-command-line", folder="three")
    with pytest.raises(ConfigError, match="duplicate rule name password-on-command-line"):
        load_rules(Settings(rules_dirs=(str(tmp_path / "three"),)))
    with pytest.raises(ConfigError, match="not a folder"):
        load_rules(Settings(rules_dirs=(str(tmp_path / "missing"),)))


def test_cli_reports_malformed_policy(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = policy(tmp_path, "select: a[\n")
    r = lint("--rules-dir", folder, ".")
    assert r.code == 2 and "p.yaml:6: select: unclosed [" in r.err


# --------------------------------------------------------------------------- integration


def test_rules_and_explain_list_user_rules(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = lint("rules", "--rules-dir", str(POLICIES))
    assert "ACME003  login-action-not-pinned" in r.out and "DCR001" in r.out
    r = lint("explain", "ACME003", "--rules-dir", str(POLICIES))
    assert r.code == 0 and "login-action-not-pinned (error, security-severity 6.5)" in r.out
    assert "Bad (github-workflow)" in r.out and "More: file://" in r.out
    r = lint("explain", "image-pulled-by-tag", "--rules-dir", str(POLICIES))
    assert r.out.startswith("ACME002 image-pulled-by-tag")


def test_rules_dirs_from_config(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, "ci/.dcrlint.yaml", "rules-dirs: [../policies]\n")
    write(tmp_path, "ci/.gitlab-ci.yml", GITLAB)
    policy(tmp_path, "target: gitlab-ci\nselect: '*'\nwhere: {key-matches: ^no-login$}\n")
    r = lint("--format", "json", "--config", "ci/.dcrlint.yaml", "ci")
    assert [at(f) for f in r.json()["findings"]] == [("ACME100", 30, 1)]


def test_sarif_suppressions_and_baseline(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, ".github/workflows/ci.yml", LOGIN_WF)
    r = lint("--format", "sarif", "--rules-dir", str(POLICIES), "--select", "ACME003", ".")
    run = json.loads(r.out)["runs"][0]
    rules = {x["id"]: x for x in run["tool"]["driver"]["rules"]}
    assert rules["ACME003"]["name"] == "login-action-not-pinned"
    assert rules["ACME003"]["properties"]["security-severity"] in ("6.5", 6.5)
    assert [x["ruleId"] for x in run["results"]] == ["ACME003", "ACME003"]
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (7, 15)

    lint("--rules-dir", str(POLICIES), "--select", "ACME003", "--write-baseline", "base.json", ".")
    r = lint("--format", "json", "--rules-dir", str(POLICIES), "--select", "ACME003", "--baseline",
             "base.json", ".")
    assert r.json()["findings"] == [] and r.code == 0

    write(tmp_path, ".github/workflows/ci.yml", LOGIN_WF.replace(
        "docker/login-action@v3", "docker/login-action@v3  # dcrlint: ignore[ACME003] vendored"))
    got = findings(lint, "--rules-dir", str(POLICIES), "--select", "ACME003", ".")
    assert [at(f) for f in got] == [("ACME003", 9, 15)]


def test_policy_runs_in_worker_processes(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for i in range(70):
        write(tmp_path, f"wf/.github/workflows/w{i}.yml", LOGIN_WF)
    r = lint("--format", "json", "--jobs", "2", "--rules-dir", str(POLICIES), "--select", "ACME003", ".")
    assert len(r.json()["findings"]) == 140


def test_no_policies_no_cost(tmp_path: Path) -> None:
    from dcrlint.policies import policy_checks

    assert policy_checks(()) == ()
    assert set(load_rules(Settings())) == set(load_rules(Settings(rules_dirs=())))


def test_file_guards_do_not_change_results(lint, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Top-level key-matches/matches let a file be skipped unwalked: an empty value still counts."""
    folder = policy(tmp_path, """\
        target: [yaml]
        select: '**'
        where:
          key-matches: '^image$'
          matches: '^$'
        message: "{path} is empty"
    """)
    write(tmp_path, "a.yaml", "app:\n  image: ''\n  tag: ''\n")
    write(tmp_path, "b.yaml", "app:\n  picture: ~\n")
    write(tmp_path, "c.yaml", "app:\n  image: nginx\n")
    got = findings(lint, "--rules-dir", folder, "--select", "ACME100", ".")
    assert [(f["path"], f["start"]["line"]) for f in got] == [("a.yaml", 2)]

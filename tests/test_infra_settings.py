"""Literal secrets where infrastructure code keeps settings: Helm values, Docker Compose files and
committed env files (DCR023), with exact positions. A Compose `environment` list merged into several
services from an `x-` anchor is one place, reported once."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Lint, brief, engine_scan

from dcrlint.classify import FileKind, classify_path
from dcrlint.infra.literals import secret_name, words

RULES = frozenset({"DCR023", "DCR050", "DCR051"})


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("chart/values.yaml", FileKind.HELM_VALUES),
        ("chart/values-prod.yaml", FileKind.HELM_VALUES),
        ("chart/ci/01-default-values.yaml", FileKind.HELM_VALUES),
        ("compose.yaml", FileKind.COMPOSE),
        ("deploy/docker-compose.override.yml", FileKind.COMPOSE),
        ("compose.prod.yaml", FileKind.COMPOSE),
        (".env", FileKind.ENV_FILE),
        ("deploy/.env.production", FileKind.ENV_FILE),
        ("deploy/prod.env", FileKind.ENV_FILE),
        ("deploy/app.env.sample", FileKind.ENV_FILE),
        ("db.env.example", FileKind.ENV_FILE),
        ("web.env.prod", FileKind.ENV_FILE),
        ("overlays/prod/kustomization.yaml", FileKind.KUSTOMIZATION),
    ],
)
def test_classified_by_name(path: str, kind: FileKind) -> None:
    assert classify_path(path) is kind


@pytest.mark.parametrize("path", ["composer.yaml", "myvalues.yaml", ".envrc", "values.schema.json", "config.env.js",
                                  "app.env.py"])
def test_not_these_formats(path: str) -> None:
    assert classify_path(path) not in (FileKind.HELM_VALUES, FileKind.COMPOSE, FileKind.ENV_FILE)


@pytest.mark.parametrize(
    ("name", "holds"),
    [
        ("adminPassword", True), ("cookie_secret", True), ("DB_PASSWORD", True), ("auth-token", True),
        ("existingSecret", False), ("passwordKey", False), ("tokenSecretName", False),
        ("existingSecretPasswordKey", False), ("imagePullSecret", False), ("secretProviderClass", False),
        ("passwordSecretRef", False), ("replicas", False),
    ],
)
def test_secret_names_in_camel_case(name: str, holds: bool) -> None:
    assert secret_name(name, "regcred", r"(?i:passw(or)?d|token|secret|(^|[-_])auth($|[-_]))") is holds
    assert "".join(words(name)) == "".join(c for c in name.lower() if c.isalnum())


VALUES = """\
image:
  repository: dcr.example.com/team/app
adminUser: admin
adminPassword: Vq7-trellis-93-Kmd
existingSecret: app-admin
auth:
  existingSecretPasswordKey: admin-password
  token: ""
  jwtSecret: "{{ .Values.global.jwt }}"
database:
  password: changeme
  passwordFile: /run/secrets/db
  port: 5432
tls:
  secret: app-tls
extraEnv:
  - name: API_TOKEN
    value: Hx3-lattice-27-Pqr
"""


def test_helm_values(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": VALUES}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 4, 16, "DCR023"), ("chart/values.yaml", 18, 12, "DCR023")]
    assert "adminPassword" in results[0].message
    assert notes == []


COMPOSE = """\
x-db-env: &db-env
  POSTGRES_USER: app
  POSTGRES_PASSWORD: Vq7-trellis-93-Kmd
services:
  db:
    image: postgres:16
    environment: *db-env
  api:
    build:
      context: .
      args:
        - NPM_TOKEN=Hx3-lattice-27-Pqr
        - NODE_ENV=production
    environment:
      - DATABASE_URL=postgres://app:Wm5-quartz-81-Zt@db/app
      - API_SECRET="Kd2-meadow-64-Rv"
      - SESSION_SECRET=${SESSION_SECRET}
      - REDIS_PASSWORD
    env_file: .env
  worker:
    environment:
      JOB_TOKEN: ${JOB_TOKEN:?set it}
      DEBUG: "true"
"""


def test_compose(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"docker-compose.yml": COMPOSE}, rules=RULES)
    assert brief(results) == [
        ("docker-compose.yml", 3, 22, "DCR023"),
        ("docker-compose.yml", 12, 21, "DCR023"),
        ("docker-compose.yml", 15, 37, "DCR050"),
        ("docker-compose.yml", 16, 21, "DCR023"),
    ]
    assert "service api" in results[1].message and "NPM_TOKEN" in results[1].message
    assert notes == []


ENV = """\
# local settings
APP_NAME=web
DB_PASSWORD=Vq7-trellis-93-Kmd
export API_TOKEN='Hx3-lattice-27-Pqr'
SESSION_SECRET=Kd2-meadow-64-Rv # rotated monthly
EMPTY_TOKEN=
REF_TOKEN=${VAULT_TOKEN}
SAMPLE_PASSWORD=changeme
"""


def test_env_file(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"deploy/.env": ENV}, rules=RULES)
    assert brief(results) == [("deploy/.env", 3, 13, "DCR023"), ("deploy/.env", 4, 19, "DCR023"),
                              ("deploy/.env", 5, 16, "DCR023")]
    assert results[2].end.column == 32  # the comment is not part of the value
    assert notes == []


def test_env_file_quoted_values_end_at_their_quote(tmp_path: Path) -> None:
    """A quoted value ends at its closing quote (a comment may follow), maybe lines later, as
    Compose and python-dotenv read it: the span is inside the quotes, and a line of a value
    over lines is no setting of its own."""
    text = ('DB_PASSWORD="Vq7-trellis-93-Kmd" # rotated\n'
            "API_TOKEN='Hx3-lattice-27-Pqr'#no blank\n"
            'MOTD="welcome\nADMIN_PASSWORD=Kd2-meadow-64-Rv\n"\n'
            "SESSION_SECRET=Rt6-canyon-19-Xw\n")
    results, notes = engine_scan(tmp_path, {".env": text}, rules=RULES)
    assert [(r.start.line, r.start.column, r.end.line, r.end.column) for r in results] == [
        (1, 14, 1, 32), (2, 12, 2, 30), (6, 16, 6, 32)]
    assert notes == []


KUSTOMIZATION = """\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deploy.yaml]
secretGenerator:
  - name: db
    literals:
      - username=app
      - password=Vq7-trellis-93-Kmd
      - token=${DB_TOKEN}
    files:
      - api-key=secrets/api-key.txt
      - secrets/registry.dockerconfigjson
      - missing.txt
    envs: [db.env]
  - name: regcred
    type: kubernetes.io/dockerconfigjson
    literals:
      - '.dockerconfigjson={"auths":{"dcr.example.com":{"username":"ci","password":"Hx3-lattice-27-Pqr"}}}'
configMapGenerator:
  - name: settings
    literals:
      - LOG_LEVEL=debug
      - SMTP_PASSWORD=Kd2-meadow-64-Rv
"""
REGISTRY_JSON = '{"auths": {"dcr.example.com": {"auth": "%s"}}}\n'


def test_kustomize_generators(tmp_path: Path) -> None:
    import base64

    auth = base64.b64encode(b"ci:Wm5-quartz-81-Zt").decode()
    files = {
        "k/kustomization.yaml": KUSTOMIZATION,
        "k/secrets/api-key.txt": "Pz8-harbor-52-Lq\n",
        "k/secrets/registry.dockerconfigjson": REGISTRY_JSON % auth,
        "k/db.env": "DB_PASSWORD=Rt6-canyon-19-Xw\n",
    }
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR022", "DCR023", "DCR030", "DCR051"}))
    assert brief(results) == [
        ("k/db.env", 1, 13, "DCR023"),
        ("k/kustomization.yaml", 8, 18, "DCR023"),
        ("k/kustomization.yaml", 11, 17, "DCR023"),
        ("k/kustomization.yaml", 18, 28, "DCR022"),
        ("k/kustomization.yaml", 23, 23, "DCR023"),
        ("k/secrets/registry.dockerconfigjson", 1, 33, "DCR030"),
    ]
    assert "committed file secrets/api-key.txt" in results[2].message
    assert "dcr.example.com (user ci)" in results[3].message
    assert notes == []


def test_constants_and_generic_words_are_not_secrets(tmp_path: Path) -> None:
    text = ('istio:\n  auth: AUTH_MUTUAL_TLS\nextra:\n  secret: "value"\n  password: example_pw\n'
            "  pass: another_pw\n  token: secret-token\n")
    results, _ = engine_scan(tmp_path, {"chart/values.yaml": text}, rules=RULES)
    assert results == []


BASE_DEPLOY = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
"""


def test_kustomize_images_rewrite_to_a_private_registry(tmp_path: Path) -> None:
    overlay = ("resources:\n  - ../../base\nimages:\n  - name: nginx\n    newName: dcr.example.com/mirror/nginx\n"
               "    newTag: 1.27-hardened\n")
    files = {"base/deploy.yaml": BASE_DEPLOY, "base/kustomization.yaml": "resources: [deploy.yaml]\n",
             "overlays/prod/kustomization.yaml": overlay}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR020"}), options={"registries.private": ("dcr.example.com",)})
    assert brief(results) == [("base/deploy.yaml", 11, 18, "DCR020")]
    assert "dcr.example.com (image rewritten by overlays/prod/kustomization.yaml)" in results[0].message
    assert notes == []


def test_kustomize_patch_adding_pull_secrets(tmp_path: Path) -> None:
    overlay = ("resources:\n  - ../../base\nimages:\n  - name: nginx\n    newName: dcr.example.com/mirror/nginx\n"
               "patches:\n  - path: pull.yaml\n")
    pull = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
            "      imagePullSecrets:\n        - name: dcr-pull\n")
    files = {"base/deploy.yaml": BASE_DEPLOY, "overlays/prod/kustomization.yaml": overlay,
             "overlays/prod/pull.yaml": pull}
    results, _ = engine_scan(tmp_path, files, rules=frozenset({"DCR020"}), options={"registries.private": ("dcr.example.com",)})
    assert results == []


def test_kustomize_envs_and_docker_configs_named_by_generators(tmp_path: Path) -> None:
    """`envs:` files are env files whatever their names; a docker config in `files:` is one
    whatever its name: findings in those files, none at the entries."""
    import base64

    auth = base64.b64encode(b"ci:Wm5-quartz-81-Zt").decode()
    kustomization = ("secretGenerator:\n  - name: db\n    envs: [config/db.properties]\n"
                     "    files:\n      - .dockerconfigjson=config/registry-auth\n"
                     "configMapGenerator:\n  - name: app\n    envs:\n      - ./app-settings.txt\n")
    files = {
        "k/kustomization.yaml": kustomization,
        "k/config/db.properties": "# database\nDB_USER=app\nDB_PASSWORD=Rt6-canyon-19-Xw\n",
        "k/config/registry-auth": REGISTRY_JSON % auth,
        "k/app-settings.txt": "LOG_LEVEL=debug\n  SMTP_PASSWORD=Kd2-meadow-64-Rv\n",
        # The same names not named by any generator: not env files, not docker configs.
        "other/db.properties": "DB_PASSWORD=Rt6-canyon-19-Xw\n",
        "other/registry-auth": REGISTRY_JSON % auth,
    }
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023", "DCR030"}))
    assert brief(results) == [
        ("k/app-settings.txt", 2, 17, "DCR023"),
        ("k/config/db.properties", 3, 13, "DCR023"),
        ("k/config/registry-auth", 1, 33, "DCR030"),
    ]
    assert notes == []


def test_kustomize_envs_without_secrets(tmp_path: Path) -> None:
    kustomization = "secretGenerator:\n  - name: db\n    envs: [db.properties]\n"
    files = {"k/kustomization.yaml": kustomization,
             "k/db.properties": "DB_USER=app\nDB_PASSWORD=${DB_PASSWORD}\nDB_HOST=db.internal\n"}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023", "DCR030"}))
    assert results == []
    assert notes == []


PULL_SECRET = ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: dcr-pull\n  namespace: shop\n"
               "type: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: eyJhdXRocyI6IHsiZGNyLmV4YW1wbGUuY29tIjoge319fQ==\n")
INLINE_PATCHES = """\
namespace: shop
resources:
  - ../../base
patches:
  - patch: |-
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        template:
          spec:
            imagePullSecrets:
              - name: dcr-pull
              - name: "dcr-typo"
patchesStrategicMerge:
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: worker
    spec:
      template:
        spec:
          imagePullSecrets: [{name: dcr-pull}, {name: old-pull}]
"""


def test_kustomize_inline_patches_feed_unresolved_pull_secrets(tmp_path: Path) -> None:
    files = {"base/deploy.yaml": BASE_DEPLOY, "base/secret.yaml": PULL_SECRET,
             "overlays/prod/kustomization.yaml": INLINE_PATCHES}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR021"}))
    assert brief(results) == [("overlays/prod/kustomization.yaml", 15, 24, "DCR021"),
                              ("overlays/prod/kustomization.yaml", 25, 55, "DCR021")]
    assert "Deployment web names Secret dcr-typo" in results[0].message
    assert "(namespace shop)" in results[0].message
    assert "Deployment worker names Secret old-pull" in results[1].message
    assert results[0].end.column == 32
    assert notes == []


def test_a_kustomization_named_alone_gets_its_unresolved_pull_secrets(lint) -> None:  # type: ignore[no-untyped-def]
    """pre-commit names only the changed kustomization: the repository is indexed for it too."""
    for rel, text in {"base/deploy.yaml": BASE_DEPLOY, "base/secret.yaml": PULL_SECRET,
                      "overlays/prod/kustomization.yaml": INLINE_PATCHES}.items():
        lint.write(rel, text)
    run = lint("--format", "json", "--select", "DCR021", "overlays/prod/kustomization.yaml")
    assert run.starts() == [("DCR021", 15, 24), ("DCR021", 25, 55)]


def test_kustomize_inline_patches_naming_defined_secrets(tmp_path: Path) -> None:
    patch = INLINE_PATCHES.replace("dcr-typo", "dcr-pull").replace("old-pull", "dcr-pull")
    files = {"base/deploy.yaml": BASE_DEPLOY, "base/secret.yaml": PULL_SECRET,
             "overlays/prod/kustomization.yaml": patch}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR021"}))
    assert results == []
    assert notes == []


COMPOSE_SECRETS = """\
services:
  api:
    image: dcr.example.com/api:1
    secrets: [db_password, registry, api_env, db_user]
secrets:
  db_password:
    file: ./secrets/db_password.txt
  registry:
    file: secrets/registry-auth
  api_env:
    file: secrets/api.env
  db_user:
    file: secrets/db_user.txt
  from_env:
    environment: DB_PASSWORD
  missing:
    file: secrets/missing.txt
configs:
  proxy:
    file: proxy/auth-config
"""


def test_compose_secret_files(tmp_path: Path) -> None:
    """A Compose secret's committed file: a plain secret at the entry (DCR023), an env file or
    docker config checked as what it is, in it; a name or a reference is not a secret."""
    import base64

    auth = base64.b64encode(b"ci:Wm5-quartz-81-Zt").decode()
    files = {
        "app/compose.yaml": COMPOSE_SECRETS,
        "app/secrets/db_password.txt": "Pz8-harbor-52-Lq\n",
        "app/secrets/registry-auth": REGISTRY_JSON % auth,
        "app/secrets/api.env": "API_TOKEN=Rt6-canyon-19-Xw\n",
        "app/secrets/db_user.txt": "app\n",
        "app/proxy/auth-config": REGISTRY_JSON % auth,
    }
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023", "DCR030"}))
    assert brief(results) == [
        ("app/compose.yaml", 7, 11, "DCR023"),
        ("app/proxy/auth-config", 1, 33, "DCR030"),
        ("app/secrets/api.env", 1, 11, "DCR023"),
        ("app/secrets/registry-auth", 1, 33, "DCR030"),
    ]
    assert "committed file ./secrets/db_password.txt" in results[0].message
    assert results[0].end.column == 36  # just past the path
    assert notes == []


def test_compose_secret_files_without_secrets(tmp_path: Path) -> None:
    files = {"app/compose.yaml": COMPOSE_SECRETS.replace("db_password.txt", "db_password.example"),
             "app/secrets/db_password.example": "\n", "app/secrets/api.env": "API_TOKEN=\n",
             "app/secrets/registry-auth": '{"credsStore": "desktop"}\n',
             "app/proxy/auth-config": "listen: 8080\n"}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023", "DCR030"}))
    assert results == []
    assert notes == []


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_committed_secret_files_path_is_shown_and_its_content_hidden(lint: Lint, fmt: str) -> None:
    """The finding points at the path of the file holding the secret: the path is no secret
    (shown in the message and the source line), the file's content never appears."""
    lint.write("compose.yaml", "services:\n  db:\n    image: postgres\n    secrets: [db_password]\n"
                               "secrets:\n  db_password:\n    file: db/password.txt\n")
    lint.write("db/password.txt", "Pz8-harbor-52-Lq\n")
    run = lint("--format", fmt, "--fail-on", "never", ".")
    assert "Pz8-harbor-52-Lq" not in run.printed
    assert "from committed file db/password.txt" in run.printed
    if fmt == "text":
        assert "    file: db/password.txt" in run.printed


SHARED_ENV = """\
x-common: &common
  image: minio/minio
  environment:
    - MINIO_ROOT_USER=admin
    - MINIO_ROOT_PASSWORD=Pv3-meadow-81-Lqt
services:
  one:
    <<: *common
  two:
    <<: *common
  three:
    <<: *common
    environment:
      - MINIO_ROOT_PASSWORD=Kq7-lantern-22-Zpx
"""


def test_an_environment_list_shared_by_an_anchor_is_one_place(tmp_path: Path) -> None:
    """A Compose `environment` list written once under an `x-` extension and merged into several
    services (`<<: *common`) is one place: reported once, as written there. A service's own list
    beside the merge is another place."""
    results, notes = engine_scan(tmp_path, {"compose.yaml": SHARED_ENV}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("compose.yaml", 5, 27, "DCR023"), ("compose.yaml", 14, 29, "DCR023")]
    assert [r.message.split(":")[0] for r in results] == ["Compose file", "Compose service three"]
    assert notes == []

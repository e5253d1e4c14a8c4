"""Values charts and manifests write where a secret goes, read as no secret (fixtures written
here): a stand-in in capital words joined by `-` (`DEFINED-IN-REGION-SECRETS`), one saying
where the value is defined (`defined_in_secrets`), a secret word in the plural (`secrets`), a
media type (`accept: application/json` in a Secret); names whose last word is a period, a
protocol, a project or domains, or glued on a secret word (`secretname`); a Secret named with
its namespace under a `...Secret` key (`kube-system/ingress-ca`), camelCase read after a run of
capitals (`authTLSSecret`). Near misses stay reported."""

from __future__ import annotations

import pytest

from dcrlint.infra.literals import words
from dcrlint.notsecret import not_a_secret
from dcrlint.secretnames import is_secret_name


@pytest.mark.parametrize("value", ["DEFINED-IN-REGION-SECRETS", "FROM-EXTERNAL-VAULT-PROVIDER", "SET-BY-CI",
                                   "defined_in_secrets", "defined-by-the-platform", "secrets", "passwords",
                                   "application/json", "text/plain; charset=utf-8"])
def test_stand_ins_and_media_types(value: str) -> None:
    assert not_a_secret(value) is not None


@pytest.mark.parametrize("value", ["Hq4-LANTERN-57", "ABCD-EFGH-1234", "Secrets-7Rv", "application-json-9Qx",
                                   "definedinsecrets7"])
def test_near_misses_are_secrets(value: str) -> None:
    assert not_a_secret(value) is None


@pytest.mark.parametrize(("name", "secret"), [
    ("TOKEN_PERIOD", False), ("auth_protocol", False), ("applicationCredentialsProject", False),
    ("two_factor_auth_domains", False), ("secretname", False), ("tokenurl", False), ("passwordfile", False),
    ("secretkey", True), ("apikey", True), ("authtoken", True), ("passphrase", True), ("secrets", True),
    ("TOKEN_PERIOD_SECRET", True), ("priv_password", True),
])
def test_names(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


def test_camel_case_after_capitals() -> None:
    assert words("authTLSSecret") == ["auth", "tls", "secret"]
    assert words("existingSecretPasswordKey") == ["existing", "secret", "password", "key"]


def test_through_the_scan(lint) -> None:  # type: ignore[no-untyped-def]
    lint.write("charts/exporter/values.yaml", """\
snmp:
  auth_protocol: DEFINED-IN-REGION-SECRETS
  priv_password: DEFINED-IN-REGION-SECRETS
  community_password: Pv3-meadow-81-Lqt
mail:
  password: defined_in_secrets
  smtp_password: secrets
ingress:
  authTLSSecret: kube-system/ingress-ca
  annotations:
    nginx.ingress.kubernetes.io/auth-tls-secret: "kube-system/ingress-ca"
  clientSecret: Zq8vL2mN4pR7tX1w
certificates:
  - {name: web, secretname: web-example-tls}
""")
    lint.write("secret.yaml", """\
apiVersion: v1
kind: Secret
metadata: {name: header-map}
stringData:
  accept: application/json
  x-api-key: Kx7-harbor-22-Qpz
""")
    run = lint("--format", "json", ".")
    assert sorted(run.table("path", "line", "column", rules=("DCR023",))) == [
        ("charts/exporter/values.yaml", 4, 23), ("charts/exporter/values.yaml", 12, 17), ("secret.yaml", 6, 14)]


def test_a_secret_named_in_container_env_and_config_maps(lint) -> None:  # type: ignore[no-untyped-def]
    lint.write("job.yaml", """\
apiVersion: batch/v1
kind: Job
metadata: {name: provision}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: provision
          image: bitnami/kubectl
          env:
            - {name: TOKEN_SECRET, value: builder-token}
            - {name: CERT_SECRET, value: kube-system/cluster-ca}
            - {name: AGENT_SECRET, value: my-little-secret}
            - {name: JWT_SECRET, value: Zq8vL2mN4pR7tX1w}
            - {name: SESSION_SECRET, value: lantern}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  TLS_SECRET: web-example-tls
  COOKIE_SECRET: Hq4-lantern-57-Rvw9
""")
    run = lint("--format", "json", ".")
    assert run.starts("DCR023") == [("DCR023", 14, 43), ("DCR023", 15, 41), ("DCR023", 16, 45), ("DCR023", 23, 18)]


def test_a_named_stand_in_in_a_url_password(lint) -> None:  # type: ignore[no-untyped-def]
    run = lint.scan("compose.yaml", """\
services:
  app:
    image: app
    environment:
      - DB_URL=mysql://app:REPLACEAPPDBPASSWORD@db/app
      - CACHE_URL=redis://app:CACHE-PASSWORD@cache:6379
      - QUEUE_URL=amqp://app:Hq4lantern57@queue
      - LEGACY_URL=mysql://app:example-pass@db/app
      - GIT_URL=https://ci:XKQZWPRTMNBVQ@git.example.com/x.git
      - MIRROR_URL=https://ci:CORRECT-HORSE-BATTERY-STAPLE@mirror.example.com
""")
    # capitals name what goes there only with a word saying so (guard R7)
    assert run.starts("DCR050") == [("DCR050", 7, 30), ("DCR050", 9, 28), ("DCR050", 10, 31)]


def test_a_passphrase_in_capitals_is_a_secret() -> None:
    assert not_a_secret("CORRECT-HORSE-BATTERY-STAPLE") is None
    assert not_a_secret("DEFINED-IN-REGION-SECRETS") is not None


@pytest.mark.parametrize(("value", "templated"), [
    ("registry.example.com/team/%(kind)s:%(release)s", True), ("%(password)s", True), ("pre-%(token)s-post", True),
    ("Zq8%sXv", False), ("Hq4%(lantern", False), ("Kx7%(a b)s", False),
])
def test_a_named_format_field_is_filled_in_later(value: str, templated: bool) -> None:
    from dcrlint.values import ValueKind, classify

    assert (classify(value) is ValueKind.TEMPLATED) is templated


def test_a_secret_data_value_with_format_fields(lint) -> None:  # type: ignore[no-untyped-def]
    import base64

    image = base64.b64encode(b"registry.example.com/team/%(kind)s:%(release)s").decode()
    run = lint.scan("secret.yaml", f"""\
apiVersion: v1
kind: Secret
metadata: {{name: app-env}}
data:
  APP_OUTPOSTS__IMAGE_BASE: "{image}"
  APP_SIGNING: "{base64.b64encode(b"Pv3-meadow-81-Lqt").decode()}"
""")
    assert run.starts("DCR023") == [("DCR023", 6, 17)]


@pytest.mark.parametrize(("value", "stand_in"), [
    ("XKQZWPRTMNBV", False), ("QWERTYADMIN", False), ("ab_XKQZWPRTMNBV", False), ("PROD_XKQZWPRT", False),
    ("MY_PASSWORD", True), ("REPLACE_ME_LATER", True), ("YOUR_TOKEN", True), ("DB_PASS", True), ("GITHUB_TOKEN", True),
])
def test_capitals_name_what_goes_there_only_with_a_word_saying_so(value: str, stand_in: bool) -> None:
    """Random capitals, joined by `_` as by `-`, are a password (a gap before R7's fix, which
    only made `-` need such a word)."""
    assert (not_a_secret(value) is not None) is stand_in


def test_random_capitals_are_reported_where_secrets_are(lint) -> None:  # type: ignore[no-untyped-def]
    run = lint.scan(".gitlab-ci.yml", "variables:\n  REGISTRY_PASSWORD: XKQZWPRTMNBV\n  DEPLOY_TOKEN: DEPLOY_TOKEN\n"
                    "build:\n  script: [make]\n")
    assert run.starts() == [("DCR010", 2, 22)]
    assert "XKQZWPRTMNBV" not in run.printed


@pytest.mark.parametrize(("value", "reference"), [
    ("pullsecret:argocd/ocir-secret", True), ("secret:registry/quay-creds#token", True), ("env:QUAY_TOKEN", True),
    ("pullsecret:Argo/x", False), ("secret:Hq4zT9/Lm2", False), ("env:", False), ("secret:hunter2", False),
])
def test_a_named_kubernetes_secret_or_variable_is_a_reference(value: str, reference: bool) -> None:
    """Where a tool reads the credential from (Argo CD Image Updater's `credentials:` forms)."""
    assert (not_a_secret(value) is not None) is reference


def test_image_updater_credentials_in_values_are_references(lint) -> None:  # type: ignore[no-untyped-def]
    run = lint.scan("charts/updater/values.yaml", (
        "config:\n  registries:\n    - name: ocir\n      prefix: ocir.example.com\n"
        "      credentials: pullsecret:argocd/ocir-secret\n"
        "    - name: quay\n      credentials: Hq4zT9Lm2Wx7Pr\n"
    ))
    assert run.starts() == [("DCR023", 7, 20)]

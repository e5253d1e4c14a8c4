"""Infrastructure code read as a reviewer reads it (session 15): fixtures written here, each
principle beside a real secret that stays reported at its exact place."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.notsecret import not_a_secret
from dcrlint.secretnames import is_secret_name


@pytest.mark.parametrize(("value", "stand_in"), [
    # the word for a password or a secret in another language, maybe after `your`, as `password` is
    ("contraseña", True), ("tucontraseña", True), ("contrasena-secreta", True), ("Passwort", True),
    ("senha123", True), ("mot-de-passe", True), ("votre_motdepasse", True), ("geheim", True),
    ("claveSegura9x", False), ("Kx9secretoQ2", False), ("senhaforte#77", False),
    # a name in double brackets, for a setup script to fill in
    ("[[APP_PASSWORD]]", True), ("[[a]b]]", False),
    # a format's prefix of a few parts, then what goes there in capitals
    ("tok-live-YOUR_API_KEY_HERE", True), ("ab-cd-ef-REPLACE_ME", True), ("tok-live-Q7xK2mP9wL4z", False),
    # lower-case words describing a test's credential, with counts and filler typed in order
    ("relay-test-credential-0123456789abcdef", True), ("test_signing_secret_64bytes__", True),
    ("mock-api-token", True), ("test-token-abc123", True),
    ("test-token-q8w3z7k2", False), ("testing-password", False), ("prod-db-password-x7", False),
    ("latest-token", False), ("test-horse-battery", False),
    # a marker glued to what the credential is for; what kind of value goes there; a request to change it
    ("fakeclientsecret", True), ("dummy_admin_token", True), ("testingpassword", False),
    ("randomstring", True), ("somerandomtoken", True), ("RandomString", False), ("randomness", False),
    ("please-change", True), ("please_set_me", True), ("replacepassword", True), ("changeyourtoken", True),
    ("replacepassword9Xq", False),
    # an address with its port
    ("0.0.0.0:8080", True), ("192.0.2.4:5432, 192.0.2.5:80", True), ("192.0.2.4:80x", False),
])
def test_stand_ins(value: str, stand_in: bool) -> None:
    assert (not_a_secret(value) is not None) is stand_in


def test_base64_of_a_test_phrase_is_a_stand_in() -> None:
    encoded = base64.b64encode(b"test_session_secret_32bytes_____").decode()
    assert not_a_secret(encoded) == "base64 of a placeholder"
    assert not_a_secret(base64.b64encode(b"Vq8Lm2Xk9Zb7Tn0Wr4Ys6Hd1").decode()) is None


@pytest.mark.parametrize(("name", "secret"), [
    ("SESSION_TOKEN_EXPIRATION", False), ("tokenExpiration", False), ("PASSWORD_EXPIRE", True),
    ("SECRET_ALERTS", False), ("leaked_token_findings", False), ("ALERT_TOKEN", True),
    ("alertmanager_password", True),
    # a Kubernetes Secret named in a setting: the object's name
    ("TS_KUBE_SECRET", False), ("APP_K8S_SECRET", False), ("kubeSecret", False), ("KUBE_SECRET_KEY", True),
    ("KUBE_TOKEN", True),
    # the attributes a directory keeps a password in, as a field
    ("mail_dovecot_pass_attrs", False), ("ldap_password_attribute", False), ("PASSWORD_ATTRS_ADMIN", False),
    ("attr_password", True),
    # the level a token is issued at
    ("ENTERPRISE_TOKEN_TIER", False), ("license_token_tier", False), ("TIER_TOKEN", True),
])
def test_when_a_credential_expires_and_what_a_scan_found_are_no_secrets(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret


SAMPLE_CONF = """\
# ## where to send metrics:
# ##   [scheme://][:password]@host[:port]
# ##   pg://[appuser[:password]]@localhost[/dbname]
# servers = ["kv://username:api_token@192.0.2.10:28015"]
# servers = ["kv://username:Wq7vLm2x@192.0.2.10:28015"]
# servers = ["kv://[appuser[:Wq7vLm2x]]@192.0.2.10:28015"]
# uri: mysql://app_user:app_pass@app_host/app
# e.g. https://user:deploy-token@code.example.net/team/repo.git
# uri: mysql://app_user:hunter-two@app_host/app
# e.g. mongodb://alice:alicepw9@db0000.example.net:99999/app
# e.g. mongodb://alice:alicepw9@db0000.example.net:65535/app
"""


def test_a_url_syntax_description_and_named_slots_hold_no_password(tmp_path: Path) -> None:
    """A URL written as a syntax description, its optional parts in brackets, has the word for a
    password where a password goes; a stand-in user with a password slot named for what goes there
    (`username:api_token`, `app_user:app_pass`) is a template; a port above 65535 is made up. A password
    written there stays reported."""
    results, notes = engine_scan(tmp_path, {"agent/agent.conf": SAMPLE_CONF}, rules=frozenset({"DCR050"}))
    assert brief(results) == [("agent/agent.conf", 5, 29, "DCR050"), ("agent/agent.conf", 6, 30, "DCR050"),
                              ("agent/agent.conf", 9, 25, "DCR050"), ("agent/agent.conf", 11, 24, "DCR050")]
    assert notes == []


PEM_BODY = "MIIEpAIBAAKCAQEAq3Xk9Zb7Tn0Lm2Vr8Ws4Yd6Hf1Jc5Qp0Ae9Ug3Ko7Ri2Nx\nZk4Wq8Lm2Xk9Zb7Tn0Vr8Ws4Yd6Hf1Jc5Qp0"
KEY_B64 = base64.b64encode(f"-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}\n-----END RSA PRIVATE KEY-----\n"
                           .encode()).decode()
CERT_B64 = base64.b64encode(f"-----BEGIN CERTIFICATE-----\n{PEM_BODY}\n-----END CERTIFICATE-----\n"
                            .encode()).decode()
STUB_B64 = base64.b64encode(b"-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n").decode()

CLIENT_CONFIG = f"""\
apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    certificate-authority-data: {CERT_B64}
    server: https://192.0.2.30:6443
users:
- name: lab-admin
  user:
    client-certificate-data: {CERT_B64}
    client-key-data: {KEY_B64}
- name: lab-example
  user:
    client-key-data: {STUB_B64}
"""
KEY_SECRET = f"""\
apiVersion: v1
kind: Secret
metadata:
  name: edge-tls
type: kubernetes.io/tls
data:
  tls.crt: {CERT_B64}
  tls.key: {KEY_B64}
"""


def test_a_private_key_written_base64_encoded(tmp_path: Path) -> None:
    """A private key base64-encoded (a cluster client config's `client-key-data`) is the key
    written in the file, as its PEM text is: DCR051 at the value. Certificates and a key block
    with no key material stay silent; a Secret's key is DCR023's alone (one finding per secret)."""
    files = {"clusters/lab.yaml": CLIENT_CONFIG, "apps/edge/tls.yaml": KEY_SECRET}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR051", "DCR023"}))
    assert brief(results) == [("apps/edge/tls.yaml", 8, 12, "DCR023"), ("clusters/lab.yaml", 12, 22, "DCR051")]
    assert results[1].message == ("`client-key-data` holds a private key, base64-encoded; revoke it and load it "
                                  "from a secret store")
    assert KEY_B64 not in repr(results)
    assert notes == []


@pytest.mark.parametrize(("path", "found"), [
    ("clusters/kubeconfig", True), ("clusters/lab.kubeconfig", True), ("home/.kube/config", True),
    ("clusters/lab.config", False), ("clusters/config", False),
])
def test_a_kubeconfig_by_its_names(tmp_path: Path, path: str, found: bool) -> None:
    """A kubeconfig carries no `.yaml` under its conventional names (`kubeconfig`, `*.kubeconfig`,
    `.kube/config`): read as the YAML it is (`kind: Config`), its client key is found."""
    results, notes = engine_scan(tmp_path, {path: CLIENT_CONFIG}, rules=frozenset({"DCR051"}))
    assert brief(results) == ([(path, 12, 22, "DCR051")] if found else [])
    assert notes == []


def test_an_encoded_key_piped_to_a_decoder(tmp_path: Path) -> None:
    """A script writing a key file from its base64 (`echo <base64> | base64 -d > key.pem`)."""
    results, notes = engine_scan(tmp_path, {"setup.sh": f"#!/bin/sh\necho {KEY_B64} | base64 -d > /etc/app/key.pem\n"},
                                 rules=frozenset({"DCR051"}))
    assert brief(results) == [("setup.sh", 2, 6, "DCR051")]
    assert KEY_B64 not in repr(results)
    assert notes == []


FREEMARKER_VALUES = """\
<#-- rendered by the installer -->
app:
<#if config.mail.enabled?? && (config.mail.port > 0)>
  mail:
    host: ${config.mail.host}
    password: ${config.mail.password}
</#if>
<#list config.extraEnv as e>
  <#if e.name?has_content>
  extra: ${e.value}
  </#if>
</#list>
  adminPassword: Hq7vLm2xQ9
"""


def test_a_freemarker_yaml_template_is_read_as_yaml(tmp_path: Path) -> None:
    """A YAML file FreeMarker renders (`values.ftl.yaml`): its comments and directive lines render
    none of the YAML and are passed over (a directive's `>` inside parentheses is its expression's),
    its `${...}` are variables; the literal written in it is still found, and no notification."""
    results, notes = engine_scan(tmp_path, {"deploy/app/values.ftl.yaml": FREEMARKER_VALUES},
                                 rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/app/values.ftl.yaml", 13, 18, "DCR023")]
    assert notes == []


SETTINGS_SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: search-settings
stringData:
  LISTEN_ADDRESS: "0.0.0.0:8080"
  UPSTREAM: "192.0.2.8:9000"
  SESSION_KEY: "Vq8Lm2Xk9Zb7Tn0W"
"""


def test_an_address_kept_in_a_secret_is_no_secret(tmp_path: Path) -> None:
    """An IP address with its port is an address, as a host name with one is; the key beside it
    stays reported."""
    results, notes = engine_scan(tmp_path, {"deploy/settings.yaml": SETTINGS_SECRET}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/settings.yaml", 8, 17, "DCR023")]
    assert notes == []


PACK_JOB = """\
job [[ template "job_name" . ]] {
  datacenters = [[ var "datacenters" . | toPrettyJson ]]
  group "web" {
    task "server" {
      driver = "docker"
      config {
        image = [[ var "image" . | quote ]]
      }
    }
  }
}
"""
PACK_HELPERS = """\
[[- define "job_name" -]]
[[ coalesce (var "job_name" .) (meta "pack.name" .) | quote ]]
[[- end -]]

[[- define "region" -]]
[[- if not (eq (var "region" .) "") -]]
  region = [[ var "region" . | quote ]]
[[- end -]]
[[- end -]]
"""


def test_a_nomad_pack_renders_hcl(tmp_path: Path) -> None:
    """A Nomad Pack's templates (`templates/<job>.nomad.tpl`, helpers in its own `[[ ]]`
    delimiters) render a Nomad job's HCL, not YAML: read as the other rendered texts are, with no
    parse warning; a Helm chart's helpers stay Helm's."""
    files = {"packs/web/templates/web.nomad.tpl": PACK_JOB, "packs/web/templates/_helpers.tpl": PACK_HELPERS}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023", "DCR050", "DCR051"}))
    assert results == [] and notes == []
    from dcrlint.classify import FileKind, classify_text

    assert classify_text("packs/web/templates/_helpers.tpl", PACK_HELPERS) is FileKind.OTHER
    assert classify_text("chart/templates/_helpers.tpl", '{{- define "app.name" -}}\napp\n{{- end -}}\n') \
        is not FileKind.OTHER



MODULE_INVENTORY = """\
# rendered by templatefile()
[control]
${control_hosts}

[workers]
${worker_hosts}

[all:vars]
mirror=https://ci:Wq7vLm2xQ9@mirror.example.net/simple
"""
MODULE_SCRIPT = """\
## writes the registry Secret for the cluster
cat > ../deploy/registry.yaml << END
apiVersion: v1
kind: Secret
END
"""
MODULE_MANIFEST = """\
# rendered by templatefile()
apiVersion: v1
kind: Secret
metadata:
  name: ${name}
stringData:
  api-token: Vq8Lm2Xk9Zb7Tn0W
"""


def test_a_terraform_module_template_of_another_text(tmp_path: Path) -> None:
    """A `.tpl` under `templates/` with no Helm action is a text a Terraform module renders: one
    that does not start as YAML (an INI inventory, a script's lines) is read as lines of settings
    (a URL's password found), with no YAML warning; one that does (a manifest) is read as YAML, as before."""
    from dcrlint.classify import FileKind, classify_text

    files = {"infra/templates/inventory.tpl": MODULE_INVENTORY, "infra/templates/write-secret.tpl": MODULE_SCRIPT,
             "infra/templates/token-secret.tpl": MODULE_MANIFEST}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023", "DCR050", "DCR051"}))
    assert brief(results) == [("infra/templates/inventory.tpl", 9, 19, "DCR050")]
    assert notes == []
    assert [classify_text(p, t) for p, t in files.items()] == [FileKind.TEXT, FileKind.TEXT, FileKind.YAML]

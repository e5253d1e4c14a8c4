"""Terraform state (`*.tfstate`, `*.tfstate.backup`): every attribute of every resource in
plaintext. Its strings are read decoded at their exact places (a PEM written with `\\n` escapes
is a private key), a registry Secret's docker config is DCR022, a registry resource's login
DCR002; the messages say it is state. Fixtures written here; key material is the tests' fake."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify

KEY_BODY = ("MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
            "KUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm")
PEM = f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----\n"
PULL_PASSWORD = "Vd4qLm8Tz2xWp7Ns"
PUSH_PASSWORD = "Hs3kRb9Qy6wXe2Jt"
ECR_PASSWORD = "Zr5nWq2Lk8vTx4Mb7Yc1"
RULES = frozenset({"DCR002", "DCR022", "DCR023", "DCR030", "DCR050", "DCR051"})


def _resource(rtype: str, name: str, attributes: dict[str, Any], mode: str = "managed",
              module: str | None = None) -> dict[str, Any]:
    res: dict[str, Any] = {"mode": mode, "type": rtype, "name": name, "provider": "provider[\"x\"]",
                           "instances": [{"schema_version": 0, "attributes": attributes}]}
    if module:
        res["module"] = module
    return res


def _state(*resources: dict[str, Any]) -> str:
    return json.dumps({"version": 4, "terraform_version": "1.9.5", "serial": 7,
                       "lineage": "0d5c3f1e-8a2b-4c6d-9e0f-1a2b3c4d5e6f", "outputs": {},
                       "resources": list(resources)}, indent=2) + "\n"


def _docker_config(user: str, password: str) -> str:
    auth = base64.b64encode(f"{user}:{password}".encode()).decode()
    return json.dumps({"auths": {"registry.dcr.example": {"auth": auth}}})


def _at(text: str, needle: str) -> tuple[int, int]:
    """(line, column) of the first character of `needle` in text."""
    i = text.index(needle)
    return text.count("\n", 0, i) + 1, i - text.rfind("\n", 0, i)


STATE = _state(
    _resource("tls_private_key", "node", {"algorithm": "RSA", "private_key_pem": PEM,
                                          "public_key_openssh": "ssh-rsa AAAAB3NzaC1yc2E\n"}),
    _resource("kubernetes_secret_v1", "pull", {
        "type": "kubernetes.io/dockerconfigjson", "data": {".dockerconfigjson": _docker_config("puller", PULL_PASSWORD)},
        "metadata": [{"name": "pullcred", "namespace": "apps"}]}, module="module.cluster"),
    _resource("kubernetes_secret", "settings", {"type": "Opaque", "data": {"LOG_LEVEL": "debug"}}),
    _resource("aws_ecr_authorization_token", "ecr", {
        "proxy_endpoint": "https://210987654321.dkr.ecr.north-2.example", "user_name": "AWS",
        "password": ECR_PASSWORD, "expires_at": "2026-01-01T00:00:00Z"}, mode="data"),
    _resource("docker_registry_image", "app", {
        "name": "registry.dcr.example/app:1", "auth_config": [
            {"address": "registry.dcr.example", "username": "pusher", "password": PUSH_PASSWORD}]}),
)


def test_a_committed_state_is_read_for_its_secrets(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"infra/terraform.tfstate.backup": STATE}, rules=RULES, dedent=False)
    assert notes == []
    pem = _at(STATE, '-----BEGIN RSA')
    dcj = _at(STATE, '{\\"auths')
    ecr, push = _at(STATE, ECR_PASSWORD), _at(STATE, PUSH_PASSWORD)
    assert (pem, dcj, ecr, push) == ((18, 33), (35, 37), (76, 26), (96, 30))
    path = "infra/terraform.tfstate.backup"
    assert brief(results) == [(path, *pem, "DCR051"), (path, *dcj, "DCR022"), (path, *ecr, "DCR002"),
                              (path, *push, "DCR002")]
    messages = [r.message for r in results]
    assert messages[1] == ("Terraform state module.cluster.kubernetes_secret_v1.pull commits registry "
                           "credentials in .dockerconfigjson: registry.dcr.example (user puller)")
    assert "remote backend" in messages[0] and "remote backend" in messages[2]
    assert messages[2].startswith("hard-coded registry password in Terraform state "
                                  "data.aws_ecr_authorization_token.ecr for 210987654321.dkr.ecr.north-2.example "
                                  "(user AWS)")
    assert "docker_registry_image.app auth_config for registry.dcr.example (user pusher)" in messages[3]
    # the PEM's span: from its BEGIN through its END line's dashes, as written (escapes and all)
    end = STATE.index("-----END RSA PRIVATE KEY-----") + len("-----END RSA PRIVATE KEY-----")
    assert (results[0].end.line, results[0].end.column) == (pem[0], end - STATE.rfind("\n", 0, end))


def test_no_secret_in_the_output(lint: Any) -> None:
    text = lint.scan("terraform.tfstate", STATE, "--no-git", "--no-cache").printed \
        + lint("terraform.tfstate", "--no-git", "--no-cache", "--format", "json").printed
    assert text.count("DCR022") == 2
    for secret in (PULL_PASSWORD, PUSH_PASSWORD, ECR_PASSWORD, KEY_BODY.split("\n")[0][8:40],
                   base64.b64encode(f"puller:{PULL_PASSWORD}".encode()).decode()):
        assert secret not in text


def test_escaped_strings_are_read_decoded(tmp_path: Path) -> None:
    """A token written with a `\\u` escape, a URL with a password: read as the state holds them."""
    token = "ghp_" + "Q7xK2mP9wL4zR8tV3nB6yH1cF5gJ0sDaQwEr"
    state = _state(_resource("local_file", "env", {
        "content": "GH=" + token[:3] + "\\u005f" + token[4:] + "\n",
        "filename": "https://deployer:Wq8rTz4mKx2v@git.dcr.example/x.git"}))
    state = state.replace("\\\\u005f", "\\u005f")  # (json.dumps escaped the backslash)
    results, notes = engine_scan(tmp_path, {"terraform.tfstate": state}, rules=RULES, dedent=False)
    assert notes == []
    assert brief(results) == [("terraform.tfstate", *_at(state, "ghp\\u005f"), "DCR051"),
                              ("terraform.tfstate", *_at(state, "Wq8rTz4mKx2v"), "DCR050")]


def test_secret_data_and_registry_accounts(tmp_path: Path) -> None:
    """An Opaque Secret's data is DCR023's, as a `kubernetes_secret`'s literal data is (a setting
    word beside it is none); an Azure registry's admin login and a Harbor robot's secret are
    registry logins (DCR002), the registry named where the resource says it."""
    state = _state(
        _resource("kubernetes_secret", "app", {"type": "Opaque", "data": {
            "LOG_LEVEL": "debug", "DB_PASSWORD": "Rk5vTq8wLz3mYp"}}),
        _resource("azurerm_container_registry", "acr", {
            "login_server": "shopacr.azurecr.example", "admin_enabled": True, "admin_username": "shopacr",
            "admin_password": "Pn4xWq7Lz2vKt9Rb/Mc6Hd3Fs8Jy1Ge5+ACRb"}),
        _resource("azurerm_container_registry", "off", {"login_server": "off.azurecr.example",
                                                        "admin_enabled": False, "admin_password": ""}),
        _resource("harbor_robot_account", "ci", {"name": "ci", "full_name": "robot$ci", "secret": "Tm8vQz3xKp6wLr2N"}))
    results, notes = engine_scan(tmp_path, {"terraform.tfstate": state}, rules=RULES, dedent=False)
    assert notes == []
    assert brief(results) == [("terraform.tfstate", *_at(state, "Rk5vTq8wLz3mYp"), "DCR023"),
                              ("terraform.tfstate", *_at(state, "Pn4xWq7Lz2vKt9Rb"), "DCR002"),
                              ("terraform.tfstate", *_at(state, "Tm8vQz3xKp6wLr2N"), "DCR002")]
    assert [r.message.split(";")[0] for r in results] == [
        "Terraform state kubernetes_secret.app puts a plaintext value into key DB_PASSWORD",
        "hard-coded registry password in Terraform state azurerm_container_registry.acr for "
        "shopacr.azurecr.example (user shopacr)",
        "hard-coded registry password in Terraform state harbor_robot_account.ci (user robot$ci)"]


def test_near_misses(tmp_path: Path) -> None:
    """An Opaque Secret's settings are no registry login; a stand-in password is no credential;
    a public key is no secret; a registry Secret with no password holds none."""
    state = _state(
        _resource("tls_private_key", "node", {"public_key_pem": "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END "
                                                                "PUBLIC KEY-----\n"}),
        _resource("kubernetes_secret", "pull", {"type": "kubernetes.io/dockerconfigjson",
                                                "data": {".dockerconfigjson": _docker_config("puller", "changeme")}}),
        _resource("kubernetes_secret_v1", "empty", {"type": "kubernetes.io/dockerconfigjson",
                                                    "data": {".dockerconfigjson": '{"auths":{}}'}}),
        _resource("docker_registry_image", "app", {"name": "registry.dcr.example/app:1", "auth_config": []}))
    results, notes = engine_scan(tmp_path, {"terraform.tfstate": state}, rules=RULES, dedent=False)
    assert (brief(results), notes) == ([], [])


def test_a_state_that_is_no_json_is_noted_not_raised(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"terraform.tfstate": '{\n  "version": 4,\n  "resources": [\n'},
                                 rules=RULES, dedent=False)
    assert results == []
    assert [n.message.split(":")[0] for n in notes] == ["Terraform state"]


@pytest.mark.parametrize(("path", "head", "kind"), [
    ("terraform.tfstate", '{\n  "version": 4,\n  "terraform_version": "1.9.5"', FileKind.TERRAFORM_STATE),
    ("env/prod/terraform.tfstate.backup", '{"version": 3, "modules": []}', FileKind.TERRAFORM_STATE),
    ("terraform.tfstate.1700000000.backup", '{\n "version": 4', FileKind.TERRAFORM_STATE),
    ("errored.tfstate", '{"version": 4}', FileKind.TERRAFORM_STATE),
    ("pulled-state.json", '{"version": 4, "terraform_version": "1.5.0", "serial": 1, "lineage": "x"}',
     FileKind.TERRAFORM_STATE),
    # not state: no JSON object with the format's version; a JSON of another tool
    ("terraform.tfstate", "", FileKind.OTHER),
    ("notes.tfstate", "version 4 of the network", FileKind.OTHER),
    ("web/app.json", '{"name": "x", "version": "1.0.0"}', FileKind.OTHER),
    ("plan.json", '{"format_version": "1.2", "terraform_version": "1.9.5"}', FileKind.OTHER),
    ("backup.tar.backup", '{"version": 4}', FileKind.OTHER),
])
def test_classified_by_name_and_content(path: str, head: str, kind: FileKind) -> None:
    assert classify(path, head) is kind

"""Value semantics shared by every presence rule: what a literal under a secret-looking name is."""

from __future__ import annotations

import base64

import pytest

from dcrlint.values import hidden_secret, is_secret_name, not_a_secret, real_private_keys, setting_value

KEY_BODY = "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm"
PRIVATE_KEY = f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}\n-----END RSA PRIVATE KEY-----\n"
CERT = f"-----BEGIN CERTIFICATE-----\n{KEY_BODY}\n-----END CERTIFICATE-----\n"
SSH_PUB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq0aPq1dE2FYjvBlG6sZQpvT6f0n9qM2wX1bC3dE4fG ci@build"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("value", [
    "yes", "true", "False", "on", "random", "8", "30s", "10Gi", "2019-03-20T17:54:53Z", "^.{8,32}$",
    "/etc/secrets/db-password", "./creds/token.txt", "https://vault.example.org/v1/secret",
    "db.internal.example.org", "ops@example.org", CERT, SSH_PUB,
    f"github.com {SSH_PUB}\n|1|Zm9vYmFy|YmF6cXV4 {SSH_PUB}\n",
    "ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]", "-----BEGIN PGP MESSAGE-----\nhQEMA\n-----END PGP MESSAGE-----",
    "noop", "NOOP", "no-op", "changeit", "CHANGEME!", "change-this-value", "Replace_with_your_token", "change me", "MISSING", "**SOPS**", "nvapi-NVKEY", "sk-YOUR_KEY", "ocid1.tenancy.oc1..example_tenancy_id",
    "PUBLIC_KEY=signing-key:public_key\nGPG_PASSPHRASE=signing-key:passphrase\n",
    b64("MISSING"), b64("changeme"), b64("true"),
    "sha1:5b8f0e7c2d1a:0c4f5e2b7a9d8c1e3f6a0b2c4d6e8f1a3b5c7d9e", "htpasswd", "basic-auth", "key-auth", "OAuth2", "openid-connect", "LDAP", "simple",
    "jiraToken", "dbPassword", "aaaa1111", "ffff-9999", "11111111-2222-3333-4444-555555555555",
    "uid=ci,ou=people,dc=example,dc=org", "CN=Build Bot, OU=Robots, DC=example, DC=org",
    b64("cn=reader,dc=example,dc=org"), "10.244.0.0/16", "0.0.0.0/0", "192.168.1.10, 10.0.0.0/8",
])
def test_not_secrets(value: str) -> None:
    assert not_a_secret(value) is not None
    assert not_a_secret(value, literal_dollar=True) is not None


def test_substitutions_in_data_are_not_literals() -> None:
    for v in ("$(workspaces.basic-auth.bound)", "$(params.token_expiration_minutes)", "$(inputs.params.x)"):
        assert not_a_secret(v, literal_dollar=True) == "not a literal"


@pytest.mark.parametrize("value", [
    "Kq8vT2mWz9", "hunter2", "migration", "p@ssw0rd", "s3cr3t", "robot$ci-pull", "correct-horse-battery-staple",
    "123456789012345", b64("Kq8vT2mWz9"), PRIVATE_KEY, b64(PRIVATE_KEY), "admin:admin123",
    "PASSWORD=hunter2", "Harbor12345", "guest", "supersecret", "abcd1234", "Tr0ub4dor&3",
    "noop2024", "noopKq8vT2", "no-op-Kq8v", "testing-password", "mysql_strong_password", "my-little-secret", "changeling", "Replace1234",
    "sha1:5b8f0e7c2d1a:0c4f5e2b7a9d8c1e3f6a0b2c4d6e8f1a3b5c7d", "md5:Kq8vT2mWz9",
    # near misses of an LDAP name: one part, or a password that only holds `=` and `,`
    "uid=ci", "cn=Kq8vT2mWz9", "Kq8v=T2mW,z9=x", "pw=Kq8vT2mWz9,x=1",
    # near misses of a network address: more digits, a password of digits and dots with a word
    "1234.5.6.7", "10.0.0.1/8x", "Kq8v10.0.0.1",
])
def test_secrets(value: str) -> None:
    assert not_a_secret(value, literal_dollar=True) is None


def test_dollar_in_data_and_in_shell() -> None:
    from dcrlint.values import ValueKind, classify

    assert classify("robot$ci-pull", literal_dollar=True) is ValueKind.LITERAL
    assert classify("pa$$word", literal_dollar=True) is ValueKind.LITERAL
    assert classify("robot$ci-pull") is ValueKind.VARIABLE  # in shell, $ci expands
    for v in ("$PASSWORD", "${PASSWORD}", "pre-${X}"):
        assert classify(v, literal_dollar=True) is ValueKind.VARIABLE


@pytest.mark.parametrize(("key", "value"), [
    ("type", "helm"), ("type", "oci"), ("cluster", "in-cluster"), ("region", "us-east-1"), ("role", "Admin"),
    ("project", "my_project"), ("project", b64("default")), ("tenancy_ocid", "ocid1.tenancy.oc1..aaaa"),
    ("owner-team", "team-a"), ("value", "true"), ("key", "https://example.org/x"),
])
def test_settings_in_secret_data(key: str, value: str) -> None:
    assert setting_value(value, key)


@pytest.mark.parametrize(("key", "value"), [
    ("value", "s3cr3t"), ("type", "p@ssw0rd"), ("key", "Kq8vT2mWz9"), ("project", b64("Kq8vT2mWz9")),
    ("type", b64(PRIVATE_KEY)), ("key", "trellispass"), ("data", "helm"),
])
def test_secret_material_in_secret_data(key: str, value: str) -> None:
    assert not setting_value(value, key)


def test_placeholder_private_keys_are_not_keys() -> None:
    for body in ("...", "YOUR_ACTUAL_PRIVATE_KEY_CONTENT_HERE", "<your key>", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"):
        assert not real_private_keys(f"-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----")
    assert real_private_keys(PRIVATE_KEY)


def test_hidden_secrets() -> None:
    sa = '{"type": "service_account", "private_key": "' + PRIVATE_KEY.replace("\n", "\\n") + '"}'
    assert hidden_secret(b64(sa)) == "a service-account key"
    assert hidden_secret(b64(PRIVATE_KEY)) == "a private key"
    assert hidden_secret(b64(CERT)) is None and hidden_secret("hunter2") is None


@pytest.mark.parametrize("name", ["DB_PASSWORD", "registry-token", "apiKey", "secretKey", "GPG_PASSPHRASE_X",
                                  "AUTH_TOKEN", "client_secret", "NUMBERS_API_TOKEN", "MINIO_SECRET_KEY",
                                  "ADMIN_TOKEN", "N8N_API_KEY", "N8N_TOKEN", "n8nPassword", "I18N_TOKEN",
                                  "K8N_SECRET", "IMAGE_PULL_PASSWORD", "imageToken", "REGISTRY_IMAGE_SECRET",
                                  "MANAGER_PASSWORD", "secretManagerToken", "vault.example.com/agent-inject-token",
                                  "example.com/password", "app/password", "auth/token"])
def test_secret_names(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["PWD", "OLDPWD", "passwordPattern", "admin.passwordMtime", "GF_AUTH_ORG_ROLE",
                                  "TOKEN_URL", "authType", "PASSWORD_FILE", "secretNamespace",
                                  "authDatabase", "AUTH_DB", "authMechanism", "secret_name_template", "CASSANDRA_NUM_TOKENS", "maxTokens", "MIN_KEYS_PER_NODE", "total_passwords", "N_TOKENS",
                                  "authProxyImage", "AUTH_PROXY_IMAGE", "secret-sync-images",
                                  "secrets_manager", "PASSWORD_MANAGER", "secretManager",
                                  "secret.reloader.example.com/reload", "token.example.io/issuer",
                                  "ingress.example.com/auth-response-headers"])
def test_names_about_secrets(name: str) -> None:
    assert not is_secret_name(name)


def test_name_words_are_cached_as_a_tuple() -> None:
    """`name_words` is cached: its answer is a tuple, which no caller can change under the next."""
    from dcrlint.values import name_words

    assert name_words("secretValue12") == ("secret", "value", "12")
    assert name_words("DB_PASSWORD") is name_words("DB_PASSWORD")
    assert name_words("a.b-c") == ("a", "b", "c") and name_words("") == ()


@pytest.mark.parametrize(("value", "named"), [
    ("secretValue1", True), ("TOKEN_VALUE_2_3", True), ("jiraToken", True), ("S3_PASSWORD", True),
    ("X_PASSWORD1", False),  # (a number after a secret noun: it may be a password)
    ("secretValue1x", False), ("VALUE_1", False), ("SOME_VALUE_1", False), ("myValue", False),
])
def test_a_counted_secret_value_names_a_secret(value: str, named: bool) -> None:
    """A number after `value` counts values (`secretValue1`); a value with no secret noun before
    it, or a tail after the number, names none."""
    from dcrlint.values import _names_a_secret

    assert _names_a_secret(value) is named

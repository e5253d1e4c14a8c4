"""Values under secret names that are no secret, found scanning public repositories none of
us wrote (fixtures written here): each test holds one principle, end to end, beside a real
secret that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR002", "DCR023", "DCR050", "DCR051"})
REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


def test_an_instruction_to_change_the_value_is_a_stand_in(tmp_path: Path) -> None:
    values = f"""\
vault:
  token: change-this-value
rcon:
  password: "CHANGEME!"
  secret: Replace_with_your_secret
  adminPassword: {REAL}
"""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 6, 18, "DCR023")]
    assert notes == []


def test_an_authentication_method_is_a_setting(tmp_path: Path) -> None:
    values = f"""\
portal:
  portal_auth: basic-auth
  admin_gui_auth: key-auth
  auth: {REAL}
"""
    deploy = f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: registry}}
spec:
  template:
    spec:
      containers:
      - name: registry
        image: registry:2
        env:
        - name: REGISTRY_AUTH
          value: "htpasswd"
        - name: REGISTRY_HTTP_SECRET
          value: {REAL}
        - name: ETCD_AUTH_TOKEN
          value: simple
"""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values, "deploy.yaml": deploy}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 4, 9, "DCR023"), ("deploy.yaml", 14, 18, "DCR023")]
    assert notes == []


# Salted as a notebook server keeps its password (made up, of each digest's length)
SALTED_SHA1 = "sha1:5b8f0e7c2d1a:0c4f5e2b7a9d8c1e3f6a0b2c4d6e8f1a3b5c7d9e"
SALTED_SHA256 = "sha256:0a1b2c3d4e5f:" + "8d2f4a6c" * 8


def test_a_salted_password_hash_is_a_verifier(tmp_path: Path) -> None:
    values = f"""\
jupyter:
  password: '{SALTED_SHA1}'  # the hash of the password, not it
notebook:
  password: {SALTED_SHA256}
other:
  password: sha1:{REAL}
"""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    # the last is no digest: a password that starts like a hash
    assert brief(results) == [("chart/values.yaml", 6, 13, "DCR023")]
    assert notes == []


KEY_BODY = "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\\nKUpRKfFLfRYC9AIKjbJTWit+CqvjWYzvQwECAwEAAQJAIJLixBy2qpFoS4DSmoEm"


def service_account(body: str) -> str:
    return ("'{\n    \"type\": \"service_account\",\n    \"project_id\": \"project\",\n"
            f"    \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n\",\n"
            "    \"client_email\": \"sa@project.iam.gserviceaccount.com\"\n  }'")


def test_a_service_account_key_without_key_material_is_a_template(tmp_path: Path) -> None:
    values = f"""\
proxy:
  credentials:
    {service_account("YOUR_KEY")}
other:
  credentials:
    {service_account(KEY_BODY)}
"""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 11, 6, "DCR023")]
    assert notes == []


def test_a_chart_value_path_names_where_the_secret_is(tmp_path: Path) -> None:
    template = f"""\
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: db}}
spec:
  template:
    spec:
      containers:
      - name: db
        image: postgres:16
        env:
        {{{{- if .Values.initPassword }}}}
        - name: BOOTSTRAP_SCRIPTS_PASSWORD
          value: .Values.initPassword
        {{{{- end }}}}
        - name: ADMIN_PASSWORD
          value: {REAL}
"""
    results, notes = engine_scan(tmp_path, {"chart/Chart.yaml": "name: db\\n",
                                            "chart/templates/db.yaml": template}, rules=RULES)
    assert brief(results) == [("chart/templates/db.yaml", 16, 18, "DCR023")]
    assert notes == []


def test_an_expansion_with_a_default_is_one_word_of_a_url(tmp_path: Path) -> None:
    script = """\
#!/bin/sh
wait_for "redis://${REDIS_PASSWORD:-}@${REDIS_HOST}:6379"
wait_for "redis://${REDIS_USER:-app}:Wm5-quartz-81-Zt@cache:6379"
"""
    results, notes = engine_scan(tmp_path, {"wait.sh": script}, rules=RULES)
    assert brief(results) == [("wait.sh", 3, 38, "DCR050")]
    assert notes == []


def test_a_name_ending_in_what_it_holds_besides_auth(tmp_path: Path) -> None:
    values = f"""\
externalDatabase:
  authDatabase: app_auth
  authMechanism: SCRAM-SHA-256
  authPassword: {REAL}
"""
    results, notes = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 4, 17, "DCR023")]
    assert notes == []


def test_a_template_for_a_secret_is_no_secret(tmp_path: Path) -> None:
    config = f"""\
apiVersion: v1
kind: ConfigMap
metadata: {{name: operator}}
data:
  secret_name_template: "{{username}}.{{cluster}}.credentials"
  password_template: "{{{{ .Release.Name }}}}-password"
  replication_password: {REAL}
"""
    results, notes = engine_scan(tmp_path, {"operator.yaml": config}, rules=RULES)
    assert brief(results) == [("operator.yaml", 7, 25, "DCR023")]
    assert notes == []


def test_a_value_that_says_it_is_no_secret_is_a_stand_in(tmp_path: Path) -> None:
    """A value whose words say it is none (insecure, not secure, not a secret) or a credential word
    after `my` (as `my-password` already was) is a stand-in, as `changeme` is; near misses: such a
    word inside a value of a credential's shape, or a word that only starts as one does."""
    values = f"""\
global:
  database:
    password: notsecurepw
  adminPassword: INSECURE
  apiToken: not-a-real-token
  secret: this_is_not_a_secret
  dbPassword: mypwd
  rootPassword: MyPassword1
  cachePassword: Insecure-Hq4zT9Lm
  queuePassword: nothing-Hq4zT9Lm
  mailPassword: mypass-Hq4zT9Lm
  registryPassword: {REAL}
"""
    results, _ = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 9, 18, "DCR023"), ("chart/values.yaml", 10, 18, "DCR023"),
                              ("chart/values.yaml", 11, 17, "DCR023"), ("chart/values.yaml", 12, 21, "DCR023")]


def test_stand_ins_in_a_login_in_every_spelling(tmp_path: Path) -> None:
    """The values that say they are none or are `my`/`some` + a (shortened) credential word, run
    together, are stand-ins in a script's login too (guard R22, R23): DCR001 only. Near misses with a
    credential's shape glued on stay literals (DCR002)."""
    stand_ins = ["notarealpassword", "notreal123", "NotReal", "mypw", "mycreds", "mykey", "somesecret",
                 "notsafe", "not_safe_pw", "unsafe", "not-so-secure"]
    literals = ["mykeyHq4zT9Lm", "notsafe-Hq4zT9Lm"]
    script = "".join(f"docker login -u ci -p {v} registry.example.com\n" for v in [*stand_ins, *literals])
    results, _ = engine_scan(tmp_path, {"login.sh": script}, rules=frozenset({"DCR002"}))
    first = len(stand_ins) + 1
    assert brief(results) == [("login.sh", first, 23, "DCR002"), ("login.sh", first + 1, 23, "DCR002")]


def test_a_cloud_resource_name_is_a_reference(tmp_path: Path) -> None:
    """An ARN names the secret a program reads (Secrets Manager, SSM, KMS), at top level and in a
    map alike (guard R26); a literal beside them, and a value only starting as one, are reported."""
    tfvars = """\
db_password = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"
ecs_secrets = {
  DB_PASSWORD = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf"
  API_TOKEN   = "arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/prod/api-token"
  CACHE_PASSWORD = "Hq4zT9Lm77Xq2wPz"
}
password_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"
admin_password = "arn-Hq4zT9Lm77Xq2wPz"
"""
    results, _ = engine_scan(tmp_path, {"prod.tfvars": tfvars}, rules=RULES)
    assert brief(results) == [("prod.tfvars", 5, 21, "DCR023"), ("prod.tfvars", 8, 19, "DCR023")]


def test_a_stand_in_word_numbered_or_dated(tmp_path: Path) -> None:
    """A stand-in word with a short number is a numbered stand-in (`password1`, `password123`,
    `MyPassword12`: fixtures number them); with a year or a longer number (`MyPassword2024`,
    `secret20251`) it is a password someone made up from the word, reported."""
    values = """\
db:
  password: password123
  replicaPassword: mypassword1
  backupPassword: MyPassword12
  adminPassword: MyPassword2024
  rootPassword: password2025
  apiToken: secret20251
"""
    results, _ = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 5, 18, "DCR023"), ("chart/values.yaml", 6, 17, "DCR023"),
                              ("chart/values.yaml", 7, 13, "DCR023")]


def test_words_saying_not_secure_with_trailing_punctuation(tmp_path: Path) -> None:
    """Held-out 17a E2: the words decide whatever punctuation ends them (`Not-So-Secure!`, as a
    sample meeting a complexity rule writes it); a credential's shape after them stays reported."""
    values = """\
metrics:
  password: 'Not-So-Secure!'
  token: 'not-a-real-one?'
  secret: 'insecure...'
  apiKey: 'notsafe-Hq4zT9Lm!'
"""
    results, _ = engine_scan(tmp_path, {"chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 5, 12, "DCR023")]


def test_a_name_ending_in_repository_names_one(tmp_path: Path) -> None:
    """Held-out 17a E1: a name whose last word is repo/repository holds a repository's name
    (`VAULT_TOKEN_REPO`: the token service's repository), as one ending in image or registry
    does; a secret word last stays a secret's name."""
    env = ("REGISTRY_HOST='registry.example.net'\nVAULT_TOKEN_REPO='vault_token_svc'\n"
           "AUTH_SECRET_REPOSITORY='auth_secret_site'\nPASSWORD_REPOS='pw_reset_ui pw_reset_api'\n"
           "REPO_TOKEN=Kq8vTm2xRz5wLp7n\n")
    results, _ = engine_scan(tmp_path, {".env": env}, rules=RULES)
    assert brief(results) == [(".env", 5, 12, "DCR023")]


def test_the_secret_half_of_an_access_key_pair_whatever_its_shape(tmp_path: Path) -> None:
    """Held-out 17b M4: a `secretKey` with its pair's access key beside it is that pair's secret,
    even shaped as a data key's name (letters, no digit); the access key stays who signs. Alone, or
    beside a named Secret, such a value names the key of a Secret's data, as before."""
    values = """\
archive:
  existingSecret: ""
  accessKey: "archiver"
  secretKey: "archiverpass"
exporter:
  existingSecret: exporter-creds
  secretKey: exporter-token
lone:
  secretKey: admin-password
"""
    results, _ = engine_scan(tmp_path, {"chart/Chart.yaml": "name: vault\nversion: 0.1.0\n",
                                        "chart/values.yaml": values}, rules=RULES)
    assert brief(results) == [("chart/values.yaml", 4, 15, "DCR023")]

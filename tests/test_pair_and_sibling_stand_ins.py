"""Two stand-in readings kept to what makes them stand-ins (R39, R42): a `user:password` pair is a
placeholder only when its user part is a user's name (an API key sent as the basic-auth user with a
dummy password is the secret); in an example env file, a password equal to a sibling is a stand-in
only when the sibling names a user, a database or a host and the value is shaped as a name.
A pair whose password part alone is a placeholder (`user:password`, `bob:<password>`) is one."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

TOKEN = "Qm7ZkR2xWp9LtV4nBc"  # made up, 18 characters


def test_a_pair_with_a_credential_as_its_user_is_a_secret(tmp_path: Path) -> None:
    env = (f"REGISTRY_AUTH={TOKEN}:x\nDOCKER_AUTH=user:password\nAPI_CREDENTIALS={TOKEN}:changeme\n"
           "CI_AUTH=ci-bot:changeme\n")
    results, _ = engine_scan(tmp_path, {"deploy/.env": env}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/.env", 1, 15, "DCR023"), ("deploy/.env", 3, 17, "DCR023")]


def test_an_example_password_equal_to_a_sibling_name(tmp_path: Path) -> None:
    example = ("DB_HOST=localhost\nDB_USER=app\nDB_PASSWORD=app\nAPP_ENV=production\nAPI_TOKEN=production\n"
               "KEYCLOAK_ADMIN=admin\nKEYCLOAK_ADMIN_PASSWORD=admin\n")
    sample = f"POSTGRES_USER={TOKEN}\nPOSTGRES_PASSWORD={TOKEN}\n"
    results, _ = engine_scan(tmp_path, {"a/.env.example": example, "b/.env.sample": sample},
                             rules=frozenset({"DCR023"}))
    assert brief(results) == [
        ("a/.env.example", 5, 11, "DCR023"),  # equal to a setting that names no account
        ("b/.env.sample", 2, 19, "DCR023"),  # a random string as user and password both: a real pair
    ]


PAIRS = """\
pipeline {
  agent any
  environment {
    CI_AUTH='user:password'
    WEB_AUTH='admin:changeme'
    PROXY_AUTH='bob:<password>'
    HOOK_AUTH='user:Kq7-lantern-52'
    ADMIN_AUTH='admin:admin'
    SVC_AUTH='svc:password:Kq7'
  }
  stages { stage('a') { steps { sh 'make' } } }
}
"""


def test_a_user_password_pair_whose_password_is_a_placeholder_is_one(tmp_path: Path) -> None:
    """A `user:password` pair (basic auth, htpasswd style) whose password part alone is a
    placeholder (`password`, `changeme`, `<password>`) gives away nothing more than that part
    alone would. A pair with a real password, the stock pair `admin:admin` and a value with
    two colons stay reported."""
    results, notes = engine_scan(tmp_path, {"Jenkinsfile": PAIRS}, rules=frozenset({"DCR010"}))
    assert brief(results) == [("Jenkinsfile", 7, 16, "DCR010"), ("Jenkinsfile", 8, 17, "DCR010"),
                              ("Jenkinsfile", 9, 15, "DCR010")]
    assert notes == []

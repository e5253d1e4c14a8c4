"""Two stand-in readings kept to what makes them stand-ins (R39, R42): a `user:password` pair is a
placeholder only when its user part is a user's name (an API key sent as the basic-auth user with a
dummy password is the secret); in an example env file, a password equal to a sibling is a stand-in
only when the sibling names a user, a database or a host and the value is shaped as a name."""

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

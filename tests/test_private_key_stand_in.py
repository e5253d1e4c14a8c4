"""A PEM private-key block with no key material in its body (`...`, the bare prefix every RSA
key starts with) is a stand-in, as `keymaterial.real_private_keys` already judges key files: no
presence rule reports it. A block whose body is key-sized base64 stays reported."""

from __future__ import annotations

from typing import Any

from dcrlint.notsecret import not_a_secret

STUB = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----"
BODY = "MIIEpAIBAAKCAQEAq3Xk9Zb7Tn0Lm2Vr8Ws4Yd6Hf1Jc5Qp0Ae9Ug3Ko7Ri2Nx"
KEY = f"-----BEGIN RSA PRIVATE KEY-----\\n{BODY}\\n-----END RSA PRIVATE KEY-----"


def test_a_stub_key_is_a_stand_in() -> None:
    assert not_a_secret(STUB) == "a private key's stand-in"
    assert not_a_secret("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----") == "a private key's stand-in"
    assert not_a_secret(KEY) is None
    assert not_a_secret(STUB + " trailing text") is None  # more than a block: judged as before


def test_env_file_and_workflow(lint: Any) -> None:
    lint.write(".env.test", f'GITHUB_APP_PRIVATE_KEY="{STUB}"\nDEPLOY_PRIVATE_KEY="{KEY}"\n')
    lint.write(".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    env:\n"
               f'      APP_PRIVATE_KEY: "{STUB}"\n      DEPLOY_PRIVATE_KEY: "{KEY}"\n'
               "    steps:\n      - run: make test\n")
    run = lint("--format", "json", "--fail-on", "never", ".")
    assert run.where() == [
        ("DCR010", 7, 28, 7, 154),  # the workflow's key-sized body
        ("DCR023", 2, 21, 2, 147),  # the env file's
    ]


def test_a_body_of_one_word_repeated_is_a_stand_in() -> None:
    """Held-out 17b F2: key material is random bytes; a body that repeats one short run over every
    line (or over the whole) only shows the shape. A real body with a few repeated characters in
    one line (`AAAA`, as DER lengths and padding give) stays a key."""
    line = ("PlaceholderBody" * 5)[:64]
    repeated = "-----BEGIN RSA PRIVATE KEY-----\n" + f"{line}\n" * 3 + "-----END RSA PRIVATE KEY-----"
    whole = "-----BEGIN PRIVATE KEY-----\n" + "Ab3" * 30 + "\n-----END PRIVATE KEY-----"
    assert not_a_secret(repeated) == "a private key's stand-in"
    assert not_a_secret(whole) == "a private key's stand-in"
    real = (f"-----BEGIN RSA PRIVATE KEY-----\n{BODY}\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
            "Wq9Lm3Xt7Rv2Kp8Zc4Yn6Hb1Jd5Qs0Ae9Uf3Ko7Ri2Nx8Tg4Mv6Pw1Sb5Cy7Dh0E\n-----END RSA PRIVATE KEY-----")
    assert not_a_secret(real) is None

"""Jenkins keeps each stored secret encrypted with its controller's own key (`hudson.util.Secret`:
`{AQAAABAAAA...}`, what a JCasC export or a job's `config.xml` holds): ciphertext, safe to commit
as SOPS and Ansible Vault values are (keymaterial.encrypted). A JCasC credential's `secret` or
`password` written so is no literal; before, it was reported whenever its base64 held a `+` or
`/`, and passed over (as a format field) when it did not."""

from __future__ import annotations

import base64
from pathlib import Path

from conftest import brief, engine_scan

from dcrlint.keymaterial import encrypted
from dcrlint.notsecret import not_a_secret


def _jenkins_secret(body: bytes) -> str:
    # version 1, a 16-byte IV's length, the data's length, IV, data: as Jenkins writes one
    blob = b"\x01" + (16).to_bytes(4, "big") + len(body).to_bytes(4, "big") + bytes(range(16)) + body
    return "{" + base64.b64encode(blob).decode() + "}"


SEALED = _jenkins_secret(bytes(range(200, 232)))  # (made-up bytes: a `+` and `/` in its base64)
PW = "Tq7vLm3Wz8Rk"  # a made-up password


def test_jenkins_secret_is_ciphertext() -> None:
    assert SEALED.startswith("{AQAAABAAAA") and ("+" in SEALED or "/" in SEALED)
    assert encrypted(SEALED) and not_a_secret(SEALED) is not None
    assert not encrypted("{AQAAABAAAA}") and not encrypted("{" + PW + "}")


def test_jcasc_credentials_exported_encrypted(tmp_path: Path) -> None:
    casc = f"""\
        jenkins:
          systemMessage: ci
        credentials:
          system:
            domainCredentials:
              - credentials:
                  - string:
                      id: "registry-token"
                      scope: GLOBAL
                      secret: "{SEALED}"
                  - usernamePassword:
                      id: "registry-login"
                      username: "ci-bot"
                      password: "{SEALED}"
                  - string:
                      id: "chat-token"
                      scope: GLOBAL
                      secret: "{PW}"
        """
    results, _ = engine_scan(tmp_path, {"casc/jenkins.yaml": casc}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("casc/jenkins.yaml", 18, 24, "DCR023")]

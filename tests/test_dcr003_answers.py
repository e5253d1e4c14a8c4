"""DCR003 in scripts that answer their caller, and digests (guard R47, R48).

A script named for handing a credential to the program running it prints that credential to
its caller's stdout, by design: git's askpass and credential helpers any, an Ansible vault
password client the vault password. Only a script file (a workflow's output is its job log),
and never a trace (stderr is no answer) nor another secret it prints. A digest stage inside a
substitution hides the secret only when it is one simple command and nothing after it expands
the secret (single-quoted `$1` of awk expands nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

LOGIN = "echo \"$REGISTRY_PASSWORD\" | docker login -u ci --password-stdin registry.example.com\n"


def test_helpers_answer_only_with_their_credential(tmp_path: Path) -> None:
    files = {
        "roles/app/files/vault_pass.sh": '#!/bin/sh\necho "${ANSIBLE_VAULT_PASSWORD}"\n',
        "bin/git-askpass.sh": '#!/bin/sh\necho "$GIT_TOKEN"\n',
        # git runs `git-credential-NAME` for `credential.helper = NAME`: its stdout is the answer
        "tools/git-credential-vaultkv": '#!/bin/bash\nread -r line\necho "username=ci"\n'
                                        'echo "password=${KV_PASSWORD}"\n',
        # a script named for installing a helper is none (the name must start with it)
        "scripts/install-git-credential-manager.sh": '#!/bin/bash\necho "token: $GCM_TOKEN"\n',
        # another secret printed by a vault client: a leak
        "scripts/generate-vault-password.sh": '#!/bin/bash\necho "$VAULT_PASSWORD" > .vault_pass\n'
                                              'echo "Registry password: $REGISTRY_PASSWORD"\n',
        # a trace goes to stderr: shown, whatever the name
        "scripts/vault_passwd_login.sh": "#!/bin/bash\nset -x\n" + LOGIN,
        # a CI definition's output is its log: no helper, whatever its name
        ".github/workflows/rotate-vault-password.yml": (
            "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n"
            "          echo \"$REGISTRY_PASSWORD\"\n        env:\n"
            "          REGISTRY_PASSWORD: ${{ secrets.REGISTRY_PASSWORD }}\n"),
    }
    results, _ = engine_scan(tmp_path, files, dedent=False, rules=frozenset({"DCR003"}))
    assert brief(results) == [
        (".github/workflows/rotate-vault-password.yml", 7, 11, "DCR003"),
        ("scripts/generate-vault-password.sh", 3, 1, "DCR003"),
        ("scripts/install-git-credential-manager.sh", 2, 1, "DCR003"),
        ("scripts/vault_passwd_login.sh", 2, 1, "DCR003"),
    ]


def test_a_digest_stage_is_one_simple_command(tmp_path: Path) -> None:
    files = {
        "a.sh": '#!/bin/bash\necho "fp: $(sha256sum <<<"$API_TOKEN"; echo "$API_TOKEN")"\n',
        "b.sh": '#!/bin/bash\necho "fp: $(cksum <<<"$API_TOKEN" && printf %s "$API_TOKEN")"\n',
        "c.sh": "#!/bin/bash\necho \"fp: $(printf %s \"$API_TOKEN\" | md5sum | awk '{print $1}')\"\n",
        "d.sh": '#!/bin/bash\necho "fp: $(printf %s "$API_TOKEN" | sha256sum | cut -c1-12)"\n',
        "e.sh": "#!/bin/bash\necho \"fp: $(printf %s \"$API_TOKEN\" | md5sum | awk \"{print \\$1 $API_TOKEN}\")\"\n",
    }
    results, _ = engine_scan(tmp_path, files, dedent=False, rules=frozenset({"DCR003"}))
    assert brief(results) == [("a.sh", 2, 1, "DCR003"), ("b.sh", 2, 1, "DCR003"), ("e.sh", 2, 1, "DCR003")]


PRINT_PASSWORD = '#!/bin/sh\necho "${ANSIBLE_VAULT_PASSWORD}"\n'


@pytest.mark.parametrize("path", [
    "tools/lib/ansible_vault_env_pass_file.sh", "vault_pass.sh", "bin/vault-password-client.sh",
    "scripts/.vaultpass.sh", "ci/get-vault-pass.sh",
])
def test_a_vault_password_client_prints_to_ansible(tmp_path: Path, path: str) -> None:
    """Ansible runs a `--vault-password-file` that is executable and reads the password from
    its stdout; such scripts are named for it, as askpass programs and credential helpers are:
    what they print goes to the program running them, not to a log."""
    results, notes = engine_scan(tmp_path, {path: PRINT_PASSWORD}, rules=frozenset({"DCR003"}))
    assert results == [] and notes == []


@pytest.mark.parametrize("path", ["vault-bypass.sh", "roles/vault/files/pass.sh", "deploy/print-vault.sh",
                                  "vault/passwd.sh"])
def test_other_scripts_printing_a_vault_password_leak(tmp_path: Path, path: str) -> None:
    results, notes = engine_scan(tmp_path, {path: PRINT_PASSWORD}, rules=frozenset({"DCR003"}))
    assert brief(results) == [(path, 2, 1, "DCR003")]
    assert notes == []

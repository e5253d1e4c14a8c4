"""A Terraform variable's description says what it holds (`references.describes_where_kept`): the
name, path, id or the entry containing a secret (`Kube Secret Name`, `The SSM key to save the
password`) is where the secret is kept, not the secret. A description whose subject is the
credential itself, or none, keeps the default reported, and so does a default of a credential's
shape whatever the words say."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


VARIABLES_TF = f"""\
variable "github_app_key_kvsecret" {{
  description = "The Key Vault secret containing the GitHub App private key"
  type        = string
  default     = "github-private-key"
}}
variable "chamber_name_token" {{
  default     = "spotinst_token"
  description = "Chamber parameter name to store the Spotinst token"
}}
variable "kube_secret" {{
  description = "Kube Secret Name for the VPN"
  default     = "tailscale"
}}
variable "ssm_key_password" {{
  default     = "admin/db_password"
  description = "The SSM key to save the password"
}}
variable "admin_password" {{
  description = "The admin password"
  default     = "{REAL}"
}}
variable "ci_token" {{
  description = "Token of the user named ci"
  default     = "Hx3-lattice-27-Pqr"
}}
variable "db_password" {{
  default = "Pq8-harbor-41-Zns"
}}
variable "registry_password" {{
  description = "Password the CI user uses to read images from the registry"
  default     = "Hq4zT9Lm77ab"
}}
variable "api_token" {{
  description = "API token with rights to store artifacts"
  default     = "Hq4zT9Lm77ef"
}}
"""


def test_a_variable_described_as_where_a_secret_is_kept(tmp_path: Path) -> None:
    """A Terraform variable's description says what it holds: the name, path, id or the entry
    containing a secret (`Kube Secret Name`, `The SSM key to save the password`) is where the
    secret is kept, not the secret. A description of the secret itself (`The admin password`,
    `Token of the user named ci`) or none keeps the default reported, and so does a default of a
    credential's shape whatever the words say (`... uses to read images`: guard R16)."""
    results, notes = engine_scan(tmp_path, {"modules/runner/variables.tf": VARIABLES_TF}, rules=RULES)
    assert brief(results) == [("modules/runner/variables.tf", 20, 18, "DCR023"),
                              ("modules/runner/variables.tf", 24, 18, "DCR023"),
                              ("modules/runner/variables.tf", 27, 14, "DCR023"),
                              ("modules/runner/variables.tf", 31, 18, "DCR023"),
                              ("modules/runner/variables.tf", 35, 18, "DCR023")]
    assert notes == []


DESCRIBED_SUBJECTS_TF = """\
variable "deploy_password" {
  description = "Password the deploy job signs in with to read images"
  default     = "bluebirdmeadow"
}
variable "packages_token" {
  description = "API token with rights to store packages"
  default     = "9c1e7a3f5b2d8e4a6c0f1b3d5e7a9c2e4f6b8d0a"
}
variable "ops_password" {
  description = "Password of the user whose name is ops"
  default     = "opsrootadmin"
}
variable "signing_passphrase" {
  description = "Passphrase the release job uses to read the signing key"
  default     = "lanternorchid"
}
variable "pull_secret" {
  description = "Name of the secret holding the registry password"
  default     = "ci-registry-password"
}
variable "vpn_secret" {
  description = "Kube Secret Name for the tunnel"
  default     = "wireguard"
}
variable "token_id" {
  description = "ID of the token in the vault"
  default     = "4be0643f1d98573b97cdca98a65347dd"
}
variable "vault_token" {
  description = "The Key Vault secret containing the deploy token"
  default     = "deploytoken"
}
"""


def test_a_description_whose_subject_is_the_secret(tmp_path: Path) -> None:
    """A description whose subject is the credential itself ("Password the deploy job signs in
    with ...", "API token with rights to store ...", "Passphrase the release job uses to read ...") describes the secret,
    whatever else it says: one lower-case word and a hex run, the shapes of a name and an id, are
    a password's and a token's too (guard R20). Near misses silent: the subject is the name, the
    id or the store's entry keeping it (`Name of the secret holding ...`, `ID of the token ...`,
    `The Key Vault secret containing ...`), also with a one-word or hex default."""
    results, notes = engine_scan(tmp_path, {"infra/variables.tf": DESCRIBED_SUBJECTS_TF}, rules=RULES)
    assert brief(results) == [("infra/variables.tf", 3, 18, "DCR023"), ("infra/variables.tf", 7, 18, "DCR023"),
                              ("infra/variables.tf", 11, 18, "DCR023"), ("infra/variables.tf", 15, 18, "DCR023")]
    assert notes == []


@pytest.mark.parametrize(("description", "value", "where"), [
    ("Private key of the deploy user, to read the registry", "deploykeyvalue", False),
    ("API key with rights to store artifacts", "3f9a2c7e1b4d8a6f", False),
    ("The SSM key to save the password", "admin/db_password", True),
    ("Registry password name in the vault", "ci-registry", True),
])
def test_the_subject_of_a_description(description: str, value: str, where: bool) -> None:
    """`key` is the credential's subject after a word making a secret's name of it (`Private
    key`, `API key`), not alone (`The SSM key`); a subject ending in `name` is a name."""
    from dcrlint.references import describes_where_kept

    assert describes_where_kept(description, value) is where

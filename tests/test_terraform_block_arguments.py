"""Terraform: a literal under a secret name given as a `locals` entry or as an argument of a
module call, a resource, a data source or a provider is committed as a variable's default is,
and every apply uses it (held-out 16b B2): DCR023, named by its block. References, stand-ins,
a setting about a secret (`..._rotation_schedule_expression`) and a Kubernetes Secret's data
(read as the Secret's, once) are not.
A variables file's map of credentials gives each entry as a variable's value, named by its key path."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import brief, engine_scan

from dcrlint.secretnames import is_secret_name

MAIN = """\
variable "queue_password" {
  default = "Np6-meadow-40-Rkc"
}

locals {
  relay_token = "Np6-meadow-41-Rkc"
  relay_user  = var.relay_user
  mail = {
    smtp_password = "Np6-meadow-42-Rkc"
  }
}

module "ledger" {
  source                        = "./modules/ledger"
  ledger_password               = "Np6-meadow-43-Rkc"
  ledger_api_key                = local.relay_token
  admin_password                = "changeme"
  password_rotation_schedule_expression = "rate(30 days)"
}

resource "aws_directory_service_directory" "corp" {
  name     = "corp.ledger.example"
  password = "Np6-meadow-44-Rkc"
}

resource "kubernetes_secret" "ledger" {
  metadata {
    name = "ledger"
  }
  data = {
    password = "Np6-meadow-45-Rkc"
  }
}

provider "rabbitmq" {
  endpoint = "https://mq.ledger.example"
  password = "Np6-meadow-46-Rkc"
}

data "external" "probe" {
  program = ["./probe.sh"]
  query = {
    probe_token = "Np6-meadow-47-Rkc"
  }
}
"""


def test_block_arguments_with_literal_secrets(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"infra/main.tf": MAIN}, rules=frozenset({"DCR023"}), dedent=False)
    assert brief(results) == [("infra/main.tf", line, col, "DCR023") for line, col in
                              [(2, 14), (6, 18), (9, 22), (15, 36), (23, 15), (31, 17), (37, 15), (43, 20)]]
    assert [r.message.split(" is a literal")[0].split(" puts ")[0] for r in results] == [
        "Terraform variable queue_password default: queue_password", "Terraform locals: relay_token",
        "Terraform locals: mail.smtp_password", "Terraform module ledger: ledger_password",
        "Terraform resource aws_directory_service_directory.corp: password", "Terraform kubernetes_secret ledger",
        "Terraform provider rabbitmq: password", "Terraform data external.probe: query.probe_token"]
    assert notes == []


WRAPPED = """\
resource "mysql_user" "reports" {
  user               = "reports"
  plaintext_password = var.reports_password != "" ? var.reports_password : "Hb3-quill-27-Wsd"
}
resource "postgresql_role" "reports" {
  name     = "reports"
  password = sensitive("Hb3-quill-28-Wsd")
}
resource "postgresql_role" "audit" {
  name     = "audit"
  password = var.audit_password == null ? random_password.audit.result : var.audit_password
}
resource "vault_kv_secret_v2" "reports" {
  mount     = "kv"
  name      = "reports"
  data_json = <<-JSON
    {
      "db": {"user": "reports", "password": "Hb3-quill-29-Wsd"},
      "note": "rotated monthly"
    }
  JSON
}
resource "github_actions_secret" "deploy" {
  repository      = "reports"
  secret_name     = "DEPLOY_KEY"
  plaintext_value = "Hb3-quill-30-Wsd"
}
resource "github_actions_secret" "sealed" {
  repository      = "reports"
  secret_name     = "SEALED"
  encrypted_value = "bXkgc2VhbGVkIGJveCB2YWx1ZQ=="
}
resource "aws_ssm_parameter" "secure" {
  name  = "/reports/db"
  type  = "SecureString"
  value = "Hb3-quill-31-Wsd"
}
resource "aws_ssm_parameter" "plain" {
  name  = "/reports/region"
  type  = "String"
  value = "eu-west-1"
}
resource "azurerm_key_vault_secret" "api" {
  name         = "reports-api"
  value        = "Hb3-quill-32-Wsd"
  key_vault_id = azurerm_key_vault.main.id
}
"""


def test_literals_a_wrapper_a_fallback_or_a_secret_store_entry_keeps(tmp_path: Path) -> None:
    """A fallback branch of a conditional (given whenever the variable is unset), the text inside
    `sensitive()` (marked in plans, committed all the same), a JSON heredoc's members, and what a
    secret store's entry keeps whatever its argument's name (`plaintext_value`, `value`; an SSM
    parameter only as a SecureString). References in both branches, ciphertext
    (`encrypted_value`), a plain SSM parameter: silent."""
    results, notes = engine_scan(tmp_path, {"infra/reports.tf": WRAPPED}, rules=frozenset({"DCR023"}), dedent=False)
    assert [(line, col) for _, line, col, _ in brief(results)] == [(3, 77), (7, 25), (18, 46), (26, 22), (36, 12),
                                                                   (45, 19)]
    assert notes == []


@pytest.mark.parametrize(("name", "secret"), [
    ("password_rotation_schedule_expression", False), ("TOKEN_REFRESH_CRON", False),
    ("random_password_override_special", False), ("PASSWORD_CHARSET", False), ("password_chars", False),
    ("password_wo", True), ("master_password", True),
])
def test_names_about_a_generated_or_rotated_password(name: str, secret: bool) -> None:
    """When a credential is rotated and the characters a generated one is made of are settings
    about a secret (seen as module arguments on public examples), not the secret."""
    assert is_secret_name(name) is secret


TFVARS = """\
db_password = "Kq7-lantern-52"
secrets = {
  backup = {
    aws_access_key_id     = "backup-user"
    aws_secret_access_key = "Kq7-lantern-52"
  }
}
provider_config = {
  firewall = {
    host      = "10.0.0.1"
    api_token = "Kq7-lantern-52"
    password  = "REPLACE_ME"
  }
}
secret_ids = {
  db_password = "3f2b8c1e-9a4d-4e7f-b2c1-0d9e8f7a6b5c"
}
users = [{ name = "ann", password = "Kq7-lantern-52" }, { name = "bob", password = "" }]
"""


VARIABLES = """\
variable "creds" {
  default = {
    "api_token" = "Kq7-lantern-52"
    region      = "eu-west-1"
  }
}
variable "names" {
  default = ["password", "token"]
}
"""


def test_secret_named_entries_of_a_variables_map_are_settings(tmp_path: Path) -> None:
    """A variables file (or a variable's default) that gives a map of credentials writes each
    entry as a variable's value: Terraform code reads `var.secrets.backup.aws_secret_access_key`.
    Entries are read through nested maps and lists of maps, each named by its key path; a UUID
    there is the id of a secrets manager's entry, a placeholder or an empty string none, and a
    list of plain words (no keys) names nothing."""
    files = {"env/app.tfvars": TFVARS, "variables.tf": VARIABLES}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("env/app.tfvars", 1, 16, "DCR023"), ("env/app.tfvars", 5, 30, "DCR023"),
                              ("env/app.tfvars", 11, 18, "DCR023"), ("env/app.tfvars", 18, 38, "DCR023"),
                              ("variables.tf", 3, 20, "DCR023")]
    assert [r.message.split(":")[1].split(" is ")[0].strip() for r in results] == [
        "db_password", "secrets.backup.aws_secret_access_key", "provider_config.firewall.api_token",
        "users.0.password", "creds.api_token"]
    assert notes == []

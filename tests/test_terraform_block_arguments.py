"""Terraform: a literal under a secret name given as a `locals` entry or as an argument of a
module call, a resource, a data source or a provider is committed as a variable's default is,
and every apply uses it (held-out 16b B2): DCR023, named by its block. References, stand-ins,
a setting about a secret (`..._rotation_schedule_expression`) and a Kubernetes Secret's data
(read as the Secret's, once) are not."""

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

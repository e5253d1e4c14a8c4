"""Terraform: a literal under a secret name given as a `locals` entry or as an argument of a
module call, a resource, a data source or a provider is committed as a variable's default is,
and every apply uses it (held-out 16b B2): DCR023, named by its block. References, stand-ins,
a setting about a secret (`..._rotation_schedule_expression`) and a Kubernetes Secret's data
(read as the Secret's, once) are not."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

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

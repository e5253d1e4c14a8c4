"""Terraform read with tree-sitter-hcl: registry credentials in the docker provider (DCR002),
registry Secrets built in kubernetes_secret (DCR022), other Secret data, helm_release
set_sensitive and variable defaults (DCR023), with exact positions; references are not literals."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

from dcrlint.classify import FileKind, classify_path

RULES = frozenset({"DCR002", "DCR022", "DCR023", "DCR050", "DCR051"})

MAIN_TF = """\
provider "docker" {
  host = "unix:///var/run/docker.sock"
  registry_auth {
    address  = "dcr.example.com"
    username = "ci"
    password = "Vq7-trellis-93-Kmd"
  }
  registry_auth {
    address  = "ghcr.io"
    username = var.ghcr_user
    password = var.ghcr_token
  }
}

resource "docker_image" "app" {
  name = "dcr.example.com/team/app:1.0"
  build {
    context = "."
    auth_config {
      host_name = "dcr.example.com"
      user_name = "ci"
      password  = "${data.vault_generic_secret.dcr.data["password"]}"
    }
  }
}

resource "kubernetes_secret_v1" "pull" {
  metadata {
    name = "dcr-pull"
  }
  type = "kubernetes.io/dockerconfigjson"
  data = {
    ".dockerconfigjson" = jsonencode({
      auths = {
        "dcr.example.com" = {
          username = "ci"
          password = "Hx3-lattice-27-Pqr"
          auth     = base64encode("ci:${var.pw}")
        }
      }
    })
  }
}

resource "kubernetes_secret" "db" {
  metadata { name = "db" }
  data = {
    username = "app"
    password = "Kd2-meadow-64-R\\u0076"
    token    = local.db_token
  }
}

resource "helm_release" "app" {
  name  = "app"
  chart = "./chart"
  set_sensitive {
    name  = "auth.adminPassword"
    value = "Wm5-quartz-81-Zt"
  }
  set_sensitive {
    name  = "auth.apiToken"
    value = random_password.api.result
  }
}

variable "registry_password" {
  type      = string
  sensitive = true
  default   = "Pz8-harbor-52-Lq"
}

variable "registry_user" {
  default = "ci"
}
"""


def test_classified() -> None:
    assert classify_path("infra/main.tf") is FileKind.TERRAFORM
    assert classify_path("infra/prod.tfvars") is FileKind.TERRAFORM


def test_terraform(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"infra/main.tf": MAIN_TF}, rules=RULES)
    assert [(line, col, rule) for _, line, col, rule in brief(results)] == [
        (6, 17, "DCR002"),
        (37, 23, "DCR022"),
        (49, 17, "DCR023"),
        (59, 14, "DCR023"),
        (70, 16, "DCR023"),
    ]
    messages = [r.message for r in results]
    assert "provider docker registry_auth for dcr.example.com (user ci)" in messages[0]
    assert "dcr.example.com (user ci)" in messages[1]
    assert "helm_release app set_sensitive" in messages[3] and "auth.adminPassword" in messages[3]
    assert results[2].end.column == 38  # the last character is the escape \\u0076: all of it
    assert notes == []


def test_tfvars_and_syntax_error(tmp_path: Path) -> None:
    tfvars = 'registry_password = "Vq7-trellis-93-Kmd"\nregistry_user = "ci"\nreplicas = 3\n'
    broken = 'provider "docker" {\n  registry_auth {\n    password = "Hx3-lattice-27-Pqr"\n'
    results, notes = engine_scan(tmp_path, {"prod.tfvars": tfvars, "broken.tf": broken}, rules=RULES)
    assert ("prod.tfvars", 1, 22, "DCR023") in brief(results)
    assert [(n.path, n.message.split(" near")[0]) for n in notes] == [("broken.tf", "Terraform: syntax error")]

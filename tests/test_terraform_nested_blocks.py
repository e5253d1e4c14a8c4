"""A block nested in a resource, data source, provider or module call (at any depth: a VM's
`os_profile`, a provisioner's `connection`, a dynamic block's `content`) is part of that block's
settings: its secret-named arguments given a literal are committed settings (DCR023), as the
resource's own are. A nested block that sets one named value (a helm
release's `set { name value }`, a container's `env { name value }`) sets that name. A Kubernetes
Secret's blocks stay `kubernetes_secret`'s, a permission list names no secret."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PW = "Gv6-Heron-41"  # a made-up password

MAIN = f"""\
resource "azurerm_linux_virtual_machine" "runner" {{
  os_profile {{
    computer_name  = "runner"
    admin_username = "opsuser"
    admin_password = "{PW}"
  }}
}}

resource "null_resource" "seed" {{
  provisioner "remote-exec" {{
    inline = ["uptime"]
    connection {{
      user     = "seeder"
      password = "{PW}c"
      host     = var.node_ip
    }}
  }}
}}

resource "helm_release" "store" {{
  chart = "store"
  set {{
    name  = "auth.rootPassword"
    value = "{PW}r"
  }}
  set {{
    name  = "replicaCount"
    value = "2"
  }}
  dynamic "set" {{
    for_each = var.extra
    content {{
      name  = set.key
      value = set.value
    }}
  }}
}}

resource "kubernetes_deployment" "api" {{
  spec {{
    template {{
      spec {{
        container {{
          env {{
            name  = "API_TOKEN"
            value = "{PW}t"
          }}
          env {{
            name  = "LOG_LEVEL"
            value = "debug"
          }}
        }}
      }}
    }}
  }}
}}

resource "azurerm_key_vault" "kv" {{
  access_policy {{
    secret_permissions = ["Get", "List"]
  }}
}}

resource "kubernetes_secret" "keys" {{
  metadata {{
    name = "signing-keys"
  }}
}}
"""


def test_nested_blocks_are_their_resources_settings(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"main.tf": MAIN}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("main.tf", 5, 23, "DCR023"), ("main.tf", 14, 19, "DCR023"),
                              ("main.tf", 24, 14, "DCR023"), ("main.tf", 46, 22, "DCR023")]
    assert "resource azurerm_linux_virtual_machine.runner.os_profile: admin_password" in results[0].message
    assert "auth.rootPassword is a literal secret" in results[2].message
    assert notes == []

"""A Packer builder's configuration is Packer's resource: a `source "<builder>" "<name>"` block's
secret-named arguments given a literal (`ssh_password`, `winrm_password`, `vault_token`) are
committed settings (DCR023), as a Terraform resource's are; so are a `build`'s `source` block
setting them over, and a legacy JSON template's builder's. A docker builder's `login_password`
stays the login it is (DCR002, one finding). Before, only that login was read."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PW = "Jm4sT9-Cedar-62"  # a made-up password

HCL = f"""\
source "qemu" "base" {{
  iso_url              = "https://mirror.invalid/os.iso"
  ssh_username         = "builder"
  ssh_password         = "{PW}"
  winrm_password       = var.winrm_password
  ssh_agent_auth       = true
  ssh_private_key_file = "~/.ssh/id_build"
  shutdown_command     = "echo '{{{{user `pw`}}}}' | sudo -S shutdown -P now"
}}

source "docker" "app" {{
  image          = "registry.example.com/base:1"
  commit         = true
  login          = true
  login_server   = "registry.example.com"
  login_username = "ci"
  login_password = "{PW}d"
}}

build {{
  sources = ["source.qemu.base"]
  source "source.qemu.base" {{
    vault_token = "{PW}v"
    ssh_timeout = "20m"
  }}
  provisioner "shell" {{
    inline = ["echo built"]
  }}
}}
"""

JSON = f"""\
{{
  "variables": {{"pw": ""}},
  "builders": [
    {{"type": "qemu", "name": "base", "ssh_username": "builder", "ssh_password": "{PW}",
     "winrm_password": "{{{{user `pw`}}}}"}},
    {{"type": "docker", "image": "registry.example.com/base:1", "commit": true,
     "login": true, "login_server": "registry.example.com", "login_username": "ci",
     "login_password": "{PW}d"}}
  ]
}}
"""


def test_builder_arguments_in_hcl(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"image/base.pkr.hcl": HCL}, dedent=False,
                                 rules=frozenset({"DCR002", "DCR023"}))
    assert brief(results) == [("image/base.pkr.hcl", 4, 27, "DCR023"), ("image/base.pkr.hcl", 17, 21, "DCR002"),
                              ("image/base.pkr.hcl", 23, 20, "DCR023")]
    assert "Packer source qemu.base" in results[0].message
    assert "Packer build source source.qemu.base" in results[2].message
    assert all(PW not in r.message for r in results)
    assert not notes


def test_builder_arguments_in_a_json_template(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"image/base.json": JSON}, dedent=False,
                                 rules=frozenset({"DCR002", "DCR023"}))
    assert brief(results) == [("image/base.json", 4, 82, "DCR023"), ("image/base.json", 8, 25, "DCR002")]
    assert "Packer builder base" in results[0].message
    assert not notes


def test_terraform_has_no_source_block_to_read(tmp_path: Path) -> None:
    main = f"""\
        module "net" {{
          source   = "./net"
          password = "{PW}"
        }}
        """
    results, _ = engine_scan(tmp_path, {"infra/main.tf": main}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("infra/main.tf", 3, 15, "DCR023")]

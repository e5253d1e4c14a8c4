"""A Packer provisioner gives its commands an environment (`environment_vars = ["NAME=value"]`,
`env = { NAME = "value" }`, in HCL and in a legacy JSON template): a secret-named entry given a
literal is a committed setting (DCR023), as a builder's argument is; its `inline` commands are
the script its shell runs (a login there is read as in any script)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PW = "Wd5-Juniper-83"  # a made-up password

HCL = f"""\
build {{
  sources = ["source.qemu.base"]
  provisioner "shell" {{
    environment_vars = [
      "WORK_DIR=/opt/build",
      "FEED_PASSWORD={PW}",
      "FEED_TOKEN=${{var.feed_token}}",
      "FEED_SECRET=changeme",
    ]
    env = {{
      MIRROR_API_KEY = "{PW}k"
    }}
    inline = [
      "apt-get -y update",
      "docker login -u builder -p {PW}d mirror.example.com",
    ]
  }}
  provisioner "file" {{
    source      = "files/"
    destination = "/tmp"
  }}
}}
"""

JSON = f"""\
{{
  "builders": [{{"type": "qemu", "iso_url": "https://mirror.invalid/os.iso"}}],
  "provisioners": [
    {{"type": "shell", "environment_vars": ["FEED_USER=builder", "FEED_PASSWORD={PW}"],
     "inline": ["docker login -u builder -p {PW}d mirror.example.com"]}}
  ]
}}
"""

def test_packer_provisioner_environment_and_inline(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"image.pkr.hcl": HCL, "legacy.json": JSON},
                                 rules=frozenset({"DCR001", "DCR002", "DCR023"}))
    assert brief(results) == [
        ("image.pkr.hcl", 6, 22, "DCR023"),  # FEED_PASSWORD
        ("image.pkr.hcl", 11, 25, "DCR023"),  # env MIRROR_API_KEY
        ("image.pkr.hcl", 15, 35, "DCR001"),  # the inline login's -p
        ("image.pkr.hcl", 15, 35, "DCR002"),
        ("legacy.json", 4, 80, "DCR023"),
        ("legacy.json", 5, 45, "DCR001"),
        ("legacy.json", 5, 45, "DCR002"),
    ]
    assert all("Packer provisioner shell environment" in r.message for r in results if r.rule_id == "DCR023")
    assert notes == []

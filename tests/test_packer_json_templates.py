"""A legacy Packer template (JSON, `builders`) is the model of an HCL one: its docker builder and
`docker-push` post-processor (also in a chain, a list in the list) log in with `login_password`
(DCR002), its `variables` are defaults (DCR023); `{{user ...}}` and `{{env ...}}` are templates.
A template is known by its content after any length of variables; JSON whose `builders` are no
typed objects is none, and a template that is no JSON is a notification, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR001", "DCR002", "DCR023", "DCR050", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


PACKER_JSON = """\
{
  "variables": {
    "registry_password": "%s",
    "registry_user": "{{env `REG_USER`}}",
    "hub_password": "{{env `HUB_PASSWORD`}}",
    "region": "eu-west-1"
  },
  "builders": [
    {
      "type": "docker",
      "image": "dcr.example.com/base:1",
      "commit": true,
      "login": true,
      "login_server": "dcr.example.com",
      "login_username": "ci",
      "login_password": "Hx3-lattice-\\u0032\\u0037-Pqr"
    },
    {"type": "amazon-ebs", "ami_name": "base", "access_key": "{{user `aws_key`}}"}
  ],
  "post-processors": [
    [
      {"type": "docker-tag", "repository": "dcr.example.com/app", "tags": ["1"]},
      {"type": "docker-push", "login": true, "login_username": "ci", "login_password": "Pq8-harbor-41-Zns"}
    ],
    {"type": "docker-push", "login": true, "login_password": "{{user `hub_password`}}"},
    "docker-push"
  ]
}
""" % REAL


def test_packer_json_templates_log_in_as_hcl_ones_do(tmp_path: Path) -> None:
    """A legacy Packer template (JSON, `builders`) is the model of an HCL one: its docker
    builder and `docker-push` post-processor (also in a chain, a list in the list) log in with
    `login_password` (DCR002), its `variables` are defaults (DCR023); `{{user ...}}` and
    `{{env ...}}` are templates. Escapes are decoded and mapped: the finding spans them."""
    files = {"images/base.json": PACKER_JSON}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    assert brief(results) == [("images/base.json", 3, 27, "DCR023"), ("images/base.json", 16, 26, "DCR002"),
                              ("images/base.json", 23, 89, "DCR002")]
    assert "Packer builder docker for dcr.example.com (user ci)" in results[1].message
    assert "Packer post-processor docker-push" in results[2].message
    assert results[1].end.column - results[1].start.column == len("Hx3-lattice-\\u0032\\u0037-Pqr")
    assert notes == []


def test_a_packer_template_after_a_long_head_and_other_json(tmp_path: Path) -> None:
    """`builders` may come after any length of variables (the whole text is classified then);
    JSON with `builders` that are not typed objects is not a template, and a template that is
    not JSON is a notification, never a traceback."""
    many = {f"setting_{i}": f"value-{i}" for i in range(400)}
    long = json.dumps({"variables": {**many, "registry_password": REAL},
                       "builders": [{"type": "docker", "image": "x", "login_password": "Hx3-lattice-27-Pqr"}]},
                      indent=2)
    other = json.dumps({"builders": ["gcc", "clang"], "password": "Hx3-lattice-27-Pqr"})
    broken = '{"builders": [{"type": "docker", "login_password": "Hx3-lattice-27-Pqr"}],\n'
    files = {"long.json": long, "tools.json": other, "broken.json": broken}
    results, notes = engine_scan(tmp_path, files, rules=RULES)
    lines = long.splitlines()
    row = next(i for i, ln in enumerate(lines) if "registry_password" in ln)
    login = next(i for i, ln in enumerate(lines) if "login_password" in ln)
    assert brief(results) == [("long.json", row + 1, lines[row].index(REAL) + 1, "DCR023"),
                              ("long.json", login + 1, lines[login].index("Hx3") + 1, "DCR002")]
    assert [n.message.split(";")[0] for n in notes] == ["Packer: invalid JSON: expected a key (line 2)"]

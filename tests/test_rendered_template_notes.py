"""A file named as a template some tool renders first (`.tmpl`, `.j2`, `.tftpl` ...) may be no
YAML until then (its own `{NAME}` placeholders, filled in by a script's sed): told as a note (the
file's text is still read for the rules that read text), not as a warning about a broken file.
The same text in a plain `.yaml` file is a warning."""

from __future__ import annotations

from pathlib import Path

from conftest import engine_scan

USER_DATA = """\
#cloud-config
users:
- name: ops
  hashed_passwd: {OPS_HASH}
  ssh_authorized_keys:
  {OPS_KEYS}
- name: deploy
  shell: /bin/bash
"""


def test_a_template_that_is_no_yaml_until_rendered(tmp_path: Path) -> None:
    files = {"boot/node.cfg.tmpl": USER_DATA, "plain/broken.yaml": USER_DATA.replace("#cloud-config\n", "")}
    _, notes = engine_scan(tmp_path, files, dedent=False, rules=frozenset({"DCR023", "DCR051"}))
    told = sorted((n.path.rsplit("/", 2)[-2], n.level, n.message.split(" (")[0]) for n in notes)
    assert told == [("boot", "note", "template: not YAML until it is rendered"),
                    ("plain", "warning", "while scanning a simple key: could not find expected ':'")]

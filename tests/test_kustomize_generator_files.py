"""A file a kustomization's generator names is read as what Kustomize makes of
it, over what its name alone says: `envs:` files are env lines (`secrets.yaml` holding
`NAME=value` lines: its secret-named line reported as an env file's), a `files:` YAML is put
whole into one data entry (a config file in a Secret, left to the rules that apply anywhere: not
read as an Ansible variables file for its name). The same files not named by a kustomization
keep their own kind."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

KUSTOMIZATION = """\
secretGenerator:
  - name: ledger-config
    files:
      - secret.yml
  - name: ledger-env
    envs:
      - secrets.yaml
"""

CONFIG = "database:\n  password: Tq7-Wren-58\n"
ENV = "LEDGER_API_TOKEN=Hr5-Finch-26\n"


def test_generator_files_are_read_as_kustomize_reads_them(tmp_path: Path) -> None:
    files = {"app/kustomization.yaml": KUSTOMIZATION, "app/secret.yml": CONFIG, "app/secrets.yaml": ENV,
             "other/secret.yml": CONFIG}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("app/secrets.yaml", 1, 18, "DCR023"), ("other/secret.yml", 2, 13, "DCR023")]
    assert results[0].message.startswith("env file: LEDGER_API_TOKEN")
    assert results[1].message.startswith("Ansible: database.password")  # (named by nothing: its name says)
    assert notes == []

"""A Terraform data source reading a secret store's entry names which entry it reads
(`secret = "mail_token"`, `secret_id`): no secret is given there. A secret store's entry resource
keeps its value (reported), and other data sources' arguments are still read."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PW = "Wd5-Juniper-83"  # a made-up password

LOOKUPS = f"""\
data "google_secret_manager_secret_version" "mail_token" {{
  secret  = "mail_token"
  project = "ops"
}}

data "aws_secretsmanager_secret_version" "db" {{
  secret_id = "prod/db_password"
}}

resource "google_secret_manager_secret_version" "kept" {{
  secret      = google_secret_manager_secret.kept.id
  secret_data = "{PW}"
}}

data "external" "session" {{
  program = ["python3", "session.py"]
  query = {{
    api_token = "{PW}t"
  }}
}}
"""


def test_a_secret_store_lookup_names_its_entry(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"main.tf": LOOKUPS}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("main.tf", 12, 18, "DCR023"), ("main.tf", 18, 18, "DCR023")]
    assert notes == []

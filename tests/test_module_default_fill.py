"""A Terraform module's (or Packer template's) variable defaults are what every caller that gives
none gets, as a chart's values are every install's: a credential filled with the same filler word
as the user name beside it (`db_username` and `db_password` both default to `test`) is the fill,
as in chart values (held-out 18a D4, as the lead decided). A resource's arguments are what is
deployed: `username = "test"` and `password = "test"` there stay reported, and so does a
filler-word password with no such user."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

MODULE = """\
    variable "db_username" {
      default = "test"
    }
    variable "db_password" {
      default = "test"
    }
    resource "kelp_database" "db" {
      username = "test"
      password = "test"
    }
    """


def test_a_module_s_filled_defaults(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {"modules/db/main.tf": MODULE}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("modules/db/main.tf", 9, 15, "DCR023")]


def test_a_filler_password_alone_stays_reported(tmp_path: Path) -> None:
    text = 'variable "api_password" {\n  default = "demo"\n}\n'
    results, _ = engine_scan(tmp_path, {"modules/api/main.tf": text}, rules=frozenset({"DCR023"}), dedent=False)
    assert brief(results) == [("modules/api/main.tf", 2, 14, "DCR023")]

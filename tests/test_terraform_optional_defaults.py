"""DCR023 and the defaults a Terraform variable's type gives its object's attributes
(`object({ password = optional(string, "x") })`): what every caller that leaves the attribute
out gets, as the variable's `default` is, read with the same tests (stand-ins, references),
through nested objects and the collection types holding them; the attribute's name is its key."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

VARIABLES = """\
variable "queue" {
  type = object({
    endpoint = optional(string, "amqp://queue.internal")
    password = optional(string, "Zq7mW2vLp9")
    admin    = optional(object({ token = optional(string, "Hb6kWp2RxTq") }), { token = "Lm4Xq8Rr2Vt" })
    replicas = optional(list(object({ secret = optional(string, "changeme") })), [])
    api_key  = optional(string)
    db_pass  = optional(string, var.fallback)
  })
  default = {}
}
"""


def test_a_types_optional_defaults_are_defaults(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {"modules/queue/variables.tf": VARIABLES}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("modules/queue/variables.tf", 4, 34, "DCR023"),
                              ("modules/queue/variables.tf", 5, 60, "DCR023"),
                              ("modules/queue/variables.tf", 5, 89, "DCR023")]
    assert "variable queue type's optional default: password is a literal secret" in results[0].message
    assert "admin.token" in results[1].message
    assert notes == []

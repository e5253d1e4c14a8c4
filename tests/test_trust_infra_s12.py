"""Infrastructure code read as a reviewer reads it (session 12): fixtures written here, each
principle beside a real secret or leak that stays reported at its exact place."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

PROVIDERS = """\
provider "docker" {
  alias = "local"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "tester"
  }
}
provider "docker" {
  alias = "loopback"
  registry_auth {
    address  = "http://127.0.0.1:5000/v2/"
    username = "ci"
    password = "ci"
  }
}
provider "docker" {
  alias = "local-other"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "Kq7-lantern-52"
  }
}
provider "docker" {
  alias = "remote"
  registry_auth {
    address  = "dcr.example.com"
    username = "tester"
    password = "tester"
  }
}
provider "docker" {
  alias = "case"
  registry_auth {
    address  = "localhost:5000"
    username = "tester"
    password = "Tester"
  }
}
"""

SCRIPT = """\
#!/bin/sh
docker login localhost:5000 -u tester -p tester
echo tester | docker login -u tester --password-stdin 127.0.0.1:5000
docker login localhost:5000 -u tester -p Kq7-lantern-52
docker login dcr.example.com -u tester -p tester
docker login -u tester -p tester
"""


def test_a_local_registry_login_whose_password_is_its_user_is_no_secret(tmp_path: Path) -> None:
    """A login to a registry on the machine itself (`localhost`, a loopback address) whose
    password is the user name written beside it is a throwaway test account: nothing is given
    away. Another password there, the same pair for a remote registry (or Docker Hub, no
    registry named), a password differing in case: reported as before."""
    results, notes = engine_scan(tmp_path, {"main.tf": PROVIDERS, "push.sh": SCRIPT}, rules=frozenset({"DCR002"}))
    assert brief(results) == [("main.tf", 22, 17, "DCR002"), ("main.tf", 30, 17, "DCR002"),
                              ("main.tf", 38, 17, "DCR002"),
                              ("push.sh", 4, 42, "DCR002"), ("push.sh", 5, 43, "DCR002"),
                              ("push.sh", 6, 27, "DCR002")]
    assert notes == []

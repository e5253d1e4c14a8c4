"""A YAML file that a scanned shell script's `helm upgrade|install|template`
gives as a values file (`-f`, `--values`, from the script's folder or the scan's root) is Helm
values whatever its name: a literal secret there is what the release is installed with. A path
written with a variable, or a file no command names, keeps its own kind."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

SCRIPT = """\
#!/bin/sh
helm repo add shelfcharts https://charts.example.org/shelf
helm upgrade --install shelf \\
  -f shelf/shelf.yaml shelfcharts/shelf
helm template audit shelfcharts/audit --values="$STAGE/audit.yaml"
"""

VALUES = "auth:\n  rootUser: shelf-admin\n  rootPassword: Qv7-Otter-55\n"


def test_a_values_file_named_by_a_helm_command(tmp_path: Path) -> None:
    files = {"deploy/install.sh": SCRIPT, "deploy/shelf/shelf.yaml": VALUES, "deploy/prod/audit.yaml": VALUES,
             "deploy/other/shelf.yaml": VALUES}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/shelf/shelf.yaml", 3, 17, "DCR023")]
    assert results[0].message.startswith("Helm values: auth.rootPassword")
    assert notes == []

"""A YAML file that the `helm upgrade|install|template` of a scanned file that runs shell (a
script, a Makefile, a CI step; also through `helm secrets`) gives as a values file (`-f`,
`--values`, from the file's folder or the scan's root) is Helm values whatever its name: a literal
secret there is what the release is installed with. A path written with a variable, or a file no
command names, keeps its own kind."""

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


WORKFLOW = """\
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: helm upgrade --install app ./chart -f deploy/ci-overrides.yaml
"""


def test_values_files_named_by_ci_steps_makefiles_and_scripts(tmp_path: Path) -> None:
    files = {".github/workflows/deploy.yml": WORKFLOW, "deploy/ci-overrides.yaml": VALUES,
             "Makefile": "deploy:\n\thelm upgrade --install app ./chart -f $(VALUES) -f ops/local.yaml\n",
             "ops/local.yaml": VALUES, "ops/render": "#!/bin/sh\nhelm secrets template x ./chart --values ops/extra.yaml\n",
             "ops/extra.yaml": VALUES, "ops/unnamed.yaml": VALUES}
    results, notes = engine_scan(tmp_path, files, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy/ci-overrides.yaml", 3, 17, "DCR023"), ("ops/extra.yaml", 3, 17, "DCR023"),
                              ("ops/local.yaml", 3, 17, "DCR023")]
    assert notes == []

"""Registry logins outside docker's `login` subcommands: helm's chart commands given a
registry's or repository's credentials for that command (`helm pull oci://... --password X`,
`push`, `install`, `upgrade`, `template`), and Apptainer's and SingularityCE's `remote login` and
`registry login`. A password given as an argument is DCR001 (a literal also DCR002); the same
commands without credentials, or fed on stdin, are no findings."""

from __future__ import annotations

from typing import Any

SCRIPT = """\
#!/bin/sh
helm pull oci://charts.example.net/team/api --version 2.0.1 --username ci --password Pv7nQ2xLm9Rt
helm push api-2.0.1.tgz oci://charts.example.net/team --username ci --password "$CHART_PASS"
helm upgrade --install api oci://charts.example.net/team/api -f values.yaml --password="$CHART_PASS"
apptainer remote login --username ci --password Pv7nQ2xLm9Rt docker://images.example.net
singularity registry login -u ci -p "$SIF_PASS" oras://images.example.net
helm pull oci://charts.example.net/team/api --version 2.0.1 --untar -d ./charts
helm template api ./chart --set image.password=none --values ci.yaml
printf '%s' "$SIF_PASS" | apptainer remote login -u ci --password-stdin docker://images.example.net
apptainer remote list
"""


def test_chart_and_apptainer_logins(lint: Any) -> None:
    run = lint.scan("publish.sh", SCRIPT, "--fail-on", "never", "--select", "DCR001,DCR002")
    assert run.where() == [
        ("DCR001", 2, 86, 2, 98),
        ("DCR001", 3, 81, 3, 92),
        ("DCR001", 4, 89, 4, 100),
        ("DCR001", 5, 49, 5, 61),
        ("DCR001", 6, 38, 6, 47),
        ("DCR002", 2, 86, 2, 98),
        ("DCR002", 5, 49, 5, 61),
    ]
    helm = next(f["message"] for f in run.findings if f["start"]["line"] == 2 and f["rule"] == "DCR001")
    assert "to oci://charts.example.net/team/api" in helm and "helm registry login" in helm

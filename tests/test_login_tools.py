"""Login commands of the catalog beyond `login` subcommands: OpenShift (`oc login`, `oc registry
login --auth-basic`, `oc create secret docker-registry`), Jib (Maven and Gradle system
properties, the Jib CLI), `az acr login -p`, the deprecated `$(aws ecr get-login)`; each with the
tool's own advice, in every shell carrier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import write

SCRIPT = """\
#!/bin/sh
oc login -u ci -p "$OC_PASS" https://api.cluster.example.com:6443
oc registry login --registry=registry.example.com --auth-basic="ci:$REG_PASS"
oc registry login --auth-basic ci:Hn4bV6cX8zLq --registry registry.example.com
oc create secret docker-registry pull --docker-server=registry.example.com --docker-password="$REG_PASS"
mvn -B compile jib:build -Djib.to.image=registry.example.com/app -Djib.to.auth.password="$REG_PASS"
./gradlew jib -Djib.from.auth.password=Wq2eR4tY6uIo
jib build --target=registry.example.com/app --to-username=ci --to-password "$REG_PASS"
az acr login -n myreg -u ci -p "$ACR_PASS"
$(aws ecr get-login --no-include-email --region us-east-1)
eval "$(aws ecr get-login --region us-east-1)"
"""


def test_positions(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "push.sh", SCRIPT)
    assert lint("--format", "json", "push.sh").where() == [
        ("DCR001", 2, 20, 2, 28),  # oc login -p "$OC_PASS" (inside the quotes)
        ("DCR001", 3, 68, 3, 77),  # the password part of --auth-basic="ci:$REG_PASS"
        ("DCR001", 4, 35, 4, 47),  # --auth-basic ci:PASSWORD
        ("DCR001", 5, 95, 5, 104),  # oc create secret docker-registry --docker-password=
        ("DCR001", 6, 90, 6, 99),  # -Djib.to.auth.password=
        ("DCR001", 7, 40, 7, 52),
        ("DCR001", 8, 77, 8, 86),  # jib CLI --to-password
        ("DCR001", 9, 33, 9, 42),  # az acr login -p
        ("DCR001", 10, 1, 10, 59),  # the $(...) that runs `docker login -p TOKEN`
        ("DCR001", 11, 7, 11, 46),  # once, though eval parses it again
        ("DCR002", 4, 35, 4, 47),
        ("DCR002", 7, 40, 7, 52),
    ]


@pytest.mark.parametrize(("line", "advice"), [
    (2, "`oc login` has no stdin option"),
    (3, "uses the token of the current `oc login` session"),
    (5, "there is no --password-stdin here: create the Secret from a docker config file"),
    (6, "credential helper (`jib.to.credHelper`)"),
    (9, "`az acr login` has no stdin option: sign in with `az login`"),
    (10, "aws ecr get-login-password --region REGION | docker login --username AWS --password-stdin"),
])
def test_advice_is_the_tools_own(lint: Any, tmp_path: Path, line: int, advice: str) -> None:
    write(tmp_path, "push.sh", SCRIPT)
    found = [f for f in lint("--format", "json", "push.sh").findings if f["rule"] == "DCR001" and f["start"]["line"] == line]
    assert found and advice in found[0]["message"], found


def test_kubectl_advice_names_no_stdin_option(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "s.sh", 'kubectl create secret docker-registry p --docker-password="$P"\n')
    (f,) = lint("--format", "json", "s.sh").findings
    assert "feed it with" not in f["message"] and "--from-file=.dockerconfigjson" in f["message"]


@pytest.mark.parametrize("text", [
    "mvn -B package -DskipTests -Dimage=registry.example.com/app\n",  # not Jib: not a login
    "oc registry login --registry registry.example.com\n",  # the session's token: clean
    "oc registry login --auth-basic ci --registry registry.example.com\n",  # no password part
    "aws ecr get-login-password | docker login -u AWS --password-stdin 1.dkr.ecr.us-east-1.amazonaws.com\n",
    "./gradlew jib -Djib.to.auth.username=ci\n",
])
def test_clean(lint: Any, tmp_path: Path, text: str) -> None:
    write(tmp_path, "s.sh", text)
    assert lint("--format", "json", "s.sh").findings == []


def test_pair_never_names_the_password(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "s.sh", "set -x\noc registry login --auth-basic ci:Hn4bV6cX8zLq --registry r.example.com\n")
    out = lint("--format", "json", "s.sh").out
    assert "Hn4bV6cX8zLq" not in out


def test_one_time_credentials_are_not_persisted_logins(lint: Any, tmp_path: Path) -> None:
    """DCR014: a Jib build or a cluster Secret leaves nothing on a self-hosted runner; an
    OpenShift session does."""
    write(tmp_path, ".github/workflows/ci.yml", """\
on: push
jobs:
  build:
    runs-on: self-hosted
    steps:
      - run: mvn jib:build -Djib.to.auth.password="$P"
      - run: oc create secret docker-registry pull --docker-password="$P"
      - run: oc login --token="$T" https://api.example.com:6443
""")
    found = lint("--format", "json", "--select", "DCR014", ".github/workflows/ci.yml").findings
    assert [(f["rule"], f["start"]["line"]) for f in found] == [("DCR014", 8)]


def test_in_ci_and_kubernetes_carriers(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "buildspec.yml", """\
version: 0.2
phases:
  pre_build:
    commands:
      - eval $(aws ecr get-login --no-include-email)
""")
    write(tmp_path, "job.yaml", """\
apiVersion: batch/v1
kind: Job
metadata: {name: mirror}
spec:
  template:
    spec:
      containers:
        - name: login
          image: quay.io/openshift/origin-cli:4.15
          command: [oc, registry, login, --auth-basic, "ci:$(REG_PASS)", --registry, r.example.com]
""")
    assert lint("--format", "json", ".").where() == [("DCR001", 5, 14, 5, 53), ("DCR001", 10, 60, 10, 71)]


def test_skopeo_and_helm_repo_add(lint: Any, tmp_path: Path) -> None:
    write(tmp_path, "mirror.sh", """\
skopeo copy --src-creds "ci:$SRC_PASS" --dest-creds=ci:Rt5yU7iO9pAs docker://a.example.com/x docker://b.example.com/x
skopeo sync --src docker --dest docker --dest-creds ci:"$DEST_PASS" a.example.com/x b.example.com
skopeo inspect --creds ci docker://a.example.com/x
skopeo copy --dest-registry-token "$TOKEN" docker://a.example.com/x docker://b.example.com/x
skopeo copy --authfile /run/secrets/auth.json docker://a.example.com/x docker://b.example.com/x
helm repo add shop https://charts.example.com --username ci --password "$HELM_PASS"
helm repo add shop https://charts.example.com --username ci --password Lk2jH4gF6dSa
echo "$HELM_PASS" | helm repo add shop https://charts.example.com --username ci --password-stdin
""")
    run = lint("--format", "json", "mirror.sh")
    found = run.findings
    assert run.where() == [
        ("DCR001", 1, 29, 1, 38),  # --src-creds "ci:$SRC_PASS": the part after the colon
        ("DCR001", 1, 56, 1, 68),  # --dest-creds=ci:PASSWORD
        ("DCR001", 2, 57, 2, 67),
        ("DCR001", 4, 36, 4, 42),  # a bearer token option
        ("DCR001", 6, 73, 6, 83),
        ("DCR001", 7, 72, 7, 84),
        ("DCR002", 1, 56, 1, 68),
        ("DCR002", 7, 72, 7, 84),
    ]
    by_line = {f["start"]["line"]: f["message"] for f in found if f["rule"] == "DCR001"}
    assert "skopeo login --password-stdin" in by_line[1] and "feed it with --password-stdin" in by_line[6]


def test_commands_that_may_take_credentials_are_logins_only_when_given_them(lint: Any, tmp_path: Path) -> None:
    """`set -x` beside a skopeo copy with an auth file, a public `helm repo add` or a Jib build
    without credentials prints no registry credential (DCR003 read them as logins)."""
    write(tmp_path, "s.sh", """\
set -x
skopeo inspect --authfile "$HOME/.docker/config.json" docker://a.example.com/x
skopeo list-tags docker://a.example.com/x
skopeo copy docker://a.example.com/x docker://b.example.com/x
helm repo add charts https://charts.example.com/stable
mvn jib:build -Djib.to.image=a.example.com/x
""")
    assert lint("--format", "json", "s.sh").findings == []
    write(tmp_path, "s.sh", 'set -x\necho "$P" | helm repo add charts https://charts.example.com --username ci --password-stdin\n')
    assert [f["rule"] for f in lint("--format", "json", "s.sh").findings] == ["DCR003"]

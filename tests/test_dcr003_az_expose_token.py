"""DCR003: `az acr login --expose-token` prints an access token for the registry to stdout;
not captured (`$(...)`), written to a file or piped into a login, it goes to the job log."""

from __future__ import annotations

import pytest
from conftest import Lint

PW = "Zq8xW3vN5tR7yU1k"
FED = "docker login r.azurecr.io -u 00000000-0000-0000-0000-000000000000 --password-stdin"


def test_printed_tokens_at_the_command(lint: Lint) -> None:
    text = ("az acr login -n reg --expose-token\n"
            "az acr login --name reg --expose-token --output tsv --query accessToken\n"
            "az acr login -n reg --expose-token | jq -r .accessToken\n"
            "az acr login -n reg --expose-token | tee token.json\n"
            "  az acr login -n reg --expose-token | logger -t ci\n")
    run = lint.scan("a.sh", text, "--select", "DCR003")
    assert run.where() == [("DCR003", 1, 1, 1, 35), ("DCR003", 2, 1, 2, 72), ("DCR003", 3, 1, 3, 35),
                           ("DCR003", 4, 1, 4, 35), ("DCR003", 5, 3, 5, 37)]


def test_near_misses_stay_silent(lint: Lint) -> None:
    text = ("TOKEN=$(az acr login -n reg --expose-token --output tsv --query accessToken)\n"
            f"az acr login -n reg --expose-token --query accessToken -o tsv | {FED}\n"
            f"az acr login -n reg --expose-token | jq -r .accessToken | {FED}\n"
            "az acr login -n reg --expose-token -o none\n"
            "az acr login -n reg --expose-token --query loginServer -o tsv\n"
            "az acr login -n reg --expose-token > token.json\n"
            "az acr login -n reg\n")
    assert lint.scan("a.sh", text, "--select", "DCR003").where() == []


@pytest.mark.parametrize(("path", "text", "span"), [
    ("a.sh", 'az acr login -n reg --expose-"tok"en\n', (1, 1, 1, 37)),
    ("a.sh", "az acr login -n reg \\\n  --expose-token\n", (1, 1, 2, 17)),
    (".gitlab-ci.yml", 'job:\n  script:\n    - "az acr login -n reg --\\x65xpose-token"\n', (3, 8, 3, 45)),
    ("Jenkinsfile", "node {\n  sh 'az acr login -n reg --\\u0065xpose-token'\n}\n", (2, 7, 2, 46)),
])
def test_spellings(lint: Lint, path: str, text: str, span: tuple[int, int, int, int]) -> None:
    assert lint.scan(path, text, "--select", "DCR003").where() == [("DCR003", *span)]


def test_no_secret_in_the_output(lint: Lint) -> None:
    text = f"az acr login -n reg -u ci -p {PW} --expose-token\n"
    run = lint.scan("a.sh", text)
    assert {r for r, _, _ in run.starts()} >= {"DCR001", "DCR002", "DCR003"}
    assert PW not in run.printed
    assert PW not in lint("--format", "sarif", ".").printed

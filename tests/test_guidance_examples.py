"""The registry's own credential guidance, in every CI system, gets exactly the findings it should."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write

CASES = [
    # docker login documentation: password from a file or variable on stdin.
    ("deploy.sh", "cat ~/my_password.txt | docker login --username foo --password-stdin\n", set()),
    ("deploy.sh", 'echo "$DCR_PASSWORD" | docker login dcr.example.com -u ci --password-stdin\n', set()),
    ("deploy.sh", "printf '%s' \"$DCR_PASSWORD\" | podman login dcr.example.com -u ci --password-stdin\n", set()),
    ("deploy.sh", 'helm registry login dcr.example.com -u ci --password-stdin < "$PASSWORD_FILE"\n', set()),
    # GitHub Actions: the secret is pasted into the script (DCR011, a note), nothing else.
    (".github/workflows/push.yml",
     "on: push\njobs:\n  push:\n    runs-on: ubuntu-latest\n    steps:\n"
     "      - run: echo \"${{ secrets.DCR_PASSWORD }}\" | docker login dcr.example.com -u ci --password-stdin\n",
     {"DCR011"}),
    # GitLab CI: a masked CI/CD variable on stdin.
    (".gitlab-ci.yml",
     "push:\n  script:\n"
     "    - echo \"$DCR_PASSWORD\" | docker login dcr.example.com -u \"$DCR_USER\" --password-stdin\n",
     set()),
    # Jenkins: withCredentials and a single-quoted sh step, so the shell expands the secret.
    ("Jenkinsfile",
     "pipeline {\n  agent any\n  stages {\n    stage('push') {\n      steps {\n"
     "        withCredentials([usernamePassword(credentialsId: 'dcr', usernameVariable: 'DCR_USER',"
     " passwordVariable: 'DCR_PASSWORD')]) {\n"
     "          sh 'echo $DCR_PASSWORD | docker login dcr.example.com -u $DCR_USER --password-stdin'\n"
     "        }\n      }\n    }\n  }\n}\n",
     set()),
    # Kubernetes: the guidance's own placeholder is not a hard-coded password (DCR001 still applies).
    ("setup.sh",
     "kubectl create secret docker-registry dcr-pull --docker-server=dcr.example.com "
     "--docker-username='<user>' --docker-password='<password>'\n",
     {"DCR001"}),
]


@pytest.mark.parametrize(("rel", "text", "expected"), CASES)
def test_guidance_example(lint, tmp_path: Path, rel: str, text: str, expected: set[str]) -> None:
    write(tmp_path, rel, text)
    found = {f["rule"] for f in lint("--format", "json", rel).json()["findings"]}
    assert found == expected

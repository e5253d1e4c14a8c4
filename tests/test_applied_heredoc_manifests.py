"""(held-out 18a D6) A manifest a script applies from a here-document (`kubectl apply -f - <<EOF`,
`cat <<'EOF' | kubectl create -f -`, `oc`) is read as a manifest file is, at its lines in the
script: a pod pulling from a registry the scan logs in to with no pull secret (DCR020), a literal
env secret or a Secret's plaintext data (DCR023); a Secret it applies defines its name for the pull
secrets of other manifests. In a here-document the shell expands (an unquoted delimiter), a
command substitution is a value made when the script runs, no literal (reviewer R104); a `<<-`
body's leading tabs are the shell's to strip. A here-document fed to another command (`cat >
pod.yaml`), one opened on a comment line, and a body that is no YAML hold no manifest. A CI step's
script is read the same way, at the manifest's places in the CI file (reviewer R104 c)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

CREDENTIALS = """\
#!/bin/sh
kubectl create secret docker-registry buildpull --docker-server=registry.acme.example \\
  --docker-username=bot --docker-password-file=/run/secrets/bot
"""

APPLY = """\
#!/bin/sh
set -eu
kubectl apply -f - <<EOK
apiVersion: v1
kind: Pod
metadata:
  name: packer
spec:
  containers:
    - name: pack
      image: registry.acme.example/tools/packer:2
      env:
        - name: SIGNING_PASSWORD
          value: Zq8vN3kLp2Xw7RtY
EOK
cat <<'EOF' | kubectl create -f -
apiVersion: v1
kind: Secret
metadata:
  name: report-creds
type: Opaque
stringData:
  token: Hx7pQ2vLm9Kw
EOF
cat > later.yaml <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: other
stringData:
  token: Wq3eR5tY7uI9
EOF
# kubectl apply -f - <<EOK
oc apply -f - <<EOK
not: [yaml
EOK
"""


def test_a_manifest_applied_from_a_here_document(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"ci/credentials.sh": CREDENTIALS, "ci/run-packer.sh": APPLY},
                      rules=frozenset({"DCR020", "DCR021", "DCR022", "DCR023"}))
    assert brief(results) == [("ci/run-packer.sh", 11, 14, "DCR020"), ("ci/run-packer.sh", 14, 18, "DCR023"),
                              ("ci/run-packer.sh", 23, 10, "DCR023")]


GENERATED = """\
#!/bin/sh
kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: session
stringData:
  a_token: $(openssl rand -hex 16)
  b_token: "`pwgen 20 1`"
EOF
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Secret
metadata:
  name: written
stringData:
  a_token: $(openssl rand -hex 16)
EOF
kubectl apply -f - <<-EOF
\tapiVersion: v1
\tkind: Secret
\tmetadata:
\t  name: tabbed
\tstringData:
\t  password: Nq4wTz8mKx2Vb
\tEOF
"""


def test_what_the_shell_makes_or_strips_in_a_here_document(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"ops/seed.sh": GENERATED}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("ops/seed.sh", 17, 12, "DCR023"), ("ops/seed.sh", 25, 14, "DCR023")]


ARGUMENTS = """\
#!/bin/bash
kubectl apply -f - <<EOK
apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
  - name: builder
    image: busybox:1
    env:
    - name: A_PASSWORD
      value: "$2"
    - name: B_PASSWORD
      value: ${1}
    - name: C_PASSWORD
      value: "$@"
    - name: D_PASSWORD
      value: "Lq7-tundra-41-Vx"
EOK
kubectl apply -f - <<'EOK'
apiVersion: v1
kind: Secret
metadata:
  name: as-written
stringData:
  password: "$2"
EOK
"""


def test_the_script_s_arguments_in_a_here_document_it_expands(tmp_path: Path) -> None:
    """Held-out 18a E1: in a here-document the shell expands, a positional or special parameter
    (`"$2"`, `${1}`, `"$@"`) is what the script is given, a reference as `$NAME` is; a quoted
    delimiter keeps `$2` as the text kubectl gets."""
    results, _ = scan(tmp_path, {"ops/pod.sh": ARGUMENTS}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("ops/pod.sh", 19, 15, "DCR023"), ("ops/pod.sh", 27, 14, "DCR023")]


# A CI step's script applies manifests as a script file does (reviewer R104 c): a `run:` block
# scalar, a GitLab `script:` item, a Jenkins `sh '''...'''`; read at their places in the CI file
# (the block's indentation kept: a uniform indentation is the same YAML). A double-quoted `run:`
# writes its lines as `\n` escapes: no line of the file holds them, so none is read.
WORKFLOW = """\
on: push
jobs:
  ship:
    runs-on: ubuntu-latest
    steps:
      - run: |
          kubectl apply -f - <<EOF
          apiVersion: v1
          kind: Secret
          metadata:
            name: relay-creds
          stringData:
            token: Hq4vTz8mKx2Wb
            nonce: $(openssl rand -hex 8)
          EOF
      - run: |
          cat <<'EOK' | kubectl create -f -
          apiVersion: v1
          kind: Pod
          metadata:
            name: packer
          spec:
            containers:
              - name: pack
                image: registry.acme.example/tools/packer:2
          EOK
      - run: "kubectl apply -f - <<EOF\\napiVersion: v1\\nkind: Secret\\nmetadata:\\n  name: q\\nstringData:\\n  token: Jk8wEr4tYu2Io\\nEOF\\n"
"""

GITLAB = """\
ship:
  script:
    - echo start
    - |
      kubectl apply -f - <<EOF
      apiVersion: v1
      kind: Secret
      metadata:
        name: relay
      stringData:
        password: Wd5nRt8qLm3Kx
      EOF
"""

JENKINSFILE = """\
pipeline {
  agent any
  stages {
    stage('ship') {
      steps {
        sh '''
kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: relay
stringData:
  api_token: Pk3mWq7zTn4Lx
EOF
'''
      }
    }
  }
}
"""


def test_a_manifest_a_ci_step_applies_from_a_here_document(tmp_path: Path) -> None:
    files = {"ci/credentials.sh": CREDENTIALS, ".github/workflows/ship.yml": WORKFLOW, ".gitlab-ci.yml": GITLAB,
             "Jenkinsfile": JENKINSFILE}
    results, notes = scan(tmp_path, files, rules=frozenset({"DCR020", "DCR022", "DCR023"}))
    assert brief(results) == [(".github/workflows/ship.yml", 13, 20, "DCR023"),
                              (".github/workflows/ship.yml", 25, 24, "DCR020"),
                              (".gitlab-ci.yml", 11, 19, "DCR023"), ("Jenkinsfile", 13, 14, "DCR023")]
    assert notes == []

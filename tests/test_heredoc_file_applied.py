"""A manifest a script writes to a file from a here-document and then gives a Kubernetes client
(`cat > app.yaml <<EOF ... EOF`, later `kubectl apply -f app.yaml`; `cat <<EOF > "$DIR/x.yaml"`,
`tee x.yaml <<EOF`) is the manifest it applies: read at its lines in the script, as one piped in
(`kubectl apply -f - <<EOF`) is (reviewer R104's note). Not a file written and never applied, nor
one applied under another path."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

SCRIPT = """\
#!/bin/sh
set -eu
cat > ledger-secret.yaml <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: ledger-api
stringData:
  api_token: Tq7wLm3Vx9Kp2Rz
EOF
cat <<'EOF' > "$WORK/ledger-db.yaml"
apiVersion: v1
kind: Secret
metadata:
  name: ledger-db
stringData:
  db_password: Hn5zPq8Wc2Lt
EOF
tee notes.yaml <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: unused
stringData:
  api_token: Vb4nMq7Xz2Kd
EOF
cat > other.yaml <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: elsewhere
stringData:
  api_token: Rc6yTk9Pw3Jm
EOF
kubectl apply -f ledger-secret.yaml
kubectl -n ledger apply -f "$WORK/ledger-db.yaml"
kubectl apply -f build/other.yaml
"""


def test_a_written_manifest_that_is_applied(tmp_path: Path) -> None:
    results, notes = scan(tmp_path, {"deploy.sh": SCRIPT}, rules=frozenset({"DCR023"}))
    assert brief(results) == [("deploy.sh", 9, 14, "DCR023"), ("deploy.sh", 17, 16, "DCR023")]
    assert notes == []


def test_a_ci_steps_written_manifest(tmp_path: Path) -> None:
    job = """\
deploy:
  script:
    - |
      cat > ledger-secret.yaml <<EOF
      apiVersion: v1
      kind: Secret
      metadata:
        name: ledger-api
      stringData:
        api_token: Tq7wLm3Vx9Kp2Rz
      EOF
    - kubectl apply -f ledger-secret.yaml
"""
    results, notes = scan(tmp_path, {".gitlab-ci.yml": job}, rules=frozenset({"DCR023"}))
    assert brief(results) == [(".gitlab-ci.yml", 10, 20, "DCR023")]
    assert notes == []

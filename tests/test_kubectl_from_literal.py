"""`kubectl create secret generic NAME --from-literal=KEY=VALUE` is the imperative form of a
Secret's `stringData` (DCR023): a literal under a secret-named key is reported at the value (also
before a pipe to kubeseal), the user name given beside as a password too. A variable, a command's
output, a stand-in, a key naming a setting, another verb or resource are not. The message names
the Secret by kubectl's operands (an option's value is no name; after `--` every word is one)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

RULES = frozenset({"DCR003", "DCR010", "DCR023", "DCR051"})


REAL = "Vq7-trellis-93-Kmd"  # stays reported in every fixture


CREATE_SECRET = f"""\
#!/bin/bash
set -e
kubectl -n prod create secret generic app-db \\
  --from-literal=username=app \\
  --from-literal=password='{REAL}' \\
  --from-literal db_token=Hx3-lattice-27-Pqr \\
  --from-literal=api_key="$API_KEY" \\
  --from-literal=admin_password=app \\
  --from-literal=mode=strict \\
  --from-literal=secret=changeme
oc create secret generic x --from-literal=PASSWORD=$(openssl rand -hex 16)
kubectl get secret app-db --from-literal=password=Wr5-canal-62-Lop
kubectl create configmap app --from-literal=password=Pq8-harbor-41-Zns
kubectl create secret generic x --dry-run=client -o yaml --from-literal=token=Kd2-meadow-64-Rv | kubeseal > s.yaml
"""


def test_a_script_creating_a_secret_from_literals(tmp_path: Path) -> None:
    """`kubectl create secret generic NAME --from-literal=KEY=VALUE` is the imperative form of a
    Secret's `stringData`: a literal under a secret-named key is reported at the value (also
    before a pipe to kubeseal: the script holds it), the user name given beside as a password
    too (a weak password, still the Secret's). A variable, a command's output, a stand-in, a key
    naming a setting, another verb or resource are not."""
    results, notes = engine_scan(tmp_path, {"scripts/db-secret.sh": CREATE_SECRET}, rules=RULES)
    assert brief(results) == [("scripts/db-secret.sh", 5, 28, "DCR023"), ("scripts/db-secret.sh", 6, 27, "DCR023"),
                              ("scripts/db-secret.sh", 8, 33, "DCR023"), ("scripts/db-secret.sh", 14, 79, "DCR023")]
    assert "`kubectl create secret generic app-db` puts a plaintext value into key password" in results[0].message
    assert notes == []


def test_the_secret_created_from_literals_is_named_as_kubectl_reads_its_options(tmp_path: Path) -> None:
    """The message names the Secret by kubectl's operands: an option's value (`--namespace prod`)
    and a separate `--from-literal KEY=VALUE` word are no name (guard R15); after `--` every word
    is an operand (the name follows it)."""
    script = ("#!/bin/bash\n"
              "kubectl create secret generic --from-literal password=Hq4zT9Lm77xy app-db -n prod\n"
              "kubectl create secret generic --namespace prod app-db3 --from-literal=api_token=Hq4zT9Lm77ww\n"
              "kubectl --unknown-option x create secret generic app-db4 --from-literal=password=Hq4zT9Lm77vv\n"
              "kubectl create secret generic -n prod -- app-db5 --from-literal=password=Hq4zT9Lm77uu\n")
    results, _ = engine_scan(tmp_path, {"s.sh": script}, rules=RULES)
    assert [(b[1], r.message.split("`")[1]) for b, r in zip(brief(results), results, strict=True)] == [
        (2, "kubectl create secret generic app-db"), (3, "kubectl create secret generic app-db3"),
        (4, "kubectl create secret generic a Secret"), (5, "kubectl create secret generic app-db5")]

"""A quoted string of digits under a secret's name is a string, judged as any value is: a PIN-like
password of nine digits or more is reported in chart values and var files as it is in a pod's env
(held-out 17a E5); a number (unquoted), or eight digits or fewer (`valueshapes._NUMBER`), is not."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: till
spec:
  containers:
    - name: till
      image: nginx:1.27
      env:
        - name: VAULT_PASSWORD
          value: "975318642"
"""


def test_a_quoted_digit_password_is_one_value_everywhere(tmp_path: Path) -> None:
    results, notes = engine_scan(tmp_path, {
        "pod.yaml": POD,
        "prod.tfvars": 'till_user = "clerk"\ntill_password = "975318642"\ntill_pin = 975318642\n'
                       'till_token = "4711"\n',
        "chart/Chart.yaml": "apiVersion: v2\nname: till\nversion: 0.1.0\n",
        "chart/values.yaml": 'till:\n  password: "975318642"\n  secret: 975318642\n  apiKey: "86420"\n',
    }, rules=frozenset({"DCR023"}), dedent=False)
    assert brief(results) == [("chart/values.yaml", 2, 14, "DCR023"), ("pod.yaml", 11, 19, "DCR023"),
                              ("prod.tfvars", 2, 18, "DCR023")]
    assert notes == []

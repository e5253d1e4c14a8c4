"""A setting about tokens is no token: a lower-case word of a few letters under a name whose last
word is `tokens` (`server_tokens: prod`, the web servers' directive for what the `Server` header
shows) is a keyword, not a list of tokens (tokens are issued by the system they open, never such a
word). A single token's name keeps its value reported (its stand-ins are told otherwise)."""

from __future__ import annotations

from pathlib import Path

from conftest import brief, engine_scan

from dcrlint.standins import word_for_a_token

VARS = """\
apache_server_tokens: prod
nginx_server_tokens: build
api_tokens: Zx9vQm2LpW7rT4kY
slack_token: hunterab
"""

CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata: {name: web}
data:
  NGINX_SERVER_TOKENS: minimal
  METRICS_TOKEN: k3rT9vQ2mZ8xL4wP
"""


def test_a_word_is_no_tokens_list() -> None:
    assert word_for_a_token("server_tokens", "prod") and word_for_a_token("ServerTokens", " full ")
    assert not word_for_a_token("server_tokens", "prod1") and not word_for_a_token("server_tokens", "Prod")
    assert not word_for_a_token("api_token", "prod") and not word_for_a_token("tokens_file", "prod")
    assert not word_for_a_token("api_tokens", "abcdefghijklmnop")  # (longer: may be generated)


def test_words_under_tokens_names_are_not_reported(tmp_path: Path) -> None:
    results, _ = engine_scan(tmp_path, {"group_vars/all.yml": VARS, "k8s/cm.yaml": CONFIGMAP},
                             dedent=False, rules=frozenset({"DCR023"}))
    assert brief(results) == [("group_vars/all.yml", 3, 13, "DCR023"), ("group_vars/all.yml", 4, 14, "DCR023"),
                              ("k8s/cm.yaml", 6, 18, "DCR023")]

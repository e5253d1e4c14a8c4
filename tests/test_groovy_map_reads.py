"""A Groovy map's entry read by `get` with its quoted key alone (`cfg.get('api_key')`,
`params.get('REG_TOKEN')`, `m?.get("token")`, with a default for a missing entry:
`cfg.get('api_key', '')`, `getOrDefault`: reviewer R95) is the entry `cfg['api_key']` reads: interpolated
into a shell step's double-quoted string it is a credential named like one (DCR012), a user's
entry or a length of one is not."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from conftest import brief, engine_scan

scan = partial(engine_scan, dedent=False)

KEYED_BY_GET = """\
def call(Map cfg = [:]) {
    sh "curl -fsS -H 'X-Api-Key: ${cfg.get('api_key')}' https://hooks.example.net/deploy"
    sh "curl -fsS -H 'X-Api-Key: ${cfg?.get("api_key")}' https://hooks.example.net/deploy"
    sh "echo ${params.get('REG_TOKEN')} | oras login -u ci --password-stdin oci.example.net"
    sh "curl -fsS -H 'X-Api-Key: ${cfg.get('api_key', '')}' https://hooks.example.net/deploy"
    sh "curl -fsS -H 'X-Api-Key: ${cfg.getOrDefault('api_key', env.FALLBACK_KEY)}' https://hooks.example.net/deploy"
    sh "echo deploying as ${cfg.get('username')} with a key of ${cfg.get('api_key').length()} characters"
    sh "echo pushing to ${cfg.get('registry')}"
}
"""


def test_a_map_entry_read_by_get_is_the_entry_its_key_names(tmp_path: Path) -> None:
    results, _ = scan(tmp_path, {"vars/notifyDeploy.groovy": KEYED_BY_GET}, rules=frozenset({"DCR012"}))
    assert brief(results) == [("vars/notifyDeploy.groovy", 2, 34, "DCR012"),
                              ("vars/notifyDeploy.groovy", 3, 34, "DCR012"),
                              ("vars/notifyDeploy.groovy", 4, 14, "DCR012"),
                              ("vars/notifyDeploy.groovy", 5, 34, "DCR012"),
                              ("vars/notifyDeploy.groovy", 6, 34, "DCR012")]

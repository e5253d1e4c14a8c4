"""DCR012: a secret-named field read through a subscript, or then given to a method
(`${conf['auth_token']}`, `${conf.auth_token.strip()}`), is interpolated by Groovy as
`${conf.auth_token}` is; the field's name decides, so a non-secret field stays silent, and a count
or test of the field shows none of it. A secret-worded field is named whole in the message
(`cfg.api_key`)."""

from __future__ import annotations

from typing import Any

JENKINSFILE = """node {
  def conf = readJSON file: 'settings.json'
  sh "deploy --key ${conf.auth_token.strip()} --to stage"
  sh "deploy --key ${conf['auth_token']} --to stage"
  sh "deploy --key ${conf["auth_token"].strip()} --to stage"
  sh "deploy --key ${conf.hosts[0].auth_token} --to stage"
  sh "deploy --key ${env.DEPLOY_SECRET.toString()} --to stage"
  sh "deploy --id ${conf.auth_token_id.strip()} --to stage"
  sh "deploy --id ${conf['auth_token_id']} --to stage"
  sh "deploy --n ${conf.auth_token.size()} --to stage"
  sh "deploy --set ${conf['auth_token'].isEmpty()} --to stage"
  sh "deploy --url ${conf.auth_url.trim()} --to stage"
}
"""


def test_field_reads_through_calls_and_subscripts(lint: Any) -> None:
    run = lint.scan("Jenkinsfile", JENKINSFILE, "--fail-on", "never", "--select", "DCR012")
    assert run.where() == [
        ("DCR012", 3, 20, 3, 46),
        ("DCR012", 4, 20, 4, 41),
        ("DCR012", 5, 20, 5, 49),
        ("DCR012", 6, 20, 6, 47),
        ("DCR012", 7, 20, 7, 51),
    ]
    labels = [f["message"].split("`")[1] for f in run.findings]
    assert labels == ["conf.auth_token"] * 3 + ["conf.hosts.auth_token", "DEPLOY_SECRET"]


def test_a_secret_worded_field_is_named_whole(lint: Any) -> None:
    text = ("def call(Map cfg) {\n"
            "  sh \"curl -H 'X-Api-Key: ${cfg.api_key}' https://ci.example.test/hook\"\n"
            "}\n")
    run = lint.scan("vars/deployApp.groovy", text, "--fail-on", "never", "--select", "DCR012")
    assert run.starts() == [("DCR012", 2, 27)]
    assert run.findings[0]["message"].startswith("credential `cfg.api_key` (named like a secret)")

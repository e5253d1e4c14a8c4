"""DCR012: a secret-named field read through a subscript, or then given to a method
(`${conf['auth_token']}`, `${conf.auth_token.strip()}`), is interpolated by Groovy as
`${conf.auth_token}` is; the field's name decides, so a non-secret field stays silent, and a
count or test of the field shows none of it."""

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

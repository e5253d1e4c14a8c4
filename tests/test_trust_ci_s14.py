"""Principles found reading CI definitions of repositories nobody here had read (session 14):
each with the near misses that must still be reported (files written for these tests)."""

from __future__ import annotations

from conftest import run_checks, scanned, where
from test_positions import unmark

Spans = list[tuple[int, int, int, int]]


def _found(marked: str, path: str, rule: str) -> tuple[Spans, Spans]:
    plain, spans = unmark(marked)
    file = scanned(plain, path)
    return [w[1:] for w in where(file, run_checks(file, rule))], spans


# --- values: `noop` stands in for a credential -------------------------------------------------

def test_noop_is_a_stand_in() -> None:
    """A test settings file gives each service's credential the word `noop` (no operation: the
    service is not called); a CI step env does the same. A value that only starts with the word
    is still a literal."""
    env = """\
GITHUB_CLIENT_SECRET=noop
AGENT_API_TOKEN=NOOP
MAIL_PASSWORD=no-op
DB_PASSWORD=«noop2024»
"""
    found, spans = _found(env, "app/.env.test", "DCR023")
    assert found == spans
    workflow = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      NOTIFY_TOKEN: noop
      CACHE_PASSWORD: «noop-Kq8vT2»
    steps:
      - run: make test
"""
    found, spans = _found(workflow, ".github/workflows/test.yml", "DCR010")
    assert found == spans


# --- DCR003: PowerShell member access prints the member; a logging command in parentheses -----

def test_a_powershell_member_prints_what_it_names() -> None:
    """`$($secret.Name)`, `$($secrets.Count)`, `$($t.expires_at)` print a name, a count, a time:
    no secret. The object itself, a member named for a secret (`$($cfg.Password)`: a miss
    before), `"$secret.Name"` (a double-quoted string expands `$secret` alone) are still printed.
    A logging command that registers the value as a secret, in parentheses, prints none."""
    script = """\
$secrets = Get-Secrets
foreach ($secret in $secrets) {
    Write-Host "[sync]: --- Secret [$($secret.name)] --- ($($secrets.Count))"
    Write-Host $secret.Name
    «Write-Host "value: $($secret.Value)"»
    «Write-Host "$secret.Name"»
}
$tokenResponse = Invoke-RestMethod -Uri $uri -Method Post
Write-Host "Got a token (expires $($tokenResponse.expires_at))."
«Write-Host $tokenResponse.token -ForegroundColor Green»
$config = Get-Content cfg.json | ConvertFrom-Json
Write-Host "Using $($config.Endpoint) as $($config.UserName)"
«Write-Host "Login with $($config.Password)"»
$SASToken = New-AzStorageAccountSASToken -Context $ctx
Write-Output ("##vso[task.setvariable variable=$($OutputVariable);issecret=true]$($SASToken)")
«Write-Output ("##vso[task.setvariable variable=$($OutputVariable)]$($SASToken)")»
"""
    found, spans = _found(script, "scripts/Sync-Secrets.ps1", "DCR003")
    assert found == spans


def test_a_time_a_credential_expires_at_is_no_secret() -> None:
    from dcrlint.secretnames import is_secret_name

    assert not is_secret_name("tokenResponse_expires_at")
    assert not is_secret_name("secretResult_CreatedOn")
    assert is_secret_name("token_at")  # (no word saying when before it)
    assert is_secret_name("access_token")


# --- DCR012: a variable joined as the first folder of a path holds a folder ------------------

def test_a_joined_operand_that_roots_a_path_is_a_folder() -> None:
    """`'cp ' + pwd + '/outs/x'` (the `pwd` the step printed) is a folder, as `"${pwd}/outs"`
    already was; joined where a password or a URL's path goes, the same name is still reported."""
    text = """\
node {
    def pwd = sh(returnStdout: true, script: 'pwd').trim()
    sh 'cp ' + pwd + '/outs/app.bin out/'
    sh 'cp '+pwd+'/outs/' + name + ' out/'
    sh '''tar -C ''' + pwd + '''/dist -czf a.tgz .'''
    sh 'curl -u ci:' + «pwd» + ' https://files.example.com/'
    sh 'curl https://api.example.com/bot' + «pwd» + '/send'
    sh 'login --password ' + «pwd» + ' /srv'
}
"""
    found, spans = _found(text, "Jenkinsfile", "DCR012")
    assert found == spans


# --- values: a value saying it is generated elsewhere ------------------------------------------

def test_a_generated_value_stands_in() -> None:
    """An example build's `PRINCIPAL_PASSWORD=generated-password` says the real value is made
    elsewhere; a value that only starts with the word is still a literal."""
    text = """\
steps:
- name: gcr.io/example/kubectl
  args: ['version']
  env: ["GROUP=test-rg", "PRINCIPAL_PASSWORD=generated-password", "TENANT_ID=my-tenant"]
- name: gcr.io/example/kubectl
  args: ['version']
  env: ["PRINCIPAL_PASSWORD=«generated-Kq8vT2mW»"]
"""
    found, spans = _found(text, "cloudbuild.yaml", "DCR010")
    assert found == spans


# --- DCR003: tracing a login fed by `cat FILE` shows the file's path --------------------------

def test_tracing_a_login_fed_from_a_file_shows_its_path() -> None:
    """`set -x` then `cat ${REGISTRY_CREDENTIALS} | crane auth login --password-stdin`: the
    trace shows `cat <path>` (the variable holds the mounted file's path); tracing is reported
    where it shows the secret: a variable echoed into the login, a process substitution run
    for `cat`."""
    quiet = """\
#!/bin/sh
set -ex
cat ${REGISTRY_CREDENTIALS} | \\
  crane auth login -u ${REGISTRY_USER} --password-stdin ${REGISTRY}
"""
    found, spans = _found(quiet, "ci/login.sh", "DCR003")
    assert found == spans == []
    for feed in ('echo "${REGISTRY_PASSWORD}" |', 'cat <(printf %s "$REGISTRY_PASSWORD") |',
                 'cat ${REGISTRY_CREDENTIALS} | tr -d "$REGISTRY_TOKEN" |'):
        loud = f"""\
#!/bin/bash
«set -ex»
{feed} \\
  crane auth login -u ${{REGISTRY_USER}} --password-stdin ${{REGISTRY}}
"""
        found, spans = _found(loud, "ci/login.sh", "DCR003")
        assert found == spans, feed


def test_a_word_for_the_key_and_a_list_of_names_stand_in() -> None:
    """A test workflow gives an action `private-key: "key"` (the word itself); an action's input
    named with the verb `pass` defaults to a list of claim names. A key-shaped value and a list
    holding a password-shaped word are still literals."""
    workflow = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: ./deploy
        with:
          app-private-key: "key"
          app-token: "KEY2"
      - uses: ./deploy
        with:
          app-private-key: "«keyKq8vT2mW»"
"""
    found, spans = _found(workflow, ".github/workflows/test.yml", "DCR010")
    assert found == spans
    action = """\
name: auth
inputs:
  pass-claims:
    default: "event_name, repository_owner, job_workflow_ref, ref"
  api-token:
    default: "«admin, hunter2»"
runs:
  using: composite
  steps:
    - run: echo ok
      shell: bash
"""
    found, spans = _found(action, "actions/auth/action.yaml", "DCR010")
    assert found == spans

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
    from dcrlint.values import is_secret_name

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

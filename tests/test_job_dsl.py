"""Jenkins Job DSL scripts (`job('name') { steps { shell(...) } }`, held-out s12 item 6): a
`.groovy` file that defines jobs is a Jenkins file (also when the job comes after more than the
classifier's head of scripts), its `shell`/`batchFile`/`powerShell` steps are shell contexts, and
a step given a variable runs the string the file gives that variable (once)."""

from __future__ import annotations

from typing import Any

PW = "Hq4zT9Lm77Xq2wPz"

JOBS = f'''// {"x" * 4200}
def command = """#!/bin/bash
curl -k https://admin:{PW}@localhost:5000/v2/_catalog
docker login -u admin -p {PW} registry.example.com
"""
def twice = "docker login -u ci -p {PW} r.example.com"
twice = "docker logout r.example.com"

job('registry-check') {{
  steps {{
    shell(command)
    shell('docker login -u ci -p "$REGISTRY_PASSWORD" r.example.com')
    batchFile('docker login -u ci -p %REGISTRY_PASSWORD% r.example.com')
    shell(twice)
  }}
}}
'''


def test_job_dsl_steps(lint: Any) -> None:
    run = lint.scan("jobs/registry.groovy", JOBS, "--fail-on", "never")
    assert run.where() == [
        ("DCR001", 4, 26, 4, 42),  # the string `shell(command)` runs
        ("DCR001", 12, 35, 12, 53),
        ("DCR001", 13, 38, 13, 57),  # cmd.exe's %NAME% in batchFile
        ("DCR002", 4, 26, 4, 42),
        ("DCR050", 3, 23, 3, 39),  # a URL's password, in a file now read
    ]  # not the string given twice: which one runs is not told (its literal is no URL either)


APP = f"""package org.example

class Runner {{
  def shell(String command) {{ println command }}
  def run() {{ shell('docker login -u ci -p {PW} r.example.com') }}
}}
"""


def test_groovy_code_that_defines_no_job_is_not_read_as_jenkins(lint: Any) -> None:
    run = lint.scan("src/main/groovy/org/example/Runner.groovy", APP, "--fail-on", "never")
    assert run.where() == []

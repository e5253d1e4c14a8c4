"""DCR010 on Jenkins job parameters: a secret-named parameter given a literal where the file
declares it (a default: declarative `parameters { }`, scripted `properties([parameters([...])])`,
Job DSL's `stringParam`/`textParam`/`password { }`, a `[$class: '...ParameterDefinition']` map)
or passes it (`build(parameters: [...])`) is a committed credential: the build runs with it as an
environment variable, as with `environment { NAME = '...' }`. The same value judgement as every
other CI literal: an empty default, a stand-in, an expression, a GString, a credential's id are
not secrets."""

from __future__ import annotations

import pytest
from conftest import Lint

PW = "Zq8xW3vN5tR7yU1k"
TOK = "Aq8xW3vN5tR7yU1k"

DECLARATIVE = f"""pipeline {{
  agent any
  parameters {{
    string(name: 'REGISTRY_PASSWORD', defaultValue: '{PW}', description: 'registry')
    password(name: 'API_TOKEN', defaultValue: "{TOK}")
    text(name: 'DEPLOY_KEY_SECRET',
         defaultValue: '{PW}')
    string(name: 'IMAGE_TAG', defaultValue: '{TOK}')
  }}
  stages {{
    stage('push') {{ steps {{ sh 'make push' }} }}
  }}
}}
"""


# The gates of every kind asked (conftest `gating`), as a run asks them of Jenkinsfiles: a file
# whose only literal secret is a parameter's default must not be inert.
pytestmark = pytest.mark.usefixtures("gating")


def test_declarative_defaults_at_the_value(lint: Lint) -> None:
    run = lint.scan("Jenkinsfile", DECLARATIVE, "--select", "DCR010")
    assert run.where() == [("DCR010", 4, 54, 4, 70), ("DCR010", 5, 48, 5, 64), ("DCR010", 7, 25, 7, 41)]
    messages = [f["message"] for f in run.json()["findings"]]
    assert messages[0].startswith("job parameter `REGISTRY_PASSWORD` has a literal secret as its default")


def test_scripted_properties_and_class_maps(lint: Lint) -> None:
    text = (f"properties([parameters([string(name: 'DEPLOY_TOKEN', defaultValue: '{TOK}'),\n"
            f"  [$class: 'StringParameterDefinition', name: 'DB_PASSWORD', defaultValue: '{PW}'],\n"
            "  booleanParam(name: 'DRY_RUN', defaultValue: true)])])\n"
            "node {\n  sh 'make'\n}\n")
    run = lint.scan("Jenkinsfile", text, "--select", "DCR010")
    assert run.where() == [("DCR010", 1, 69, 1, 85), ("DCR010", 2, 77, 2, 93)]


def test_a_password_default_made_as_a_secret_object(lint: Lint) -> None:
    text = ("properties([parameters([\n"
            f"  password(name: 'ADMIN_PASSWORD', defaultValueAsSecret: Secret.fromString('{PW}')),\n"
            f"  password(name: 'CLIENT_SECRET', defaultValueAsSecret: new hudson.util.Secret('{TOK}')),\n"
            "  password(name: 'KB_KEY', defaultValueAsSecret: Secret.fromString('changeMe!')),\n"  # a stand-in
            "  password(name: 'OTHER_SECRET', defaultValueAsSecret: Secret.fromString(params.X)),\n"
            "  password(name: 'MORE_SECRET', defaultValueAsSecret: new Secret(value)),\n"
            f"  password(name: 'DB_PASSWORD', defaultValueAsSecret: Secret.decrypt('{PW}')),\n"  # not made of it
            "])])\nnode {\n  sh 'make'\n}\n")
    run = lint.scan("Jenkinsfile", text, "--select", "DCR010")
    assert run.where() == [("DCR010", 2, 77, 2, 93), ("DCR010", 3, 81, 3, 97)]


def test_job_dsl_parameters(lint: Lint) -> None:
    # a pipelineJob alone (no `shell` step) is a Job DSL script too
    text = ("pipelineJob('deploy') {\n"
            "  parameters {\n"
            f"    stringParam('REGISTRY_PASSWORD', '{PW}', 'the registry password')\n"
            f"    textParam('CLIENT_SECRET', '{TOK}')\n"
            f"    password {{ name('REFRESH_TOKEN'); defaultValue('{PW}') }}\n"
            "    nonStoredPasswordParam('OTHER_PASSWORD', 'typed in at each build')\n"  # (name, description)
            "    stringParam('BRANCH', 'main', 'the branch')\n"
            "  }\n"
            "}\n")
    run = lint.scan("jobs/deploy.groovy", text, "--select", "DCR010")
    assert run.where() == [("DCR010", 3, 39, 3, 55), ("DCR010", 4, 33, 4, 49), ("DCR010", 5, 53, 5, 69)]


def test_a_value_passed_to_a_triggered_build(lint: Lint) -> None:
    text = ("node {\n"
            f"  build(job: 'deploy', parameters: [password(name: 'REGISTRY_PASSWORD', value: '{PW}'),\n"
            "                                    string(name: 'API_TOKEN', value: params.API_TOKEN)])\n"
            "}\n")
    run = lint.scan("Jenkinsfile", text, "--select", "DCR010")
    assert run.where() == [("DCR010", 2, 81, 2, 97)]
    assert "job parameter `REGISTRY_PASSWORD` is assigned a literal secret" in run.json()["findings"][0]["message"]


def test_near_misses_stay_silent(lint: Lint) -> None:
    text = ("pipeline {\n"
            "  agent any\n"
            "  parameters {\n"
            "    password(name: 'EMPTY_PASSWORD', defaultValue: '')\n"        # empty
            "    string(name: 'API_TOKEN', defaultValue: 'changeme')\n"       # a stand-in
            "    string(name: 'DB_PASSWORD', defaultValue: \"${env.DB_PW}\")\n"  # a GString
            "    string(name: 'CI_TOKEN', defaultValue: env.CI_TOKEN)\n"      # an expression
            "    string(name: 'GIT_CREDENTIALS', defaultValue: 'github-ci')\n"  # a store's id by its name
            "    string(name: 'PUSH_TOKEN', defaultValue: 'registry-push')\n"  # an id, handed over below
            "    credentials(name: 'DEPLOY_SECRET', defaultValue: 'deploy-key', credentialType: 'Secret text')\n"
            "    [$class: 'CredentialsParameterDefinition', name: 'SSH_SECRET', defaultValue: 'ssh-key']\n"
            f"    string(name: 'VERSION', defaultValue: '{PW}')\n"            # not a secret name
            "  }\n"
            "  stages {\n"
            "    stage('a') { steps {\n"
            "      withCredentials([string(credentialsId: params.PUSH_TOKEN, variable: 'TOKEN')]) { sh 'make' }\n"
            "    } }\n"
            "  }\n"
            "}\n")
    assert lint.scan("Jenkinsfile", text, "--select", "DCR010").where() == []


def test_outside_parameters_a_name_and_default_are_no_parameter(lint: Lint) -> None:
    text = ("node {\n"
            f"  def cfg = settings(name: 'REGISTRY_PASSWORD', defaultValue: '{PW}')\n"
            f"  stringParam('API_TOKEN', '{TOK}')\n"
            "  sh 'make'\n"
            "}\n")
    assert lint.scan("Jenkinsfile", text, "--select", "DCR010").where() == []


def test_no_secret_in_any_output(lint: Lint) -> None:
    lint.write("Jenkinsfile", DECLARATIVE)
    for fmt in ("json", "sarif", "text"):
        run = lint("--format", fmt, ".")
        assert run.code != 0
        assert PW not in run.printed and TOK not in run.printed

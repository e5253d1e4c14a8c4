"""DCR011 and CircleCI parameters: `<< parameters.x >>` pastes the parameter's value into the
script, a secret only where its declared type can hold one. A parameter of type `env_var_name`
holds the name of an environment variable (`$<< parameters.x >>` pastes `$X`, which the shell
expands); `boolean`, `integer` and `enum` parameters are a switch, a count or a listed word. A
string parameter, a pipeline parameter, or a name declared with another type elsewhere in the file
is still pasted."""

from __future__ import annotations

from _helpers import found as _found


def test_a_circleci_env_var_name_parameter_pastes_a_name() -> None:
    """A parameter declared `type: env_var_name` holds the name of an environment variable:
    `$<< parameters.x >>` pastes `$X`, which the shell expands. A string parameter, a pipeline
    parameter, or a name declared with another type elsewhere in the file is still pasted."""
    text = """\
version: 2.1
parameters:
  deploy_token:
    type: string
    default: ""
commands:
  login:
    parameters:
      registry_password:
        type: env_var_name
        default: REGISTRY_PASSWORD
      push_token:
        type: env_var_name
        default: PUSH_TOKEN
      api_token:
        type: string
        default: ""
    steps:
      - run: |
          echo "$<< parameters.registry_password >>" | docker login -u ci --password-stdin
          printenv << parameters.registry_password >> > /dev/null
          curl -H "Authorization: Bearer «<< parameters.api_token >>»" https://api.example.com
          echo "«<< pipeline.parameters.deploy_token >>»" > token.txt
          echo "$«<< parameters.push_token >>»" | docker login -u ci --password-stdin
  other:
    parameters:
      push_token:
        type: string
        default: ""
    steps:
      - run: echo ok
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - login
"""
    found, spans = _found(text, ".circleci/config.yml", "DCR011")
    assert found == spans


def test_a_circleci_switch_count_or_choice_parameter_pastes_no_secret() -> None:
    """A parameter declared `boolean`, `integer` or `enum` is a switch, a count or one of the
    listed words, whatever its name says (`fetch_secrets: true`): pasting it pastes no secret. A
    `string` parameter, a name declared `boolean` in one place and `string` in another, and a
    pipeline parameter of type string are still pasted."""
    text = """\
version: 2.1
parameters:
  deploy_token:
    type: string
    default: ""
commands:
  fetch:
    parameters:
      fetch_secrets:
        type: boolean
        default: false
      token_retries:
        type: integer
        default: 3
      secret_store:
        type: enum
        enum: [vault, sm]
        default: vault
      api_token:
        type: string
        default: ""
      rotate_password:
        type: boolean
        default: false
    steps:
      - run: |
          if [ << parameters.fetch_secrets >> == true ]; then echo fetching; fi
          for i in $(seq << parameters.token_retries >>); do ./fetch --from << parameters.secret_store >>; done
          curl -H "Authorization: Bearer «<< parameters.api_token >>»" https://api.example.com
          echo "«<< pipeline.parameters.deploy_token >>»" > token.txt
          ./rotate «<< parameters.rotate_password >>»
  other:
    parameters:
      rotate_password:
        type: string
        default: ""
    steps:
      - run: echo ok
jobs:
  build:
    docker:
      - image: cimg/base:current
    steps:
      - fetch
"""
    found, spans = _found(text, ".circleci/config.yml", "DCR011")
    assert found == spans

"""DCR010's gate (`checks/_assignment_gate`): each spelling of a secret-named variable, input or
registry password given a literal (escaped or quoted keys, flow and JSON style, values on the
next lines, complex keys, merge keys and aliases, GitLab `!reference`, `extends` and includes,
comments and line breaks YAML reads, Unicode case, Jenkins comments and line breaks) keeps the
gate True and still gives its finding through the engine; the lines that made a word test hold
in most CI files (`${{ secrets.X }}`, `id-token: write`, `persist-credentials: false`,
`credentials('id')`, shell) give False."""

from __future__ import annotations

import pytest
from conftest import Lint, run_checks, scanned, where

from dcrlint.checks._assignment_gate import may_assign_secret

# The engine asks the gates of every kind here (a run: engine.GATED_KINDS; conftest `gating`).
pytestmark = pytest.mark.usefixtures("gating")

L = "s3cr3tV4lue9"
WF = "jobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"

# case -> (path, text): DCR010 reports a literal in each
FOUND: dict[str, tuple[str, str]] = {
    'gh/env': ('.github/workflows/w.yml', 'on: push\nenv:\n  API_TOKEN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/env_escaped_key': ('.github/workflows/w.yml', 'on: push\nenv:\n  "API_\\x54OKEN": s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/env_u_escaped_key': ('.github/workflows/w.yml', 'on: push\nenv:\n  "API_\\u0054OKEN": s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/env_single_quoted': ('.github/workflows/w.yml', "on: push\nenv:\n  'API_TOKEN': s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n"),
    'gh/env_case': ('.github/workflows/w.yml', 'on: push\nenv:\n  Api_ToKeN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/env_flow': ('.github/workflows/w.yml', 'on: push\nenv: {API_TOKEN: s3cr3tV4lue9}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/env_flow_lines': ('.github/workflows/w.yml', 'on: push\nenv: { A: b,\nAPI_TOKEN: s3cr3tV4lue9 }\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/env_flow_flag_goes_on': ('.github/workflows/w.yml', 'on: push\nenv:\n  {A: b,\n  API_TOKEN: false\nl1t9x}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/json': ('.github/workflows/w.yml', '{"on": "push", "env": {"API_TOKEN": "s3cr3tV4lue9"}, "jobs": {"b": {"runs-on": "x", "steps": [{"run": "echo"}]}}}\n'),
    'gh/block_scalar': ('.github/workflows/w.yml', 'on: push\nenv:\n  API_TOKEN: |\n    s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/next_line': ('.github/workflows/w.yml', 'on: push\nenv:\n  API_TOKEN:\n    s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/flag_goes_on': ('.github/workflows/w.yml', 'on: push\nenv:\n  API_TOKEN: false\n    l1t9x\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/complex_key': ('.github/workflows/w.yml', 'on: push\nenv:\n  ? API_TOKEN\n  : s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/complex_key_block': ('.github/workflows/w.yml', 'on: push\nenv:\n  ? |-\n    API_TOKEN\n  : s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/merge_alias': ('.github/workflows/w.yml', 'on: push\nx: &a\n  API_TOKEN: s3cr3tV4lue9\nenv:\n  <<: *a\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/alias_key': ('.github/workflows/w.yml', 'on: push\nx: &k API_TOKEN\nenv:\n  *k : s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/merge_flow': ('.github/workflows/w.yml', 'on: push\nenv:\n  <<: {API_TOKEN: s3cr3tV4lue9}\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/merge_block': ('.github/workflows/w.yml', 'on: push\nenv:\n  <<:\n    API_TOKEN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/merge_list': ('.github/workflows/w.yml', 'on: push\nenv:\n  <<:\n    - API_TOKEN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/comment_between': ('.github/workflows/w.yml', 'on: push\nenv:\n# a comment\n  API_TOKEN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/crlf_bom': ('.github/workflows/w.yml', '\ufeffon: push\r\nenv:\r\n  API_TOKEN: s3cr3tV4lue9\r\njobs:\r\n  b:\r\n    runs-on: ubuntu-latest\r\n    steps:\r\n      - run: echo\r\n'),
    'gh/nel_break': ('.github/workflows/w.yml', 'on: push\nenv:\n  A: x\u2028  API_TOKEN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/cr_break': ('.github/workflows/w.yml', 'on: push\nenv:\n  A: x\r  API_TOKEN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/kelvin': ('.github/workflows/w.yml', 'on: push\nenv:\n  API_TOKEN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/lower_lengthens': ('.github/workflows/w.yml', 'on: push\n# ' + '\u0130' * 300 + '\nenv:\n  API_TOKEN: s3cr3tV4lue9\n' + WF),
    'gh/long_s': ('.github/workflows/w.yml', 'on: push\nenv:\n  DB_PAſSWORD: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/tag_key': ('.github/workflows/w.yml', 'on: push\nenv:\n  !!str API_TOKEN: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/escaped_value': ('.github/workflows/w.yml', 'on: push\nenv:\n  API_TOKEN: "s3cr\\x33tV4lue9"\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/with': ('.github/workflows/w.yml', 'on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: o/a@v1\n        with:\n          api-key: s3cr3tV4lue9\n'),
    'gh/secrets_any_name': ('.github/workflows/w.yml', 'on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/w.yml@v1\n    secrets:\n      FOO: s3cr3tV4lue9\n'),
    'gh/secrets_escaped': ('.github/workflows/w.yml', 'on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/w.yml@v1\n    "secr\\x65ts":\n      FOO: s3cr3tV4lue9\n'),
    'gh/secrets_merge': ('.github/workflows/w.yml', 'on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/w.yml@v1\n    secrets:\n      <<:\n        FOO: s3cr3tV4lue9\n'),
    'gh/credentials': ('.github/workflows/w.yml', 'on: push\njobs:\n  b:\n    runs-on: x\n    container:\n      image: r.example.com/a\n      credentials:\n        username: u\n        password: s3cr3tV4lue9\n    steps:\n      - run: echo\n'),
    'gh/input_default': ('.github/workflows/w.yml', 'on:\n  workflow_dispatch:\n    inputs:\n      api_token:\n        description: the token\n        default: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/id_token_in_env': ('.github/workflows/w.yml', 'on: push\nenv:\n  id-token: s3cr3tV4lue9\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/persist_in_env_literal': ('.github/workflows/w.yml', 'on: push\nenv:\n  persist-credentials: fa1se9Xq\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'),
    'gh/action_input_default': ('action.yml', 'name: a\ninputs:\n  token:\n    default: s3cr3tV4lue9\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n'),
    'gl/variables': ('.gitlab-ci.yml', 'variables:\n  API_TOKEN: s3cr3tV4lue9\njob:\n  script: [echo]\n'),
    'gl/value_form': ('.gitlab-ci.yml', 'variables:\n  API_TOKEN:\n    value: s3cr3tV4lue9\n    description: the token\njob:\n  script: [echo]\n'),
    'gl/job_variables': ('.gitlab-ci.yml', 'job:\n  variables:\n    DB_PASSWORD: s3cr3tV4lue9\n  script: [echo]\n'),
    'gl/reference_mapping': ('.gitlab-ci.yml', '.vars:\n  stuff:\n    API_TOKEN: s3cr3tV4lue9\njob:\n  variables: !reference [.vars, stuff]\n  script: [echo]\n'),
    'gl/reference_mapping_uri_escape': ('.gitlab-ci.yml', '.vars:\n  stuff:\n    API_TOKEN: s3cr3tV4lue9\njob:\n  variables: !referenc%65 [.vars, stuff]\n  script: [echo]\n'),
    'gl/reference_value': ('.gitlab-ci.yml', '.x:\n  y: s3cr3tV4lue9\njob:\n  variables:\n    API_TOKEN: !reference [.x, y]\n  script: [echo]\n'),
    'gl/reference_next_line': ('.gitlab-ci.yml', '.vars:\n  stuff:\n    API_TOKEN: s3cr3tV4lue9\njob:\n  variables:\n    !reference [.vars, stuff]\n  script: [echo]\n'),
    'gl/extends': ('.gitlab-ci.yml', '.base:\n  variables:\n    API_TOKEN: s3cr3tV4lue9\njob:\n  extends: .base\n  script: [echo]\n'),
    'gl/escaped_variables': ('.gitlab-ci.yml', 'job:\n  "v\\x61riables":\n    API_TOKEN: s3cr3tV4lue9\n  script: [echo]\n'),
    'gl/merge_alias': ('.gitlab-ci.yml', '.v: &v\n  API_TOKEN: s3cr3tV4lue9\njob:\n  variables:\n    <<: *v\n  script: [echo]\n'),
    'gl/hidden_job': ('.gitlab-ci.yml', '.tmpl:\n  variables:\n    API_TOKEN: s3cr3tV4lue9\n'),
    'jk/environment': ('Jenkinsfile', "pipeline {\n  agent any\n  environment {\n    API_TOKEN = 's3cr3tV4lue9'\n  }\n  stages { stage('a') { steps { sh 'echo' } } }\n}\n"),
    'jk/comment_between': ('Jenkinsfile', "pipeline {\n  agent any\n  environment {\n    API_TOKEN /* c */ = 's3cr3tV4lue9'\n  }\n  stages { stage('a') { steps { sh 'echo' } } }\n}\n"),
    'jk/line_between': ('Jenkinsfile', "pipeline {\n  agent any\n  environment {\n    API_TOKEN\n      = 's3cr3tV4lue9'\n  }\n  stages { stage('a') { steps { sh 'echo' } } }\n}\n"),
    'jk/double_quoted': ('Jenkinsfile', 'pipeline {\n  agent any\n  environment {\n    API_TOKEN = "s3cr3tV4lue9"\n  }\n  stages { stage(\'a\') { steps { sh \'echo\' } } }\n}\n'),
    'jk/unicode_escape': ('Jenkinsfile', "pipeline {\n  agent any\n  environment {\n    API_TOKEN = '\\u0073\\u0033cr3tV4lue9'\n  }\n  stages { stage('a') { steps { sh 'echo' } } }\n}\n"),
    'jk/credentials_then_more': ('Jenkinsfile', "pipeline {\n  agent any\n  environment {\n    API_TOKEN = credentials('x')\n    DB_PASSWORD = 's3cr3tV4lue9'\n  }\n  stages { stage('a') { steps { sh 'echo' } } }\n}\n"),
    'jk/case': ('Jenkinsfile', "pipeline {\n  agent any\n  environment {\n    apiToken = 's3cr3tV4lue9'\n  }\n  stages { stage('a') { steps { sh 'echo' } } }\n}\n"),
    'jk/env_property': ('Jenkinsfile', "node {\n  stage('a') {\n    env.API_TOKEN = 's3cr3tV4lue9'\n  }\n}\n"),
    'jk/env_property_spaced': ('Jenkinsfile', "node {\n  env .\n    API_TOKEN /* c */ =\n    's3cr3tV4lue9'\n}\n"),
    'jk/env_property_comment_dot': ('Jenkinsfile', "node {\n  env /* c */. API_TOKEN = 's3cr3tV4lue9'\n}\n"),
    'jk/env_index': ('Jenkinsfile', "node {\n  env['API_TOKEN'] = 's3cr3tV4lue9'\n}\n"),
    'jk/env_index_escaped_key': ('Jenkinsfile', "node {\n  env['API_\\u0054OKEN'] = 's3cr3tV4lue9'\n}\n"),
    'jk/env_index_comment_key': ('Jenkinsfile', "node {\n  env[/* c */ \"API_TOKEN\"] = 's3cr3tV4lue9'\n}\n"),
    'jk/env_script_block': ('Jenkinsfile', "pipeline {\n  agent any\n  stages { stage('a') { steps { script {\n"
                                           "    env.apiToken = \"s3cr3tV4lue9\"\n  } } } }\n}\n"),
    'jk/parameter_default': ('Jenkinsfile', "pipeline {\n  agent any\n  parameters {\n"
                                            "    password(name: 'API_TOKEN', defaultValue: 's3cr3tV4lue9')\n  }\n}\n"),
    'jk/parameter_escaped_name': ('Jenkinsfile', "properties([parameters([string(name: 'API_\\u0054OKEN', "
                                                "defaultValue: 's3cr3tV4lue9')])])\n"),
    'jk/job_dsl_parameter': ('jobs/j.groovy', "job('j') {\n  parameters {\n"
                                             "    stringParam('API_TOKEN', 's3cr3tV4lue9', 'x')\n  }\n}\n"),
    'azure/name_value': ('azure-pipelines.yml', 'variables:\n- name: API_TOKEN\n  value: s3cr3tV4lue9\nsteps:\n- script: echo\n'),
    'travis/env_line': ('.travis.yml', 'language: go\nenv:\n  - API_TOKEN=s3cr3tV4lue9\nscript: echo\n'),
}


@pytest.mark.parametrize("name", FOUND)
def test_gate_holds_where_the_check_finds(lint: Lint, name: str) -> None:
    path, text = FOUND[name]
    file = scanned(text, path)
    expected = [w for w in where(file, run_checks(file, "DCR010"))]
    assert expected, "the case gives a finding"
    assert may_assign_secret(scanned(text, path))
    assert lint.scan(path, text, "--select", "DCR010").where("DCR010") == expected


# case -> (path, text): nothing DCR010 could report, though secret words are everywhere
QUIET: dict[str, tuple[str, str]] = {
    "gh/expressions": (".github/workflows/w.yml", (
        "on: push\npermissions:\n  id-token: write\n  contents: read\nenv:\n  API_TOKEN: ${{ secrets.API_TOKEN }}\n"
        "  DB_PASSWORD: $DB_PASSWORD\njobs:\n  b:\n    runs-on: x\n    steps:\n      - name: Generate token\n"
        "        uses: actions/create-github-app-token@v1\n        with:\n          private-key: ${{ secrets.KEY }}\n"
        "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n"
        "      - run: |\n          echo \"$API_TOKEN\" | docker login -u ci --password-stdin\n"
        "          curl -H \"Authorization: token x\" https://example.com\n"
        "  call:\n    uses: o/r/.github/workflows/w.yml@v1\n    secrets: inherit\n")),
    "gh/secrets_expressions": (".github/workflows/w.yml", (
        "on: push\njobs:\n  call:\n    uses: o/r/.github/workflows/w.yml@v1\n    secrets:\n"
        "      FOO: ${{ secrets.FOO }}\n      BAR: \"${{ secrets.BAR }}\"\n")),
    "gl/references": (".gitlab-ci.yml", (
        "variables:\n  API_TOKEN: $CI_JOB_TOKEN\n  DB_PASSWORD: \"${VAULT_PASSWORD}\"\n"
        ".auth:\n  before_script:\n    - echo \"$CI_REGISTRY_PASSWORD\" | docker login -u x --password-stdin\n"
        "job:\n  before_script:\n    - !reference [.auth, before_script]\n  cache:\n    key: $CI_COMMIT_REF_SLUG\n"
        "  script: [echo]\n")),
    "jk/credentials": ("Jenkinsfile", (
        "pipeline {\n  agent any\n  environment {\n    API_TOKEN = credentials('api-token')\n    FOO = 'bar'\n  }\n"
        "  stages { stage('a') { steps { sh 'echo $API_TOKEN' } } }\n}\n")),
    "jk/env_read_only": ("Jenkinsfile", (
        "node {\n  def API_TOKEN = 's3cr3tV4lue9'\n  echo env.BRANCH_NAME\n  env.VERSION = '1.0'\n}\n")),
    "jk/no_environment": ("Jenkinsfile", (
        "node {\n  def password = 'x'\n  withCredentials([string(credentialsId: 'tok', variable: 'TOKEN')]) {\n"
        "    sh 'echo $TOKEN'\n  }\n}\n")),
    "jk/parameters_named_plainly": ("Jenkinsfile", (
        "pipeline {\n  agent any\n  parameters {\n    string(name: 'VERSION', defaultValue: '1.0')\n  }\n}\n")),
}


@pytest.mark.parametrize("name", QUIET)
def test_gate_is_false_where_words_name_nothing(name: str) -> None:
    path, text = QUIET[name]
    file = scanned(text, path)
    assert not run_checks(file, "DCR010")
    assert not may_assign_secret(scanned(text, path))


@pytest.mark.parametrize("include", [
    "include:\n  - local: inc.yml\n",
    "include: inc.yml\n",
    "include:\n  - inc.yml\n",
    '"incl\\x75de":\n  - {local: inc.yml}\n',
    "include:\n  - remote: https://example.com/ci.yml\n  - local: inc.yml\n",
])
def test_gitlab_include_may_name_this_files_values(lint: Lint, include: str) -> None:
    """An included file's `!reference` gives a value of the including file a secret name: the
    including file holds no secret word, and is still read."""
    text = include + ".local:\n  val: s3cr3tV4lue9\n"
    line = text.count("\n")
    lint.write("inc.yml", "job:\n  variables:\n    API_TOKEN: !reference [.local, val]\n  script: [echo]\n")
    assert may_assign_secret(scanned(text, ".gitlab-ci.yml"))
    assert lint.scan(".gitlab-ci.yml", text, "--select", "DCR010").where("DCR010") == [("DCR010", line, 8, line, 20)]


def test_gitlab_include_of_no_repository_file_names_nothing() -> None:
    text = ("include:\n  - remote: https://example.com/ci.yml\n  - template: Jobs/Build.gitlab-ci.yml\n"
            "  - project: group/ci\n    file: [a.yml, b.yml]\n  - { remote: https://example.com/b.yml }\n"
            ".local:\n  val: s3cr3tV4lue9\njob:\n  trigger:\n    include: child.yml\n")
    assert not may_assign_secret(scanned(text, ".gitlab-ci.yml"))


def test_configured_secret_names_widen_the_gate(lint: Lint) -> None:
    text = "on: push\nenv:\n  HUSH: s3cr3tV4lue9\n" + WF
    assert not may_assign_secret(scanned(text, ".github/workflows/w.yml"))
    lint.write(".dcrlint.yaml", "secret-names: ['(?i)^hush$']\n")
    assert lint.scan(".github/workflows/w.yml", text, "--select", "DCR010").where("DCR010") == [
        ("DCR010", 3, 9, 3, 21)]


def test_alias_detection_is_yamlsrc_s() -> None:
    from dcrlint import yamlsrc
    from dcrlint.checks import _assignment_gate

    assert _assignment_gate._ALIAS.pattern == yamlsrc._ALIAS.pattern
    assert _assignment_gate._ANCHOR.pattern == yamlsrc._ANCHOR.pattern

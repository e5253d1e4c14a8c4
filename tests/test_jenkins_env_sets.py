"""DCR010 in a Jenkinsfile's code: `env.NAME = 'literal'` and `env['NAME'] = '...'` set the
build's environment at run time (a declarative `script { }` block, a scripted pipeline) as
`environment { NAME = '...' }` does: a literal secret written down either way."""

from __future__ import annotations

from conftest import Lint

PW = "Zq8xW3vN5tR7yU1k"
TOK = "Aq8xW3vN5tR7yU1k"

DECLARATIVE = f"""pipeline {{
  agent any
  stages {{
    stage('push') {{
      steps {{
        script {{
          env.REGISTRY_PASSWORD = "{PW}"
          env['REGISTRY_TOKEN'] = '{TOK}'
        }}
        sh 'docker push registry.example.com/app'
      }}
    }}
  }}
}}
"""


def test_declarative_script_block_at_the_value(lint: Lint) -> None:
    run = lint.scan("Jenkinsfile", DECLARATIVE, "--select", "DCR010")
    assert run.where() == [("DCR010", 7, 36, 7, 52), ("DCR010", 8, 36, 8, 52)]
    messages = [f["message"] for f in run.json()["findings"]]
    assert "`REGISTRY_PASSWORD`" in messages[0] and "withCredentials" in messages[0]


def test_scripted_pipeline_spelled(lint: Lint) -> None:
    # a Groovy escape in the value and in the key, a value on the next line, a comment, blanks
    text = ("node {\n"
            "  env.REGISTRY_PASSWORD = '\\u005aq8xW3vN5tR7yU1k'\n"
            "  env['REGISTRY_\\u0054OKEN'] /* set */ =\n"
            f"      \"{TOK}\"\n"
            f"  env . apiToken = '{PW}'\n"
            "}\n")
    run = lint.scan("Jenkinsfile", text, "--select", "DCR010")
    assert run.where() == [("DCR010", 2, 28, 2, 49), ("DCR010", 4, 8, 4, 24), ("DCR010", 5, 21, 5, 37)]


def test_near_misses_stay_silent(lint: Lint) -> None:
    text = ("node {\n"
            "  env.REGISTRY_PASSWORD = params.REGISTRY_PASSWORD\n"  # an expression
            "  env['REGISTRY_TOKEN'] = \"${TOKEN_FROM_VAULT}\"\n"     # a GString
            "  env.API_TOKEN = 'changeme'\n"                         # a placeholder
            "  env.VERSION = '1.2.3'\n"                              # not a secret name
            f"  other.env.DB_PASSWORD = '{PW}'\n"                    # another object's env
            f"  if (env.DB_PASSWORD == '{PW}') {{ echo 'x' }}\n"     # a comparison
            f"  def DB_PASSWORD = '{TOK}'\n"                         # a Groovy variable, not the environment
            "}\n")
    assert lint.scan("Jenkinsfile", text, "--select", "DCR010").where() == []


def test_no_secret_in_any_output(lint: Lint) -> None:
    lint.write("Jenkinsfile", DECLARATIVE)
    for fmt in ("json", "sarif", "text"):
        run = lint("--format", fmt, ".")
        assert run.code != 0
        assert PW not in run.printed and TOK not in run.printed

"""Job DSL's `pipelineJob { definition { cps { script('''...''') } } }`: the pipeline Jenkins runs,
written as a string in the seed script. Its steps and environment are read where they are written
(line and column in the seed file), as a Jenkinsfile's are. A GString (`\"\"\"...\"\"\"`) is expanded
when the seed job runs, not read so."""

from __future__ import annotations

from conftest import Lint

SEED = """\
pipelineJob('deploy') {
  definition {
    cps {
      script('''
        pipeline {
          agent any
          environment {
            API_TOKEN = 'Lp3xR8sK2vQw9Zt'
          }
          stages {
            stage('push') {
              steps {
                sh 'docker login -u ci -p Hq4zT9Lm77Xq2wPu reg.example.com'
                sh "docker login -u ci -p ${REG_PASSWORD} reg.example.com"
              }
            }
          }
        }
      '''.stripIndent())
      sandbox()
    }
  }
}
pipelineJob('notes') {
  definition {
    cps {
      script('echo not a pipeline: sh docker login -p Zq8xW3vN5tR7yU1 r')
    }
  }
}
"""


def test_an_inline_pipeline_is_read_where_written(lint: Lint) -> None:
    found = lint.scan("jobs/seed.groovy", SEED, "--select", "DCR001,DCR002,DCR010,DCR012").where()
    assert [(rule, line, col) for rule, line, col, _, _ in found] == [
        ("DCR001", 13, 43), ("DCR001", 14, 43), ("DCR002", 13, 43),
        ("DCR010", 8, 26), ("DCR012", 14, 43),
    ]


def test_a_gstring_is_not_read_as_the_pipeline(lint: Lint) -> None:
    text = SEED.replace("script('''", 'script("""').replace("'''.stripIndent()", '""".stripIndent()')
    found = lint.scan("jobs/seed.groovy", text, "--select", "DCR001,DCR002,DCR010,DCR012").where()
    assert found == []


def test_many_inline_pipelines_each_read_where_written(lint: Lint) -> None:
    """Every inline pipeline of a seed is read, in one pass over the text (R46: each was tokenized
    with the whole text before it, quadratic in the number of jobs)."""
    job = ("pipelineJob('j{n}') {{\n  definition {{ cps {{ script('''\n    node {{\n"
           "      sh 'docker login -u ci -p Hq4zT9Lm77Xq2wPu reg.example.com'\n    }}\n  ''') }} }}\n}}\n")
    text = "".join(job.format(n=n) for n in range(300))
    found = lint.scan("jobs/seed.groovy", text, "--select", "DCR001").where()
    assert [(line, col) for _, line, col, _, _ in found] == [(4 + 7 * n, 33) for n in range(300)]

"""DCR010 and an Azure Pipelines template parameter named as a task's credentials input
(`externalFeedCredentials`, `publishFeedCredentials`): a template passes it on to that input,
which takes service connections by name, so its default is a connection's name (a list of them:
`A, B`) as people write one, not a secret; as the input itself is read (cisystems `stored`). A
value of a credential's shape under such a parameter, and the same name under a parameter not
named so, still report."""

from __future__ import annotations

from conftest import Lint

PIPELINE = """parameters:
  - name: externalFeedCredentials
    type: string
    default: "ContosoPackages"
  - name: publishFeedCredentials
    type: string
    default: "nuget-org-connection, Contoso Feed"
  - name: mirrorFeedCredentials
    type: string
    default: "Summer2024"
  - name: otherFeedCredentials
    default: Hq4zT9Lm77
  - name: feedPassword
    type: string
    default: "ContosoPackages"
steps:
  - task: NuGetCommand@2
    inputs:
      command: restore
      externalFeedCredentials: ${{ parameters.externalFeedCredentials }}
"""


def test_a_credentials_parameters_default_names_a_connection(lint: Lint) -> None:
    assert lint.scan("azure-pipelines.yml", PIPELINE, "--select", "DCR010").where() == [
        ("DCR010", 10, 15, 10, 25),  # a word with a year glued on: a password's shape
        ("DCR010", 12, 14, 12, 24),  # random mixed case and digits
        ("DCR010", 15, 15, 15, 30),  # a parameter not named as a credentials input
    ]

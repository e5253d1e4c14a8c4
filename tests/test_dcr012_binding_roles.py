"""DCR012: a variable a `withCredentials` binding sets as the user name, the access key id or
the credential's file holds what the binding says (a name, an identifier, a path), whatever its
name suggests; the secret parts of the same bindings and unbound secret-named variables stay
reported. `X_PSW`, Jenkins' name for a `credentials()` binding's password, is a password."""

from __future__ import annotations

from typing import Any

JENKINSFILE = """node {
  withCredentials([[$class: 'AmazonWebServicesCredentialsBinding', credentialsId: 'aws',
                    accessKeyVariable: 'AWS_ACCESS_KEY', secretKeyVariable: 'AWS_SECRET_KEY']]) {
    sh "./gradlew -PAWS_ACCESS_KEY=$AWS_ACCESS_KEY -PAWS_SECRET_KEY=$AWS_SECRET_KEY build"
  }
  withCredentials([file(credentialsId: 'deploy-key', variable: 'PRIVATE_KEY'),
                   sshUserPrivateKey(credentialsId: 'ssh', keyFileVariable: 'SSH_KEY', passphraseVariable: 'KEY_PASS')]) {
    sh "ssh -i ${PRIVATE_KEY} -i ${SSH_KEY} deploy@host.example.com"
    sh "echo ${KEY_PASS} | ssh-add ${SSH_KEY}"
  }
  sh "aws configure set aws_access_key_id ${AWS_ACCESS_KEY}"
}
"""


def test_binding_roles(lint: Any) -> None:
    run = lint.scan("Jenkinsfile", JENKINSFILE, "--fail-on", "never", "--select", "DCR012")
    assert run.where() == [
        ("DCR012", 4, 69, 4, 84),  # the secret key
        ("DCR012", 9, 14, 9, 25),  # the passphrase
        ("DCR012", 11, 43, 11, 60),  # not bound here: named like a secret
    ]


def test_a_name_ending_psw_is_a_password_in_groovy(lint: Any) -> None:
    """`X_PSW` is Jenkins' name for a `credentials()` binding's password: a shared library's
    function given one interpolates a password."""
    text = ("def call(String SHIP_USR, String SHIP_PSW, String image) {\n    sh \"\"\"\n"
            "    docker login --username=$SHIP_USR --password=$SHIP_PSW registry.example.net\n"
            "    docker push $image\n    \"\"\"\n}\n")
    run = lint.scan("vars/shipImage.groovy", text, "--fail-on", "never", "--select", "DCR001,DCR012")
    column = text.splitlines()[2].index("$SHIP_PSW") + 1
    assert run.starts() == [("DCR001", 3, column), ("DCR012", 3, column)]

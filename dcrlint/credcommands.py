"""Commands whose output is a credential: a cloud CLI printing a token or a stored secret key
(`aws ecr get-login-password`, `gcloud auth print-access-token`, `aws configure get
aws_secret_access_key`). What expands such a command's output into a printed text prints the
credential (make's `$(shell CMD)` in a recipe line make echoes)."""

from __future__ import annotations

from .lazyre import lazy_compile

# Each a program and the words that make it print a credential, global options between
# (`aws --region r ecr get-login-password`); an id (`aws_access_key_id`) is no credential.
_PRINTS_CREDENTIAL = lazy_compile(
    r"(?<![\w./-])(?:"
    r"aws\b[^|;&()]*?\b(?:ecr(?:-public)?[ \t]+get-login-password"
    r"|configure[ \t]+get[ \t]+(?:\S*\.)?(?:aws_secret_access_key|aws_session_token))"
    r"|gcloud\b[^|;&()]*?\bauth[ \t]+(?:application-default[ \t]+)?print-(?:access|identity)-token"
    r"|az\b[^|;&()]*?\baccount[ \t]+get-access-token"
    r"|gh[ \t]+auth[ \t]+token"
    r"|kubectl\b[^|;&()]*?\bcreate[ \t]+token"
    r")(?![\w-])"
)


def prints_credential(command: str) -> bool:
    """Whether a command line (a pipeline, as written) runs a program that prints a credential."""
    return _PRINTS_CREDENTIAL.search(command) is not None

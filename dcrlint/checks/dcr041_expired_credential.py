"""DCR041 expired-credential: a credential past its expiry: a JWT whose `exp` has passed, or a
resource whose expiry annotation is in the past."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import VALUES
from ..findings import Finding
from ..options import STRINGS, Option
from ..scanned import ScannedFile
from . import FileCheck
from ._credential_dates import dated_credentials, may_date_credentials

EXPIRY_ANNOTATIONS: Option[tuple[str, ...]] = Option(
    "expiry-annotations", STRINGS, ("dcrlint.io/expires-at",),
    doc="Annotation keys on Kubernetes resources that record when a credential expires (an ISO 8601 date).")
OPTIONS = (EXPIRY_ANNOTATIONS,)


def gate(file: ScannedFile) -> bool:
    """A JWT or an expiry annotation key (the configured ones) may be written."""
    return may_date_credentials(file, frozenset(EXPIRY_ANNOTATIONS.of(file.settings)))


def check(file: ScannedFile) -> Iterator[Finding]:
    return dated_credentials(file, "DCR041", EXPIRY_ANNOTATIONS.of(file.settings))


CHECKS = (FileCheck(rules=("DCR041",), run=check, facts=(VALUES,), gate=gate),)

"""DCR041 expired-credential: a credential past its expiry: a JWT whose `exp` has passed, or a
resource whose expiry annotation is in the past."""

from __future__ import annotations

from collections.abc import Iterator

from ..facts import VALUES
from ..findings import Finding
from ..scanned import ScannedFile
from . import FileCheck
from ._credential_dates import dated_credentials


def check(file: ScannedFile) -> Iterator[Finding]:
    return dated_credentials(file, "DCR041")


CHECKS = (FileCheck(rules=("DCR041",), run=check, facts=(VALUES,)),)

"""A one-line progress display on a terminal's stderr, for scans that take a while."""

from __future__ import annotations

import time
from typing import TextIO

# Quick scans (pre-commit, a single file) show nothing; the line appears after this long.
SHOW_AFTER = 1.0
_EVERY = 0.1  # seconds between redraws


class Progress:
    def __init__(self, stream: TextIO, show_after: float | None = None) -> None:
        self.stream = stream
        self.start = time.monotonic()
        self.show_after = SHOW_AFTER if show_after is None else show_after
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.start < self.show_after or (now - self.last < _EVERY and done < total):
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\rdcrlint: scanned {done}/{total} files")
        self.stream.flush()

    def close(self) -> None:
        """Erase the line, so that what follows starts on a clean line."""
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False

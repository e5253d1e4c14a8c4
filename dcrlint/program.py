"""The `dcrlint` program: the console script and `python -m dcrlint` start here.

What the command line imports (about 20,000 objects: modules, functions, classes) lives until
the process ends, yet the cycle collector walks it a dozen times while it is imported (a
twentieth of a one-file run). The program imports with the collector off; `cli.main()` then
exempts what was made (`gc.freeze`) and turns the collector back on for the scan."""

from __future__ import annotations

import gc


def run() -> int:
    gc.disable()
    from .cli import main

    return main()

"""The `dcrlint` program: the console script and `python -m dcrlint` start here.

What the command line imports (about 20,000 objects: modules, functions, classes) lives until
the process ends, yet the cycle collector walks it a dozen times while it is imported (a
twentieth of a one-file run). The program imports with the collector off; `cli.main()` then
exempts what was made (`gc.freeze`) and turns the collector back on for the scan.

When the run is over, the interpreter's own teardown (clearing every module, freeing every
object: about 3 ms of a one-file run) does nothing the program needs, once its output is
flushed: the process ends without it (`os._exit`), unless something may still have work at
exit (an atexit function such as coverage's, a tracer or profiler, a thread) or the process
is not the program's own (a test or a tool that runs the module and goes on after it)."""

from __future__ import annotations

import gc
import sys


def run() -> int:
    gc.disable()
    from .cli import main

    code = main()
    if _owns_the_process():
        _end(code)
    return code


def _owns_the_process() -> bool:
    """The process is `python -m dcrlint` or the console script, and nothing else runs at exit."""
    import atexit

    if sys.gettrace() is not None or sys.getprofile() is not None or "threading" in sys.modules:
        return False
    if getattr(atexit, "_ncallbacks", lambda: 1)() != 0:
        return False
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None:  # python -m: runpy ran dcrlint/__main__.py as the process's main module
        return bool(spec.name == "dcrlint.__main__")
    # the console script: a file that imported `run` (`python -c` has no file)
    return getattr(main, "__file__", None) is not None and getattr(main, "run", None) is run


def _end(code: int) -> None:
    """End the process with `code` once standard output and error are flushed; a flush that
    fails leaves the ending to the interpreter (which reports it as it always does)."""
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)

"""`python -m dcrlint`."""

import sys

from .program import run

sys.exit(run())

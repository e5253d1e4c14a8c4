"""`python -m dcrlint`."""

import sys

from .cli import main

sys.exit(main())

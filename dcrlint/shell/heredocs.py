"""Here-documents found in shell text without parsing it (superset tests, the places of bodies a
tool reads): the operator on its opening line, and the line that ends its body."""

from __future__ import annotations

import re

from ..lazyre import lazy_compile

# `<<EOF`, `<<-EOF`, `<< 'EOF'`, `<<END-OF-CONFIG`: the tab-stripping dash, the quote (a quoted
# word: no expansion in the body), the delimiter word (dots and dashes in it too, as bash takes them).
HEREDOC = lazy_compile(r"<<(-?)[ \t]*(['\"]?)([A-Za-z_][\w.-]*)\2")


def delimiter_line(text: str, at: int, word: str, tabs: bool) -> int | None:
    """Where the body starting at `at` ends: the start of its delimiter line (tabs before the
    word with `<<-`); None when the text has none."""
    lead = r"\t*" if tabs else ""
    m = re.compile(rf"^{lead}{re.escape(word)}\r*$", re.M).search(text, at)
    return m.start() if m is not None else None

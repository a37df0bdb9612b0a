"""Where a bracket that is already open closes, in raw LaTeX text."""
from __future__ import annotations


def past_closing(text: str, start: int, opener: str = "(", closer: str = ")") -> int | None:
    """The index just past the closer of a bracket opened before ``start`` (nested ones
    counted), or None when the text ends first."""
    depth, j = 1, start
    while j < len(text) and depth:
        depth += text[j] == opener
        depth -= text[j] == closer
        j += 1
    return None if depth else j

"""How the audit names a claim inside a sentence of its reasons."""
from __future__ import annotations


def in_sentence(title: str) -> str:
    """A claim's title inside a sentence: lower-case first letter, unless it opens an acronym
    (MGF, KL, SGD)."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]

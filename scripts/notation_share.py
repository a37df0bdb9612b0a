#!/usr/bin/env python3
"""How much of a corpus of formulas in other common notations the LaTeX reader reads.

The corpus (tests/notation_corpus.py) holds formulas as other courses, textbooks and students
write them (\\top, \\operatorname{Var}, \\mathrm{d}x, \\Pr, \\mathbb{1}[...], cases, unicode...).
Prints the share read and, with ``--failures``, each unread formula with the reader's message.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from cheatsheet.latex import LatexError, parse

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "notation_corpus.py"


def corpus():
    spec = importlib.util.spec_from_file_location("notation_corpus", CORPUS)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.CORPUS


def measure():
    """[(latex, message or None)] for every corpus formula."""
    out = []
    for latex, decls in corpus():
        try:
            parse(latex, decls)
            out.append((latex, None))
        except LatexError as e:
            out.append((latex, str(e)))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--failures", action="store_true", help="list the formulas not read")
    args = ap.parse_args(argv)
    result = measure()
    read = sum(msg is None for _, msg in result)
    print(f"other-notation corpus: {read}/{len(result)} read = {100.0 * read / len(result):.1f}%")
    if args.failures:
        for latex, msg in result:
            if msg is not None:
                print(f"{latex[:100]}\n    -> {msg[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

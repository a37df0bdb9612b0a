"""Write the word-count reference the matcher weighs title words by (data/match/word_counts.json).

Run it only on purpose: every word's weight in matching follows this table (see
cheatsheet/match/word_weights.py), so rewriting it can change verdicts anywhere; measure the red
team and the accuracy runs after it. Adding claims does not need it.

    python scripts/word_reference.py [--check]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "match" / "word_counts.json"


def counts() -> dict:
    from cheatsheet.catalog import get_catalog
    from cheatsheet.match.index import claim_words_of
    from cheatsheet.match.word_weights import live_counts

    catalog = get_catalog()
    words = [claim_words_of(c) for c in catalog]
    return {"claims": len(words), "counts": dict(sorted(live_counts(words).items()))}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true",
                   help="only say how many words the live catalog has that the table lacks")
    args = p.parse_args(argv)
    table = counts()
    if args.check:
        from cheatsheet.match.word_weights import reference_counts

        new = sorted(set(table["counts"]) - set(reference_counts()))
        listed = f": {', '.join(new[:30])}" if new else ""
        print(f"{len(new)} word(s) of the catalog are not in the reference table{listed}")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(table, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(table['counts'])} words of {table['claims']} claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())

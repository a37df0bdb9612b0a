"""A formula that speaks of a name the sheet has just defined is decided with the definition
put in.

"With condition number $\\kappa = L/\\mu$: $(1 - 1/\\kappa)^k$" is the textbook linear rate;
read letter by letter, the matcher takes kappa for the claim's L and the formula for a typo
of (1 - mu/L)^k. The name is an abbreviation, not a free letter: only with its value put in
does the formula say what the sheet means. The generic check already did this
(excuses._generic_wrong); a claim's refutation now does too."""
from __future__ import annotations

from cheatsheet.sheets.definitions import mentions, put_in


def _values(named) -> str:
    return ", ".join(f"{d.name} = {d.body}" for d in named)


def decided_with_definitions(decider, formula, conv, file: str, latex: str, ids):
    """The finding for the formula with the definitions in reach put in, where that reading
    decides it; else None (the formula is decided as written). Right with the values put in
    is right; wrong with them put in is wrong there too."""
    named = [d for d in (*conv.named, *conv.definitions) if mentions(latex, d)]
    if not named:
        return None
    text = put_in(latex, named)
    if text is None or any(mentions(text, d) for d in named):
        return None  # (a definition in terms of itself, or a use put_in does not rewrite)
    found = decider._decide(formula, conv, file, text)
    if found.verdict == "unchecked":
        # (delta = dL/dy put in makes dL/dh = W delta a derivative no claim reads: the
        # formula as written, in the sheet's shorthand, is still the claim's typo)
        return None
    found.reason = f"{found.reason} (with {_values(named)} put in, as the sheet defines it)"
    return found

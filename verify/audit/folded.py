"""A formula read with a name the sheet gave a value earlier in its section folded back in.

"$N_k = \\sum_i r_{ik}$", then "$\\pi_k = \\frac{1}{K} \\sum_i r_{ik}$": the catalog states the
mixing weight as N_k / N, so letter by letter the second formula resembles no claim surely,
and its slip (K components for n points) went unseen. Read with the sum folded back into the
name the sheet gave it, it is N_k / K: that claim's known typo. The other way round, a
formula may write the name where the claim writes its value; then the value is put in.

These are extra readings, tried only where the formula as written is left unchecked, and
decided like any reading (a wrong one needs the usual sure match). A value put in may only
clear a formula, never condemn it: the line that gave it may itself be a claim's statement,
perhaps a wrong one, rather than a definition. Where the two readings disagree, the formula
stays unchecked. A value is folded only where it stands as a whole
term: a sum ends the term (``\\sum_i r_{ik} x_i`` is no N_k times x_i).
"""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.sheets.definitions import mentions, put_in
from cheatsheet.sheets.formulas import left_side
from cheatsheet.sheets.given_values import bare, squeezed

from .defined import value_letters_renamed

# what may follow a folded value for it to have been a whole term
_TERM_END = re.compile(r"$|[=<>+\-)}\]&,]|\\right|\\le|\\ge|\\neq|\\approx|\\quad")
# a value whose scope runs to the right (a sum, a product, an integral, anywhere in it)
_BIG = re.compile(r"\\(?:sum|prod|int)(?![A-Za-z])")


def _top_level_summed(body: str) -> bool:
    depth = 0
    for i, ch in enumerate(body):
        depth += ch in "({["
        depth -= ch in ")}]"
        if depth == 0 and ch in "+-" and i > 0:
            return True
    return False


def fold(latex: str, values) -> str | None:
    """``latex`` with each value of ``values`` it writes as a whole term replaced by the name
    given it (a name 1/A written before it read as the name over A), or None where none is."""
    text = squeezed(latex)
    own = bare(left_side(text) or "")
    changed = False
    for d in sorted(values, key=lambda d: -len(d.body)):
        body, name = squeezed(d.body), squeezed(d.name)
        if bare(name) == own or len(body) < 4:
            continue  # (the formula giving the name its value again, or a trivial value)
        out, k = [], 0
        for m in re.finditer(re.escape(body), text):
            before, after = text[:m.start()], text[m.end():]
            if m.start() < k or re.search(r"[A-Za-z0-9]$", before) and body[0].isalnum():
                continue
            if (_BIG.search(body) or _top_level_summed(body)) and not _TERM_END.match(after):
                continue  # (the sum runs on over what follows)
            if _top_level_summed(body) and not re.search(r"(?:^|[=(\[{]|\\left\()$", before):
                continue  # (a - b after c is not c times (a - b))
            if re.match(r"[A-Za-z0-9]", after) and body[-1].isalnum() \
                    or re.match(r"[\^_'!(]", after) or re.search(r"/$", before):
                continue  # (a power or call of its last letter, a quotient of its first)
            out.append(text[k:m.start()] + f"{{{name}}}")
            k = m.end()
        if not out:
            continue
        text = "".join(out) + text[k:]
        changed = True
        # (1/K) N_k reads as N_k / K, the way the claim writes a count over a total
        text = re.sub(rf"\\[dt]?frac\{{1\}}\{{([^{{}}]+)\}}\{{{re.escape(name)}\}}(?={_TERM_END.pattern})",
                      lambda m: f"\\frac{{{name}}}{{{m.group(1)}}}", text)
    return text if changed else None


def readings(latex: str, values) -> list[tuple[str, str]]:
    """(how, text) of the extra readings: the values folded in, the names' values put in."""
    out = []
    folded = fold(latex, values)
    if folded is not None:
        out.append(("folded", folded))
    own = bare(left_side(latex) or "")
    named = [d for d in values if bare(d.name) != own]
    put = put_in(latex, named) if named else None
    if put is not None:
        out.append(("put in", put))
    return out


def decided_folded(decider, formula, conv, file: str, plain):
    """The finding of the formula read with the names given earlier folded in or put in,
    where such a reading decides it and no other contradicts it; else ``plain``."""
    values = getattr(conv, "values", ())
    if not values:
        return plain
    inner = replace(conv, values=())
    named = [d for d in values if mentions(formula.reading, d)]  # (the names it writes)
    found = []
    for how, text in readings(formula.reading, values):
        f = decider._decide(formula, inner, file, text)
        if how == "put in" and value_letters_renamed(f, formula.reading, named):
            # (Lambda = Sigma^{-1} put in, then Sigma read as the claim's Lambda: the verdict
            # rests on undoing the definition, as in defined.py)
            continue
        if f.verdict == "ok" or f.verdict == "wrong" and how == "folded":
            # (a value put in may only clear a formula: the line that gave it may itself
            # state a claim, a wrong one, not define the name)
            found.append((how, f))
    if not found or len({f.verdict for _, f in found}) > 1:
        return plain
    how, f = found[0]
    written = squeezed(formula.reading)
    used = [d for d in values if squeezed(d.body) in written] if how == "folded" else named
    said = ", ".join(f"{d.name} = {d.body}" for d in used) or "the values given above"
    f.reason = f"{f.reason} (read with {said}, as the sheet defines it above, " \
               f"{'folded back into the name' if how == 'folded' else 'put in'})"
    return f


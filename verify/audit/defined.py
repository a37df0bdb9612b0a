"""A formula that speaks of a name the sheet has just defined is decided with the definition
put in.

"With condition number $\\kappa = L/\\mu$: $(1 - 1/\\kappa)^k$" is the textbook linear rate;
read letter by letter, the matcher takes kappa for the claim's L and the formula for a typo
of (1 - mu/L)^k. The name is an abbreviation, not a free letter: only with its value put in
does the formula say what the sheet means. The generic check already did this
(excuses._generic_wrong); a claim's refutation now does too.

A sheet defines names in words as well ("Normal with variance $v$", "with $I_n(\\theta)$ the
information of the whole sample", "writing $\\kappa$ for the ratio of $L$ to $\\mu$"):
cheatsheet/sheets/word_definitions.py reads those, and they are put in the same way. Where
the words leave the value's exact form unsure (a ratio whose letters the reader lost), the
value may only clear the formula, never condemn it."""
from __future__ import annotations

import re
from dataclasses import replace

from cheatsheet.sheets.definitions import mentions, put_in
from cheatsheet.sheets.formulas import left_side
from cheatsheet.sheets.word_definitions import condition_number, parameters_named, \
    ratio_named, sample_information


def _values(named) -> str:
    return ", ".join(f"{d.name} = {d.body}" for d in named)


def _uses_any(latex: str, body: str) -> bool:
    """Does the formula already write a letter of the value (sigma in sigma^2)?"""
    return any(re.search(rf"{re.escape(c)}(?![A-Za-z])", latex)
               for c in re.findall(r"\\[A-Za-z]+", body))


def value_letters_renamed(found, latex: str, named):
    """The first (sheet letter, claim letter) pair of a decided reading that renames a letter
    the put-in values brought into the formula (one it did not write itself), else None."""
    brought = set()
    for d in named:
        brought |= {w.lstrip("\\") for w in re.findall(r"\\?[A-Za-z]+", d.body)}
    brought -= {w.lstrip("\\") for w in re.findall(r"\\?[A-Za-z]+", latex)}
    for s, t in found.renamed:
        if s != t and s.split("_")[0] in brought:
            return s, t
    return None


def _spoken(text: str, named, bare: bool = False) -> str:
    """``text`` with each word-defined name, where it stands alone as a piece of math
    (``$\nu$``, or a whole name of the line's math when ``bare``), replaced by its value."""
    for d in named:
        if d.variable is not None:
            continue
        if bare:
            text = re.sub(rf"(?<![\\A-Za-z]){re.escape(d.name)}(?![A-Za-z])", lambda _: d.body, text)
        else:
            text = text.replace(f"${d.name}$", f"${d.body}$")
    return text


def _taken_back(expected: str, named) -> str:
    """The right form in the sheet's own letters again: each word-defined name for its value,
    where the value is one name (nu for mu, omega for sigma^2), longest values first."""
    for d in sorted(named, key=lambda d: -len(d.body)):
        body = d.body.strip()
        if d.variable is None and re.fullmatch(r"\\?[A-Za-z]+(?:\^\{?[0-9]\}?)?", body):
            end = r"(?![A-Za-z_])" if body[-1].isalpha() else r"(?![0-9])"
            expected = re.sub(re.escape(body) + end + r"(\s*)(?=(.?))", lambda m: d.name + (
                " " if d.name[-1].isalpha() and m.group(2).isalpha() and not m.group(1)
                else m.group(1)), expected)
    return expected


def in_words(formula, conv, latex: str, taken: set) -> tuple[list, bool]:
    """The definitions the sheet's words make for this formula (none of a name in ``taken``,
    defined in math, nor of the name the formula itself gives a value to), and whether their
    values are sure."""
    own = re.split(r"\s*(?:\\left\s*)?\(", left_side(latex).strip())[0]  # (I_n of I_n(theta) = ...)
    words = f"{formula.segment.words()} {conv.line_words}"
    out = [d for d in parameters_named(conv.line_words, conv.line_math, formula.line)
           if not _uses_any(latex, d.body)]  # (v = sigma^2 in a formula in sigma too)
    out += [d for d in (ratio_named(conv.line_words, conv.line_math, formula.line),
                        sample_information(latex, words, formula.line)) if d is not None]
    unsure = None
    if not any(d.name == r"\kappa" for d in out):
        kappa, certain = condition_number(latex, words, dict(conv.roles))
        if kappa is not None:
            out.append(kappa)
            unsure = None if certain else kappa
    out = [d for d in out if d.name not in taken and d.name != own and mentions(latex, d)]
    return out, unsure not in out


def with_definitions(formula, conv, latex: str):
    """(the formula with the definitions in reach put in, the conventions to read it with,
    the definitions, those made in words, whether their values are sure), or None where no
    definition applies (reach.py asks this too: that reading is decided as well)."""
    named = [d for d in (*conv.named, *conv.definitions) if mentions(latex, d)]
    said, sure = in_words(formula, conv, latex, {d.name for d in named})
    named += said
    if not named:
        return None
    text = put_in(latex, named)
    if text is None or any(mentions(text, d) for d in named):
        return None  # (a definition in terms of itself, or a use put_in does not rewrite)
    if said:  # (the words that named the letters now name their values: "normal with mean
        # $\nu$" read with nu put in is "normal with mean $\mu$", not a mean nu the formula
        # no longer writes)
        conv = replace(conv, said=_spoken(conv.said, said),
                       line_math=_spoken(conv.line_math, said, bare=True))
    return text, conv, named, said, sure


def decided_with_definitions(decider, formula, conv, file: str, latex: str, ids):
    """The finding for the formula with the definitions in reach put in, where that reading
    decides it; else None (the formula is decided as written). Right with the values put in
    is right; wrong with them put in is wrong there too."""
    put = with_definitions(formula, conv, latex)
    if put is None:
        return None
    text, conv, named, said, sure = put
    found = decider._decide(formula, conv, file, text)
    if found.verdict == "unchecked":
        # (delta = dL/dy put in makes dL/dh = W delta a derivative no claim reads: the
        # formula as written, in the sheet's shorthand, is still the claim's typo)
        return None
    if found.verdict == "wrong" and not sure:
        return None  # (kappa as a ratio, which way up the words no longer tell)
    how = "as the sheet's words define it" if said else "as the sheet defines it"
    if any(d.line == 0 for d in named):  # (law_names.implied_normals)
        how = "the laws its own letters name"
    moved = value_letters_renamed(found, latex, named)
    if moved:
        # "precision Q = C^{-1}" put in, then C read as the claim's precision: the value's
        # letter would stand for what the defined name stands for; a verdict that rests on
        # undoing the definition (ok or wrong) is no verdict
        s, t = moved
        return decider._finding(
            formula, file, "unchecked",
            f"with {_values(named)} put in it is decided only if {s} is read as the claim's "
            f"{t}, which the sheet does not say", candidates=list(ids))
    if found.verdict == "wrong" and found.expected and said:
        found.expected = _taken_back(found.expected, said)
    found.reason = f"{found.reason} (with {_values(named)} put in, {how})"
    return found

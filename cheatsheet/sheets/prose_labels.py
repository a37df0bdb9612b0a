"""A value named in prose by the word just before it: "with mean $1/q$ and variance $(1-q)/q$".

Sheets state a law's moments in running text as often as in a table: "Mean $\\frac{v}{u+v}$",
"Exponential with rate $r$: expectation $1/r$, variance $1/r^2$", "Shape $s$: the mean is
$e^{s^2/2}$". Read alone, such a value states no relation and nothing is checked. Like a
table row's label (row_labels.py), the word becomes the formula's left side in its usual
notation (``\\mathbb{E}[X]``, ``\\operatorname{Var}(X)``), and the matcher compares the right
sides with the claims of the law the words around it name.

Only where the word surely names the law's own moment, so that no correct line is misread:
- the word opens its clause (after the block's start, a comma, colon, semicolon, full stop or
  bracket; "with", "and" or "the" may come between, and "is" after it). "sample mean with
  variance", "noise variance", "whose mean is", "has variance", "its variance" name the moment
  of something else, or of what an earlier sentence spoke of;
- the value is not one symbol alone or a number ("with mean $\\mu$", "variance $s^2$",
  "mean $0$"): that introduces a parameter, in whatever parametrisation the sheet uses;
- no statistic, estimator or other random quantity is the clause's subject ("the sample mean,
  with variance $\\sigma^2/n$", "posterior $\\mathrm{Gamma}(a + k, b + n)$, mean ..."), and the
  math just before it on its line is neither a lone random variable ("For $\\bar X$: mean
  ...") nor a law whose parameters are expressions (its moments are not the claim's in the
  claim's letters);
- a label after other math continues that math's clause ("$c\\bar X$ and variance ...",
  "For $\\bar Y$: mean $m$, variance $v/n$"): after a bare value it counts only when that
  value was itself so named ("mean $\\frac{b}{a+b}$ and variance ...").
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..glossary import OTHER_WORDS, plain
from .formulas import has_relation
from .model import Segment, Sheet

# the moment a word names, in its usual notation (X the law's variable)
_MOMENTS = {
    "mean": r"\mathbb{E}[X]", "expectation": r"\mathbb{E}[X]", "expected value": r"\mathbb{E}[X]",
    "variance": r"\operatorname{Var}(X)",
}
_WORD = "|".join(sorted(_MOMENTS, key=len, reverse=True))
# the label at the end of the words before the value: the start of its clause, then the word
_LABEL = re.compile(
    rf"(?P<lead>^|.*[,;:.(])\s*(?:(?P<join>with|and)\s+)?(?:the\s+)?(?P<word>{_WORD})"
    r"(?:\s+is)?\s*:?\s*$", re.I | re.S)
# a subject whose moments are not the law's own: a statistic, an estimator, a process
_OTHER_SUBJECT = re.compile(
    r"\b(sample|samples|estimator|estimate|average|averages|sum|sums|statistic|posterior|prior|"
    r"predictive|conditional|noise|error|errors|residual|residuals|process|increment|"
    r"mle|map|empirical|unbiased|biased|asymptotic|unconditional|marginal|mixture|"
    r"batch|minibatch|gradient|draws|observations|data|population)\b", re.I)
# one symbol alone, with its sub- and superscripts, fonts and accents: a parameter's name
_DECOR = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathrm|mathit|mathsf|mathcal|mathbb|text|"
                    r"operatorname|bar|hat|tilde|overline|widehat|widetilde|vec|dot|bf|rm)\s*")
_SCRIPT = re.compile(r"[_^]\s*(?:\{[^{}]*\}|\\[A-Za-z]+|.)")
_SYMBOL = re.compile(r"\\[A-Za-z]+|[^\W\d_]|\d+(?:\.\d+)?|(?:alpha|beta|gamma|delta|epsilon|"
                     r"lambda|mu|nu|sigma|theta|tau|phi|pi|rho|omega|kappa|eta|xi|psi|zeta)")
_WORD_NAME = re.compile(r"\\(?:mathrm|text|textrm|operatorname|mathit)\s*\{\s*[A-Za-z]+\s*\}")
# a lone random variable: a capital, or a decorated letter (an estimator, a sample mean)
_RANDOM = re.compile(r"\s*(?:\\(?:bar|hat|tilde|overline|widehat|widetilde)\s*\{?\s*\\?[A-Za-z]+"
                     r"\s*\}?|[A-Z])\s*(?:[_^]\s*(?:\{[^{}]*\}|\w))*\s*")


def _in_english(words: str) -> str:
    """The words with a German one said in English ("Varianz": variance); the other
    languages' were said so when the sheet was read (words.py)."""
    return re.sub(r"[^\W\d_]+", lambda m: OTHER_WORDS.get(plain(m.group(0)), m.group(0)), words)


def lone_symbol(latex: str) -> bool:
    """One symbol (or number) alone, whatever its scripts and fonts: ``\\sigma^2``, ``s``,
    ``\\mathbf{m}``, ``0``, ``\\bar{x}``."""
    text = _SCRIPT.sub("", latex.strip()).strip()
    if _WORD_NAME.fullmatch(text):  # \\mathrm{scale}
        return True
    while True:  # \\bar{\\mathbf{a}}: the accents and fonts around one symbol
        bare = re.sub(r"^\{(.*)\}$", r"\1", _DECOR.sub("", text, count=1).strip()).strip()
        if bare == text:
            break
        text = bare
    return bool(_SYMBOL.fullmatch(text))


# a law applied to its parameters, by its name: Gamma(a + k, b + n), \operatorname{Beta}(a, b)
_LAW = re.compile(
    r"\s*(?:\\(?:operatorname|mathrm|text|textrm|mathsf|mathcal)\s*\{(?P<name>(?:[^{}]|\{[^{}]*\})*)\}"
    r"|(?P<word>[A-Z][a-z]*))\s*(?:\\left)?\((?P<args>.*)\)\s*", re.S)
# a word before a law's name that makes it another law (inverse-gamma, log-normal)
_COMPOUND = re.compile(r"(?i)(inv|inverse|log|half|neg|negative|trunc|truncated|zero|scaled|"
                       r"skew|folded|generali[sz]ed|noncentral|non)|-")


def _other_law(latex: str) -> bool:
    """A law whose moments are not those of its name's base law in its letters: one with an
    expression among its parameters (the posterior Gamma(a + k, b + n)) or a compound name
    (Inv-Gamma, \\mathrm{Log\\text{-}Normal})."""
    m = _LAW.fullmatch(latex)
    if m is None:
        return False
    name = re.sub(r"\\[A-Za-z]+\s*\{([^{}]*)\}", r"\1", m.group("name") or m.group("word") or "")
    return bool(re.search(r"[-+*/]|\\(?:sum|frac|cdot)", m.group("args"))) or bool(
        _COMPOUND.match(name)) or not re.fullmatch(r"[A-Za-z]+", name.strip())


def moment_name(seg: Segment, before: Segment | None = None, before_named: bool = False
                ) -> str | None:
    """The left side the word just before a bare value gives it, or None (see the module);
    ``before``: the math just before it on its line or the line above, ``before_named``
    whether that math was so named."""
    if seg.cell or seg.display or seg.named or has_relation(seg.latex):
        return None
    if re.search(r"\\(pm|mp|leftarrow|gets|to|mapsto|sim|in)(?![A-Za-z])", seg.latex):
        return None
    if lone_symbol(seg.latex):
        return None
    m = _LABEL.match(_in_english(seg.before.strip()))
    if m is None:
        return None
    lead = m.group("lead")
    if before is not None and not lead and not before_named and (
            m.group("join") or not has_relation(before.latex)):
        # "$c\\bar X$ and variance": the clause of the math before; "for $b > 1$ the mean
        # is" opens a clause of its own
        return None
    if before is not None and (_RANDOM.fullmatch(before.latex) or _other_law(before.latex)):
        return None
    if before is not None and not before_named and _labelled(before):
        # "For $\\bar Y$: mean $m$, variance $v/n$": the value of the list before was not the
        # law's moment, nor is this one
        return None
    # the clause's subject: the words of its sentence up to the label (the words before the
    # math just before it too, when no sentence ends in between)
    sentence = lead if before is None or re.search(r"[.;]", lead) else f"{before.before} {lead}"
    if _OTHER_SUBJECT.search(re.split(r"[.;]\s", sentence)[-1]):
        return None
    return _MOMENTS[m.group("word").lower()]


def _labelled(seg: Segment) -> bool:
    """A bare value after a moment's word, named or not."""
    return not has_relation(seg.latex) and not lone_symbol(seg.latex) and \
        _LABEL.match(_in_english(seg.before.strip())) is not None


def with_moment_names(sheet: Sheet) -> Sheet:
    """The sheet with each bare value a moment's word names given that moment as its left
    side (``Segment.named``)."""
    out, prev, prev_named = [], None, False
    for seg in sheet.segments:
        near = prev if prev is not None and not seg.cell and 0 <= seg.line - prev.line <= 1 \
            else None
        named = moment_name(seg, near, prev_named and near is not None)
        out.append(replace(seg, named=named) if named else seg)
        if not seg.cell:
            prev, prev_named = seg, bool(named)
    sheet.segments[:] = out
    return sheet

"""A table row whose first cell names the quantity its formula cell gives.

``| Precision | $\\frac{TP}{TP + FP}$ |`` under a header ``| Metric | Formula |`` states
``Precision = TP / (TP + FP)``, as ``| Variance | $\\lambda$ |`` under ``| Quantity | Value |``
states the variance of the law the section is about. Read as a bare expression, such a cell
states no relation and nothing is checked. The row's label becomes the formula's left side:
a moment's name its usual notation (``\\mathbb{E}[X]``, ``\\operatorname{Var}(X)``, ``M_X(t)``),
any other short name itself in upright letters (``\\text{Precision}``), which the matcher reads
as the shorthand where the left side only names the claim's.

Only in a table of two columns whose second holds formulas of whatever its rows name (a
header in words such as "Formula", "Definition", "Value"): under a column that names a
quantity ("Mean", "PMF", or a formula such as ``$g'(z)$``) the first column names laws or
functions, and the row and column readers decide the cell. A label with math in it, of more
than three words, or naming a law, names nothing here.
"""
from __future__ import annotations

import re

from ..glossary import OTHER_WORDS, PROSE_WORDS
from .words import plain

_ENGLISH = {**PROSE_WORDS, **OTHER_WORDS}

# headers of a column of values or formulas (not of one quantity)
_VALUE_HEADERS = {
    "formula", "formulas", "definition", "definitions", "expression", "equation", "value",
    "values", "form", "math", "latex", "computation", "rule", "formule", "formel", "valor",
    "valeur", "wert", "expresion", "expressao", "definicao", "definicion", "in symbols",
}
# a label naming a moment: its usual notation (X the law's variable)
_MOMENTS = {
    "mean": r"\mathbb{E}[X]", "expectation": r"\mathbb{E}[X]", "expected value": r"\mathbb{E}[X]",
    "variance": r"\operatorname{Var}(X)", "mgf": r"M_X(t)",
    "moment generating function": r"M_X(t)",
}
_LAWS = {
    "bernoulli", "binomial", "poisson", "geometric", "uniform", "normal", "gaussian",
    "exponential", "gamma", "beta", "laplace", "student", "multinomial", "categorical",
    "dirichlet", "weibull", "pareto", "cauchy", "logistic", "hypergeometric", "lognormal",
    "chi", "negative", "multivariate", "standard",
}
# up to three words of letters, in any script ("Spezifität", "Präzision")
_LETTERS = r"[^\W\d_](?:[^\W\d_]|-)*"
_LABEL = re.compile(rf"{_LETTERS}(?: {_LETTERS}){{0,2}}")


def row_name(label: str, header: str) -> str | None:
    """The LaTeX left side the row's label gives the cell under ``header``, or None."""
    if "$" in label or plain(header).strip(" :*") not in _VALUE_HEADERS:
        return None
    words = re.sub(r"\s*\([^()]*\)\s*", " ", label).strip(" :*_")  # "Recall (TPR)": Recall
    words = re.sub(r"\s+", " ", words)
    if not _LABEL.fullmatch(words):
        return None
    key = words.lower()
    if key in _MOMENTS:
        return _MOMENTS[key]
    if key.split()[0] in _LAWS:
        return None
    return rf"\text{{{words}}}"


# words that open a line of prose, not the name of a quantity ("Note: $x > 0$"), and names
# too general to tell which quantity a line gives ("Loss: $...$" under any heading)
_PROSE_LABELS = {
    "note", "notes", "nb", "example", "examples", "eg", "e.g", "ie", "i.e", "where", "with",
    "here", "then", "so", "hence", "thus", "therefore", "proof", "hint", "hints", "remark",
    "remarks", "tip", "tips", "warning", "caution", "idea", "intuition", "given", "let",
    "assume", "assuming", "assumption", "assumptions", "answer", "solution", "result", "output",
    "input", "formula", "formulas", "identity", "definition", "def", "defn", "property", "fact",
    "facts", "trick", "rule", "rules", "also", "and", "or", "because", "since", "otherwise", "if",
    "when", "for", "important", "key", "useful", "see", "cf", "source", "ref", "reference",
    "loss", "cost", "objective", "expression", "value", "values", "update", "step", "term",
    "case", "cases", "condition", "conditions", "constraint", "constraints", "form", "general",
    "special", "i", "ii", "iii", "a", "b", "c", "q", "question", "claim", "lemma", "theorem",
    "corollary", "derivation", "check", "sanity", "typical", "usually", "common", "in general",
    "in words", "in short", "that is", "namely", "equivalently", "or equivalently", "similarly",
    "likewise", "finally", "first", "second", "next", "last", "now", "thus far", "i.e.",
}


def item_name(before: str, after: str, latex: str = "") -> str | None:
    """The LaTeX left side a line's label gives the math that follows it, or None.

    ``- hinge: $\\max(0, 1 - y f)$`` reads as a table row ``| hinge | $...$ |`` does: the
    words before the colon name the quantity the expression gives. Only a short label of
    words alone (no math, at most three words) that ends in a colon, followed by no words of
    its own (or only the next line's label), and not a word of prose ("Note:", "where:").
    A label may also end a longer clause (``lead_label``), before a value of ``latex`` that
    is more than one symbol or number ("posterior $\\mathrm{Beta}(5, 2)$" in a worked
    example, "sequence length $n$": a letter introduced, not a formula)."""
    if "$" in before:
        return None
    if not before.endswith(":"):
        return _named(lead_label(before, after)) if _formula_value(latex) else None
    rest = after.strip(" .,;")
    if rest and not (rest.endswith(":") and _LABEL.fullmatch(rest.rstrip(": ").strip(" *_"))):
        return None
    # (", Sensitivity:" after the line's first labelled value: the next label of the line)
    return _named(before[:-1])


_GREEK = (r"\\(?:alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|"
          r"lambda|mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|"
          r"Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega)(?![A-Za-z])")
# a name in upright letters (a law's, a function's): not a letter of the value
_NAMES = re.compile(r"\\(?:mathrm|text|textrm|operatorname|mathcal|mathsf)\s*\{[^{}]*\}")


def _formula_value(latex: str) -> bool:
    """Is the math a value written with letters, more than one symbol alone?"""
    from .prose_labels import lone_symbol

    rest = _NAMES.sub(" ", latex)
    return bool(latex.strip()) and not lone_symbol(latex) and bool(
        re.search(rf"(?<![\\A-Za-z])[A-Za-z]|{_GREEK}", rest))


def _named(label: str | None) -> str | None:
    """The left side a label's words give (see ``item_name``), or None."""
    if not label:
        return None
    words = re.sub(r"\s*\([^()]*\)\s*", " ", label).strip(" :*_-,;")
    words = re.sub(r"\s+", " ", words)
    if not _LABEL.fullmatch(words) or words.lower() in _PROSE_LABELS \
            or words.lower().split()[0] in _PROSE_LABELS:
        return None
    # (said in English: "Varianz", "media" are moments too)
    key = " ".join(_ENGLISH.get(plain(w), w) for w in words.lower().split())
    # a moment under a law's heading ("- Mean: $np$") is read by the quantity readers
    if key in _MOMENTS or key.split()[0] in _LAWS:
        return None
    # (an upright name of several words is read as one operator name: spaces do not show)
    return rf"\text{{{words}}}" if " " not in words else rf"\operatorname{{{words}}}"


# a verb saying the value follows: "the unconditional variance is $...$"
_COPULA = re.compile(r"\s+(?:is|are|equals|gives|becomes)\s*$", re.I)
# words after the value that end its clause or add a condition to it
_CLAUSE_END = re.compile(r"^(?:$|[.,;)]|(?:when|if|for|where|provided|since|as|with|under)\b)",
                         re.I)
_ARTICLE = re.compile(r"^the\s+", re.I)
# words pointing back to what was named before: "its minimiser", "whose mean" is the quantity
# of that object, in the convention it was stated in, not the claim's own
_POINTING = re.compile(r"\b(?:its|their|his|her|whose|this|that|these|those)\b", re.I)


def lead_label(before: str, after: str) -> str:
    """The words that name a value at the end of a longer clause: after its colon ("..., stride
    1: output $...$", "prior ..., noise ...: posterior precision $...$") or before a verb
    saying it is the value ("The unconditional variance is $...$"), when the value ends its
    clause and the words open it (after a colon, comma, semicolon or full stop, or as a
    sentence's capital: not the end of a phrase begun before the math before); else ''. A
    noun before math in running prose without either ("kernel $k \\times k$", "step size
    $1/L$") more often introduces a letter or a setting than a value."""
    if not _CLAUSE_END.match(after.strip()):
        return ""
    text = before.strip()
    verb = _COPULA.search(text)
    if verb is not None:
        parts = re.split(r"[:;,.()]", text[:verb.start()])
        tail = parts[-1]
        if len(parts) == 1 and not text[:1].isupper():
            return ""  # "the first $M$ components is": the end of a phrase about M
    elif ":" in text:
        tail = text.rsplit(":", 1)[1]
        if re.search(r"[;,.()]", tail):
            return ""
    else:
        return ""
    if _POINTING.search(tail):
        return ""
    return _ARTICLE.sub("", tail.strip())

"""Plain-text spellings of math the reader takes as the LaTeX they stand for: a derivative
written on one line (``d/dx (x^2)``, ``d(x^T A x)/dx``), Greek letters spelled out
(``lambda``), operator names in plain letters (``KL(p, q)``, ``tr(A)``), ``sqrt(...)``, the
relations ``<=``, ``>=``, ``!=`` and ``u (.) v`` for the elementwise product.

They work on the token stream of :mod:`._pre` (one pass each, called from ``_pre.tokens``).
"""
from __future__ import annotations

import re

from . import _pre as _p

# operator names written in plain letters (KL(p, q), tr(A), max(a, b)): one name when the letters
# touch and a bracket follows
_PLAIN_NAMES = {"KL", "JSD", "JS", "Var", "Cov", "Tr", "tr", "diag", "det", "exp", "log", "ln",
                "sin", "cos", "tan", "tanh", "sigmoid", "softmax", "softplus", "ReLU", "relu", "sign", "sgn",
                "max", "min", "argmax", "argmin", "Pr"}
# short spellings plain-text code and cribs use for such an operator (Torch's ``sigm``): read as
# the operator they shorten, so the formula is checked as the operator's own formula is
_PLAIN_ALIASES = {"sigm": "sigmoid"}

# names of counts and statistics written in touching capitals (confusion-matrix counts and rates,
# sums of squares, error measures, the evidence lower bound): one quantity each, never a
# product of letters
QUANTITY_NAMES = {"TP", "FP", "TN", "FN", "TPR", "FPR", "TNR", "FNR", "PPV", "NPV", "FDR", "MCC",
                  "RSS", "TSS", "ESS", "SSE", "SST", "SSR", "SSG", "MSE", "MSG", "MSR", "RMSE",
                  "MAE", "RSE", "AUC", "NLL", "ELBO"}
_FONTS = {r"\mathbf", r"\boldsymbol", r"\bm", r"\vec", r"\mathbb", r"\mathcal", r"\mathscr",
          r"\mathfrak", r"\hat", r"\tilde", r"\bar", r"\overline", r"\widehat", r"\widetilde"}

_D_MARKS = {"d", r"\mathrm{d}", r"\partial"}
# compiled once: these run on every token of every formula read (re's module functions look the
# pattern up in their cache on each call, ~2% of a cold verify's CPU for these few loops)
_LETTER = re.compile(r"[A-Za-z]").fullmatch
_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9]").fullmatch
_COMMAND_START = re.compile(r"\\[A-Za-z]").match
_SPACES = re.compile(r"\s+")
_BOLD = {r"\mathbf", r"\boldsymbol", r"\bm", r"\vec", r"\mathbb", r"\mathcal", r"\hat", r"\tilde",
         r"\bar"}


# <=, >=, != typed in plain text: the relations TeX writes \le, \ge, \ne
_ASCII_RELATIONS = {"<": r"\leq", ">": r"\geq", "!": r"\neq"}


def ascii_relations(toks: list[str]) -> list[str]:
    """``P(X >= a) <= E[X]/a``, ``x != 0``: two touching characters as the one relation they
    spell (``a < = b``, spaced, stays as written)."""
    if "=" not in toks:
        return toks
    out: list[str] = []
    for t in toks:
        last = out[-1] if out else None
        if t == "=" and last in _ASCII_RELATIONS and isinstance(last, _p.Tok) \
                and isinstance(t, _p.Tok) and last.end == t.start:
            out[-1] = _p._like(last, _ASCII_RELATIONS[last], t)
        else:
            out.append(t)
    return out


# ``u (.) v``: the elementwise product as plain-text cribs type it (TeX's \odot, the ⊙ sign)
_DOT_IN_BRACKETS = ("(", ".", ")")


def _operand_end(tok) -> bool:
    """Whether a value can end with ``tok``: a letter, digit, closing bracket, prime, or a
    letter-like command (``\\delta``); not an operator, relation or comma."""
    if tok.startswith("\\"):
        return _p.command_name(tok) is not None
    return bool(_LETTER_OR_DIGIT(tok[-1:])) or tok[-1:] in (")", "]", "}", "'")


def elementwise_dots(toks: list[str]) -> list[str]:
    """``f_t (.) c_{t-1}``: a dot in touching brackets, set apart from a value before it and
    followed by a value, is the elementwise product ``\\odot``.  ``f(.)`` (the bracket touches
    the name: a placeholder argument) and ``g (.) = ...`` (no value after it) stay as written."""
    if "." not in toks:
        return toks
    out, i, n = [], 0, len(toks)
    while i < n:
        three = toks[i:i + 3]
        if (tuple(three) == _DOT_IN_BRACKETS and all(isinstance(t, _p.Tok) for t in three)
                and three[0].end == three[1].start and three[1].end == three[2].start
                and out and isinstance(out[-1], _p.Tok) and out[-1].end < three[0].start
                and _operand_end(out[-1]) and i + 3 < n
                and (toks[i + 3] in ("(", "[") or _operand_start(toks[i + 3]))):
            out.append(_p._like(three[0], r"\odot", three[2]))
            i += 3
            continue
        out.append(toks[i])
        i += 1
    return out


def _single_chars(toks: list[str]) -> str:
    """The formula's one-character tokens side by side, every longer token a space. A run of
    touching letters is a substring of it, so a word found nowhere in it spells no run: the
    passes below that look for such words return the tokens as they are without walking them
    (walking them was ~half of tokenising, which every formula a check or an audit reads and
    every form of the matcher's index goes through)."""
    return "".join(t if len(t) == 1 else " " for t in toks)


def _has_d_mark(toks: list[str]) -> bool:
    """Whether some token is a differential mark at all (what ``_d_mark`` asks first)."""
    return any(("d" in t or "partial" in t) and _SPACES.sub("", t) in _D_MARKS for t in toks)


def _d_mark(toks: list[str], i: int) -> str | None:
    """The differential mark at toks[i] (``d``, ``\\mathrm{d}``, ``\\partial``), if it stands
    on its own: a ``d`` touching a letter before it is part of a word or a product."""
    t = toks[i] if i < len(toks) else None
    if t is None:
        return None
    t = _SPACES.sub("", t)
    if t not in _D_MARKS:
        return None
    if t == "d" and i and isinstance(toks[i], _p.Tok) and isinstance(toks[i - 1], _p.Tok) \
            and _LETTER_OR_DIGIT(toks[i - 1]) and toks[i - 1].end == toks[i].start:
        return None
    return t


def _variable_end(toks: list[str], i: int) -> int | None:
    """Index after the variable of differentiation starting at toks[i] (``x``, ``\\theta``,
    ``\\mathbf{x}``, ``w_t``, ``x^T``), or None when what follows is no single variable."""
    n = len(toks)
    if i >= n:
        return None
    t = toks[i]
    if t in _BOLD and i + 1 < n and toks[i + 1] == "{":
        j = _p._drop_arg(toks, i + 1)
    elif re.fullmatch(r"[A-Za-z]", t) or (re.fullmatch(r"\\[A-Za-z]+", t) and t not in _p._DROP
                                          and t not in (r"\frac", r"\partial", r"\left")):
        j = i + 1
        # d/dxy: touching letters after the variable make a longer name, not one variable
        if j < n and isinstance(t, _p.Tok) and isinstance(toks[j], _p.Tok) and re.fullmatch(
                r"[A-Za-z]", t) and re.fullmatch(r"[A-Za-z]", toks[j]) and t.end == toks[j].start:
            return None
    else:
        return None
    for mark in ("_", "^"):
        if j < n and toks[j] == mark and j + 1 < n:
            if mark == "^" and "".join(toks[j + 1:_p._drop_arg(toks, j + 1) if toks[j + 1] == "{"
                                         else j + 2]).strip("{}") not in ("T", r"\top", r"\intercal"):
                break
            j = _p._drop_arg(toks, j + 1) if toks[j + 1] == "{" else j + 2
    return j


def _unwrap_bottom(toks: list[str]) -> list[str]:
    """``d/(d x)`` (as typst and plain text bracket it) -> ``d/dx``: the brackets hold only
    the differential, so the derivative reads as ``d/dx`` does (not d over d times x)."""
    out, i = list(toks), 0
    while i + 3 < len(out):
        if _d_mark(out, i) and out[i + 1] == "/" and out[i + 2] == "(" \
                and _d_mark(out, i + 3) is not None:
            end = _variable_end(out, i + 4)
            if end is not None and end < len(out) and out[end] == ")":
                del out[end]
                del out[i + 2]
        i += 1
    return out


def leibniz(toks: list[str]) -> list[str]:
    """A derivative written on one line in plain text -- ``d/dx (x^2)``, ``d(x^2)/dx``,
    ``dy/dx``, and the same with ``\\partial`` or ``\\mathrm{d}`` -- is rewritten as the
    ``\\frac{d}{dx}`` it stands for, so it is read as that derivative and never as arithmetic in
    a letter d (d divided by d times x).  A longer name on top (``dsoftplus/dz``) is left as it
    is (the generic check refuses to judge a formula that still has such a d)."""
    if not _has_d_mark(toks):
        return list(toks)
    toks = _unwrap_bottom(toks)
    out, i, n = [], 0, len(toks)
    while i < n:
        mark = _d_mark(toks, i)
        if mark is None:
            out.append(toks[i])
            i += 1
            continue
        top: list[str] | None = None
        after = None
        if i + 1 < n and toks[i + 1] == "/":
            top, slash = [], i + 1                                     # d/dx EXPR
        elif i + 1 < n and toks[i + 1] in ("(", "["):                  # d(EXPR)/dx
            depth, j = 0, i + 1
            while j < n:
                depth += toks[j] in ("(", "[", "{")
                depth -= toks[j] in (")", "]", "}")
                if depth == 0:
                    break
                j += 1
            if j + 1 < n and toks[j + 1] == "/":
                top, slash, after = [], j + 1, toks[i + 1:j + 1]
        else:                                                          # dy/dx
            e = _variable_end(toks, i + 1)
            if e is not None and e < n and toks[e] == "/" and "^" not in toks[i + 1:e]:
                top, slash = toks[i + 1:e], e
        if top is None or _d_mark(toks, slash + 1) is None:
            out.append(toks[i])
            i += 1
            continue
        bottom = slash + 1
        if re.sub(r"\s+", "", toks[bottom]) != mark and {mark, toks[bottom]} != {"d", r"\mathrm{d}"}:
            out.append(toks[i])
            i += 1
            continue
        end = _variable_end(toks, bottom + 1)
        if end is None:
            out.append(toks[i])
            i += 1
            continue
        d = toks[i]
        like = _p._like
        out += [like(d, r"\frac"), like(d, "{"), d, *top, like(d, "}"), like(d, "{"),
                *toks[bottom:end], like(d, "}")]
        if after:
            out += after
        i = end
    return out


# Greek letters spelled out in plain-text math (lambda/2 * ||w||^2): a whole run of touching
# letters spelling one of these is that letter, never a product of its letters
_GREEK_WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa",
                "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi",
                "omega", "Gamma", "Delta", "Theta", "Lambda", "Sigma", "Phi", "Psi", "Omega"}

_GREEK_IN = re.compile("|".join(sorted(_GREEK_WORDS))).search  # (see _single_chars)

# short ones are also products of letters in LaTeX (m u, p i, x i, e t a): read as Greek only
# in plain-text math, a formula that writes no LaTeX command at all (mu/2, pi(a|s))
_SHORT = 3


def greek_words(toks: list[str]) -> list[str]:
    """Runs of touching letters that spell a Greek letter's name are that letter; one of
    up to three letters (``mu``, ``pi``, ``eta``) only where the formula is plain text."""
    if not _GREEK_IN(_single_chars(toks)):
        return list(toks)
    plain = not any(_COMMAND_START(t) for t in toks)
    out, i = [], 0
    while i < len(toks):
        j = i
        while j < len(toks) and isinstance(toks[j], _p.Tok) and _LETTER(toks[j]) \
                and (j == i or toks[j - 1].end == toks[j].start):
            j += 1
        name = "".join(toks[i:j])
        if j - i > 1 and name in _GREEK_WORDS and (plain or len(name) > _SHORT):
            out.append(_p.Tok("\\" + name, toks[i].start, toks[j - 1].end))
            if _index_digits(toks, j):
                # beta1, beta2: the letter indexed, as plain_indices reads b1 (a product
                # beta * 1 made Adam's two decays one letter)
                d = toks[j]
                out += [_p._like(d, "_"), _p._like(d, "{"), d, _p._like(d, "}")]
                j += 1
            i = j
            continue
        out.extend(toks[i:max(j, i + 1)])
        i = max(j, i + 1)
    return out


def _index_digits(toks: list[str], j: int) -> bool:
    """Is ``toks[j]`` a number touching the name before it and no letter after it (``beta1``,
    not ``beta1x``)? Such a number is the name's index in plain text."""
    return j < len(toks) and isinstance(toks[j], _p.Tok) and bool(_DIGITS(toks[j])) \
        and toks[j - 1].end == toks[j].start \
        and not (j + 1 < len(toks) and isinstance(toks[j + 1], _p.Tok)
                 and toks[j + 1].start == toks[j].end and _LETTER_OR_DIGIT(toks[j + 1][:1]))


def _matching(toks: list[str], i: int) -> int | None:
    """Index of the bracket closing the one at toks[i], or None."""
    depth = 0
    for j in range(i, len(toks)):
        depth += toks[j] in ("(", "[", "{")
        depth -= toks[j] in (")", "]", "}")
        if depth == 0:
            return j if toks[j] == ")" else None
    return None


def _letter_run(toks: list[str], i: int) -> int:
    """End of the run of touching letters that starts at toks[i]."""
    j = i
    while j < len(toks) and _LETTER(toks[j]) and (
            j == i or toks[j - 1].end == toks[j].start):
        j += 1
    return j


def _quantity_runs(toks: list[str]) -> dict[int, int]:
    """Start -> end of the runs of touching capitals that spell a count or statistic's name
    (``TP``, ``RSS``), standing alone: not inside a longer run of letters, not a one-token
    script (``X^TP`` is X^T P), not the argument of a font command.  A two-letter name counts
    only beside another such name in the formula (``\\frac{TP}{TP + FN}``): alone, ``TN`` may
    well be T times N."""
    runs, i = {}, 0
    while i < len(toks):
        j = _letter_run(toks, i)
        if j == i:
            i += 1
            continue
        before = toks[i - 1] if i else ""
        font = i > 1 and before == "{" and toks[i - 2] in _FONTS
        touching = i and _LETTER(before) and before.end == toks[i].start
        if "".join(toks[i:j]) in QUANTITY_NAMES and before not in ("^", "_") and not font \
                and not touching:
            runs[i] = j
        i = j
    if all(j - i == 2 for i, j in runs.items()) and len(runs) < 2:
        return {}
    return runs


# every word plain_names rewrites: an operator's name, sqrt, a quantity's name
# functions TeX spells as commands (\ln x): typed as bare letters and spaced from a plain
# argument, they are the function, never a product of their letters (l times n times x)
_SPACED_FUNCTIONS = {"ln", "log", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh"}


def _touching_end(toks: list[str], j: int) -> bool:
    """Whether toks[j] touches the token before it (then the run is longer than a name)."""
    return isinstance(toks[j], _p.Tok) and isinstance(toks[j - 1], _p.Tok) \
        and toks[j - 1].end == toks[j].start


def _operand_start(tok: str) -> bool:
    """A token an argument can start with: a letter, a digit, a Greek letter, a command."""
    return bool(_LETTER_OR_DIGIT(tok[:1])) or _p.command_name(tok) is not None \
        or tok in (r"\sum", r"\prod", r"\frac", r"\sqrt", r"\mathbf", r"\boldsymbol", r"\hat",
                   r"\bar", r"\tilde", r"\vec", r"\mathcal", r"\operatorname{softmax}")


# floor(x), ceil(x): the brackets TeX writes for them
_ROUNDING = {"floor": (r"\lfloor", r"\rfloor"), "ceil": (r"\lceil", r"\rceil")}
_PLAIN_IN = re.compile("|".join(sorted(_PLAIN_NAMES | set(_PLAIN_ALIASES) | QUANTITY_NAMES
                                       | _SPACED_FUNCTIONS
                                       | {"sqrt"} | set(_ROUNDING)))).search


def plain_names(toks: list[str]) -> list[str]:
    """``KL(p, q)``, ``tr(A)``, ``tanh'(z)``: touching letters that spell an operator name (or a
    short spelling of one, ``sigm``), before a bracket or a prime, are that operator (``\\operatorname{KL}``), not a product of letters; ``TP``, ``RSS``:
    touching capitals that spell a count or statistic's name (:data:`QUANTITY_NAMES`) are that
    one quantity, as ``\\text{TP}`` writes it (``_quantity_runs`` says where); ``ln x``,
    ``log p(x)``: a function TeX spells as a command, spaced from its argument, is that command."""
    if not _PLAIN_IN(_single_chars(toks)):
        return list(toks)
    out, i = [], 0
    quantities = _quantity_runs(toks)
    while i < len(toks):
        if i in quantities:
            j = quantities[i]
            out.append(_p.Tok(rf"\text{{{''.join(toks[i:j])}}}", toks[i].start, toks[j - 1].end))
            i = j
            continue
        j = _letter_run(toks, i)
        name = "".join(toks[i:j])
        close = _matching(toks, j) if name == "sqrt" and j < len(toks) and toks[j] == "(" else None
        if close is not None and not (i and re.fullmatch(r"[A-Za-z\\{]", toks[i - 1][:1])
                                      and toks[i - 1].end == toks[i].start):
            # sqrt(x + 1): the root of what the brackets hold
            out += [_p._like(toks[i], r"\sqrt"), _p._like(toks[j], "{"),
                    *plain_names(toks[j + 1:close]), _p._like(toks[close], "}")]
            i = close + 1
            continue
        close = _matching(toks, j) if name in _ROUNDING and j < len(toks) and toks[j] == "(" \
            else None
        if close is not None and not (i and re.fullmatch(r"[A-Za-z\\{]", toks[i - 1][:1])
                                      and toks[i - 1].end == toks[i].start):
            # floor((n + 2p - k)/s): the rounding of what the brackets hold
            left, right = _ROUNDING[name]
            out += [_p._like(toks[i], left), *plain_names(toks[j + 1:close]),
                    _p._like(toks[close], right)]
            i = close + 1
            continue
        primes = j
        while primes < len(toks) and toks[primes] == "'":  # tanh'(z): the operator's derivative
            primes += 1
        if (j - i > 1 and (name in _PLAIN_NAMES or name in _PLAIN_ALIASES) and primes < len(toks)
                and toks[primes] in ("(", "[")
                and not (i and (toks[i - 1] == "{" or re.fullmatch(r"[A-Za-z]", toks[i - 1])
                                and toks[i - 1].end == toks[i].start))):
            name = _PLAIN_ALIASES.get(name, name)
            out.append(_p.Tok(rf"\operatorname{{{name}}}", toks[i].start, toks[j - 1].end))
            i = j
            continue
        if (name in _SPACED_FUNCTIONS and j < len(toks) and not _touching_end(toks, j)
                and _operand_start(toks[j])
                and not (i and _LETTER(toks[i - 1]) and toks[i - 1].end == toks[i].start)):
            # ln x, log p(x), exp u: the function, spaced from its argument as TeX's \ln is
            out.append(_p.Tok("\\" + name, toks[i].start, toks[j - 1].end))
            i = j
            continue
        out.append(toks[i])
        i += 1
    return out


_DIGITS = re.compile(r"\d+").fullmatch


_ACCENT_WORDS = ("bar", "hat", "tilde")
_BIG_WORDS = {"sum": r"\sum", "prod": r"\prod"}
_ACCENT_LOOKALIKES = {"that", "what", "chat", "phat"}  # words, not a letter and its accent


def plain_words(toks: list[str], latex: str) -> list[str]:
    """In a formula typed in plain text (no TeX command): ``xbar``, ``muhat``, ``ytilde`` are
    the accented letter (``\\bar{x}``, ``\\hat{\\mu}``), and ``sum(...)``, ``prod(...)`` the
    big operator over the terms in brackets (its index left free, as ``\\sum (x_i - \\bar{x})^2``
    leaves it). Read letter by letter they were products (x b a r, s u m)."""
    if "\\" in latex:
        return toks
    out, i = [], 0
    while i < len(toks):
        j = _letter_run(toks, i)
        if j - i < 3 or (i and _LETTER_OR_DIGIT(toks[i - 1][:1])
                         and toks[i - 1].end == toks[i].start):
            out.append(toks[i])
            i += 1
            continue
        name = "".join(toks[i:j])
        if name in _BIG_WORDS and j < len(toks) and toks[j] == "(" \
                and toks[j - 1].end == toks[j].start:
            out.append(_p.Tok(_BIG_WORDS[name], toks[i].start, toks[j - 1].end))
            i = j
            continue
        accent = next((a for a in _ACCENT_WORDS if name.endswith(a)), None)
        base = name[:-len(accent)] if accent else ""
        if accent and (len(base) == 1 or base in _GREEK_WORDS) \
                and name.lower() not in _ACCENT_LOOKALIKES and not (
                j < len(toks) and _LETTER_OR_DIGIT(toks[j][:1]) and toks[j - 1].end == toks[j].start):
            head, last = toks[i], toks[j - 1]
            inner = _p.Tok(base if len(base) == 1 else "\\" + base, head.start,
                           toks[i + len(base) - 1].end)
            out += [_p._like(last, "\\" + accent), _p._like(last, "{"), inner, _p._like(last, "}")]
            i = j
            continue
        out.extend(toks[i:j])
        i = j
    return out


def plain_indices(toks: list[str], latex: str) -> list[str]:
    """``s1``, ``m2``, ``x0`` in a formula typed in plain text (no TeX command at all): a
    letter that a number touches is that letter indexed (``s_1``), as plain text writes an
    index; read as a product, ``s2 / s1`` became ``s (2/s) 1``. Not where the letter ends a
    longer word (``log2``), follows a number (``1e5``), or the number runs on into a letter."""
    if "\\" in latex:
        return toks
    out, i = [], 0
    while i < len(toks):
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if _LETTER(t) and nxt is not None and _DIGITS(nxt) and t.end == nxt.start \
                and not (i and (_LETTER_OR_DIGIT(toks[i - 1][:1]) or toks[i - 1] in ("^", "_", "."))
                         and toks[i - 1].end == t.start) \
                and not (i + 2 < len(toks) and toks[i + 2].start == nxt.end
                         and _LETTER_OR_DIGIT(toks[i + 2][:1])):
            out += [t, _p._like(nxt, "_"), _p._like(nxt, "{"), nxt, _p._like(nxt, "}")]
            i += 2
            continue
        out.append(t)
        i += 1
    return out


_NAME_WORDS = 3  # words at most in a quantity's name (receptive field, number of params)


def _words_named(toks: list[str]) -> list[str] | None:
    """``out = floor(...)``, ``receptive field = ...``: a left side of words alone (one to
    three, each of three letters or more, none a known name) is one name, as
    ``\\text{receptive field}`` writes it; None for any other formula."""
    words, i = [], 0
    while i < len(toks) and not _is_relation(toks[i]):
        j = _letter_run(toks, i)
        name = "".join(toks[i:j])
        if j - i < 3 or (j < len(toks) and not _is_relation(toks[j])
                         and toks[j - 1].end == toks[j].start) \
                or name in _GREEK_WORDS or name in _PLAIN_NAMES or name in _SPACED_FUNCTIONS \
                or name in _BIG_WORDS or name in QUANTITY_NAMES or name in _PLAIN_ALIASES:
            return None
        words.append(name)
        i = j
    if not words or len(words) > _NAME_WORDS or i >= len(toks) or i + 1 >= len(toks):
        return None
    # (several words as one upright operator name: the grammar reads \text of one word only)
    name = rf"\text{{{words[0]}}}" if len(words) == 1 else \
        rf"\operatorname{{{' '.join(words)}}}"
    return [_p.Tok(name, toks[0].start, toks[i - 1].end), *toks[i:]]


def _is_relation(tok: str) -> bool:
    return tok in ("=", "<", ">", r"\leq", r"\geq", r"\neq", r"\approx", ":=")


def named_calls(toks: list[str], latex: str) -> list[str]:
    """``Attention(Q, K, V) = ...``, ``Gain(S, A) = ...``: in a formula typed in plain text, a
    word of three or more letters that opens the formula, called with brackets that close
    before a relation, is the name of what is defined, as ``\\text{Attention}(Q, K, V)`` writes
    it; read letter by letter it was a product in which a letter was called like a function
    (refused). Known names (operators, Greek letters, sums) were taken by the passes before."""
    if "\\" in latex or len(toks) < 4:
        return toks
    named = _words_named(toks)
    if named is not None:
        return named
    j = _letter_run(toks, 0)
    name = "".join(toks[:j])
    if j < 3 or j >= len(toks) or toks[j] != "(" or not _touching_end(toks, j) \
            or name in _GREEK_WORDS or name in _PLAIN_NAMES or name in _SPACED_FUNCTIONS \
            or name in _BIG_WORDS or name in QUANTITY_NAMES:
        return toks
    close = _matching(toks, j)
    if close is None or close + 1 >= len(toks) or not _is_relation(toks[close + 1]):
        return toks
    return [_p.Tok(rf"\text{{{name}}}", toks[0].start, toks[j - 1].end), *toks[j:]]

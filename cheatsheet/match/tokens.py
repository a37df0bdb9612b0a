"""Formulas as token streams that ignore notation but keep structure, for comparing sheets.

Two sheets write one formula differently: ``\\dfrac`` or ``\\frac``, ``^\\top`` or ``^T``,
``\\operatorname{Var}`` or ``\\text{Var}``, ``\\mathbf{x}`` or ``x``, and other letters altogether.
A :class:`Tok` keeps the LaTeX as written (``raw``, to rebuild a formula after renaming) and a
normalised ``norm`` for comparison. Symbols are *units*: a letter or Greek letter with its font,
accent, a label subscript (``H_{\\text{out}}``, ``\\theta_0``, ``\\lambda_{\\max}``) and a star or
prime; index subscripts (``x_i``, ``w_{t+1}``) stay separate tokens, so an index letter is a
unit of its own. A unit's ``ident`` is its name in the reader's scheme (``mu_hat``, ``H_out``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cheatsheet.latex import _pre, _statements
from cheatsheet.latex.names import ACCENT_SUFFIX, BOLD_FONTS, clean_subscript, command_name
from cheatsheet.latex.sign_labels import sign_suffix
from cheatsheet.match.bar_determinants import bar_determinants
from cheatsheet.match.block_labels import block_digits, block_subscript
from cheatsheet.match.bold_words import bold_operator_words
# (text from tokens has its home in token_text.py; re-exported for the callers of tokens)
from cheatsheet.match.token_text import compared, keys, pretty, rebuild, units  # noqa: F401

_DROP = _pre._DROP | {r"\displaystyle", r"\textstyle", r"\limits", r"\nolimits", "~",
                      r"\mathstrut", r"\!", r"\,", r"\;", r"\:"}
_SYNONYMS = {
    r"\dfrac": r"\frac", r"\tfrac": r"\frac", r"\cfrac": r"\frac", r"\leq": r"\le",
    r"\leqslant": r"\le", r"\geq": r"\ge", r"\geqslant": r"\ge", r"\ne": r"\neq",
    ":=": "=", "=:": "=", r"\coloneqq": "=", r"\eqqcolon": "=", r"\triangleq": "=",
    r"\ln": r"\log", r"\top": "T", r"\intercal": "T", r"\Vert": r"\|", r"\lVert": r"\|",
    r"\rVert": r"\|", r"\parallel": r"\|", r"\vert": "|", r"\lvert": "|", r"\rvert": "|",
    r"\mid": "|", r"\times": r"\cdot", r"\ast": "*", r"\star": "*", r"\Pr": "P", r"\rightarrow": r"\to",
    r"\longrightarrow": r"\to", r"\Rightarrow": r"\implies", r"\Longrightarrow": r"\implies",
    r"\bigl": "", r"\varepsilon": r"\epsilon", r"\vartheta": r"\theta", r"\varphi": r"\phi",
    r"\dots": r"\ldots", r"\cdots": r"\ldots", r"\dotsc": r"\ldots", r"\dotsb": r"\ldots",
}
_TEXTLIKE = re.compile(r"^\\(text\w*|operatorname\*?|mathrm|mathit|mathsf|mathtt|mbox)\s*\{(.*)\}$",
                       re.S)
# words naming one operator whatever the font (\text{Var}, \mathbb{V}, \operatorname{var})
_OPERATORS = {
    "var": "Var", "variance": "Var", "v": "Var", "cov": "Cov", "kl": "KL", "dkl": "KL",
    "e": "E", "p": "P", "pr": "P", "prob": "P", "tr": "tr", "trace": "tr", "diag": "diag",
    "det": "det", "softmax": "softmax", "relu": "ReLU", "sign": "sign", "sgn": "sign",
    "argmax": "argmax", "argmin": "argmin", "arg max": "argmax", "arg min": "argmin",
    "rank": "rank", "corr": "Corr", "jsd": "JSD", "js": "JSD", "mse": "MSE", "sigmoid": "sigma",
}
# short spellings of a named function's word (\operatorname{Attn} for \text{Attention})
_SPELLINGS = {"attn": "attention", "att": "attention"}
# a standard function typed as a word (``exp(x)`` in plain text, ``\\mathrm{exp}``) is the
# command TeX has for it: one function, however it is spelled
_FUNCTION_WORDS = {"exp": r"\exp", "log": r"\log", "ln": r"\log", "sin": r"\sin",
                   "cos": r"\cos", "tan": r"\tan", "tanh": r"\tanh", "sinh": r"\sinh",
                   "cosh": r"\cosh"}
_LABEL_WORDS = {"in", "out", "max", "min", "kl", "ml", "map", "mle", "train", "test", "emp",
                "opt", "new", "old", "true", "real", "fake", "data", "model", "prior", "post",
                "eff", "tot", "avg", "mean", "std", "var", "reg", "adv", "init", "final"}
_STARS = {"*", r"\star", r"\ast", "'", r"\prime", "\\'"}
_CONSTANTS = {"e", r"\pi", r"\infty"}
_NAMED_OPERATORS = {"D_KL": "KL", "D_JS": "JSD", "D_JSD": "JSD"}
_BRACKETS = {"[": "(", "]": ")"}
CASES_ENVIRONMENTS = ("cases", "dcases", "rcases", "cases*", "dcases*")  # piecewise definitions


@dataclass(frozen=True)
class Tok:
    raw: str  # the LaTeX as written (a unit's whole text: font, accent, label subscript)
    norm: str  # normalised text for comparison ('' for a unit)
    ident: str | None = None  # a unit's name (reader scheme), else None

    @property
    def key(self) -> str:
        """What the comparison sees: the unit marker for units, else the normalised text
        (round and square brackets alike: E[X] and E(X) are one thing)."""
        if self.ident is not None:
            return "ι"
        return _BRACKETS.get(self.norm, self.norm)


def _group_end(toks: list[str], i: int) -> int:
    """Index after the brace group opening at toks[i] (or after the single token there)."""
    if i >= len(toks):
        return i
    if toks[i] != "{":
        return i + 1
    depth = 0
    for j in range(i, len(toks)):
        if toks[j] == "{":
            depth += 1
        elif toks[j] == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(toks)


def _inner(toks: list[str], i: int, j: int) -> list[str]:
    """The tokens of a group toks[i:j] without its outer braces."""
    if j - i >= 2 and toks[i] == "{" and toks[j - 1] == "}":
        return toks[i + 1:j - 1]
    return toks[i:j]


def _letter_name(tok: str) -> str | None:
    if re.fullmatch(r"[A-Za-z]", tok):
        return tok
    if tok.startswith("\\"):
        return command_name(tok)
    return None


def _is_label(sub: list[str]) -> bool:
    """A subscript that names (``0``, ``\\text{out}``, ``max``, ``in``) rather than indexes."""
    if not sub:
        return False
    text = "".join(sub)
    if _TEXTLIKE.match(text) or text in (r"\max", r"\min"):
        return True
    if re.fullmatch(r"\d+", text):
        return True
    letters = clean_subscript(text)
    return letters.lower() in _LABEL_WORDS


def _sup_label(sup: list[str]) -> bool:
    """A superscript that is a word in a text font (``\\text{new}``, ``\\mathrm{MLE}``)."""
    word = clean_subscript("".join(sup))
    return bool(_TEXTLIKE.match("".join(sup))) and len(word) >= 2 and word.isalpha()


def _operator_word(text: str) -> str | None:
    word = re.sub(r"[\s\\,{}]", "", text).lower()
    return _OPERATORS.get(word)


_ROW_DOTS = {r"\dots", r"\ldots", r"\cdots", r"\dotsc"}


def _semicolon_call(raw: list[str], j: int) -> bool:
    """True when ``raw[j]`` opens a parenthesis (``\\left(`` too) holding a semicolon at its own
    depth: the arguments of ``I(X; Y)``, whose semicolon no indicator's condition holds."""
    if j < len(raw) and raw[j] == r"\left":
        j += 1
    if j >= len(raw) or raw[j] != "(":
        return False
    depth = 0
    for t in raw[j:]:
        if t in ("(", "[", "{"):
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return False
        elif t == ";" and depth == 1:
            return True
    return False


def _entry(raw: list[str], end: int) -> tuple[str, int, int] | None:
    """(name, number, start) of an entry ``a_2`` / ``a_{2}`` ending just before ``end``."""
    if end >= 3 and raw[end - 1].isdigit() and raw[end - 2] == "_":
        return raw[end - 3], int(raw[end - 1]), end - 3
    if end >= 5 and raw[end - 1] == "}" and raw[end - 2].isdigit() and raw[end - 3] == "{" \
            and raw[end - 4] == "_":
        return raw[end - 5], int(raw[end - 2]), end - 5
    return None


def _row_from_first(raw: list[str]) -> list[str]:
    """``a_1, a_2, \\dots, a_n`` as ``a_1, \\dots, a_n``: the second entry says no more than
    the first, and a row written either way must pair its names with the other's
    (``\\min(L_1, L_2, \\ldots, L_q)`` with a claim's ``\\min(X_1, \\dots, X_n)``)."""
    out = list(raw)
    k = 0
    while k < len(out):
        if out[k] in _ROW_DOTS and k >= 1 and out[k - 1] == ",":
            second = _entry(out, k - 1)
            if second is not None and second[2] >= 1 and out[second[2] - 1] == ",":
                first = _entry(out, second[2] - 1)
                if first is not None and first[0] == second[0] and first[1] + 1 == second[1] \
                        and re.fullmatch(r"\\?[A-Za-z]+", first[0]):
                    del out[second[2] - 1:k - 1]
                    k = second[2]
                    continue
        k += 1
    return out


def _without_side_condition(raw: list[str]) -> list[str]:
    """The formula without a tail that only says where it holds (``P(X=k) = q^k p, \\quad
    k = 0, 1, \\dots``; ``\\log(ab) = \\log a + \\log b, \\; a, b > 0``): the reader keeps
    it as the formula's premise, but it is no part of what the formula states, and a claim
    written without it must still be found."""
    from cheatsheet.latex._side_conditions import side_condition, top_level

    for k in top_level(raw, {",", r"\quad", r"\qquad"}):
        head = [t for t in raw[:k] if t not in _DROP]
        while head and head[-1] in (",", r"\quad", r"\qquad"):
            head.pop()
        tail = [t for t in raw[k + 1:] if t not in _DROP and t not in (r"\quad", r"\qquad")]
        if head and tail and _statements._top_relations(head) and side_condition(tail) is not None:
            return raw[:k]
    return raw


def tokenize(latex: str, matrices: frozenset = frozenset()) -> list[Tok]:
    """The formula as units and normalised tokens (braces dropped from ``norm``);
    ``matrices``: capitals the sheet declares as matrices (bars around them are determinants)."""
    return list(_tokenize(latex, matrices))


# LaTeX -> its tokens as a matcher's index read from the cache kept them (index.py ``packed``),
# and how to unpack them: the catalog's forms are tokenised by many callers (readings, the
# confidence gates), and an audit's workers would otherwise tokenise each of them again
_HANDED: dict[str, tuple] = {}
_UNPACK: list = []


def hand_over(packed_by_latex: dict[str, tuple], unpack) -> None:
    """Take these formulas' tokens from an index read from the cache (``unpack(packed)`` gives
    what tokenising the LaTeX gives) instead of tokenising them again."""
    _HANDED.update(packed_by_latex)
    _UNPACK[:] = [unpack]


@lru_cache(maxsize=8192)
def _tokenize(latex: str, matrices: frozenset = frozenset()) -> tuple[Tok, ...]:
    handed = _HANDED.get(latex)
    if handed is not None and not matrices:
        return tuple(_UNPACK[0](handed))
    raw = _row_from_first(_font_transpose(_label_before_power(bar_determinants(
        bold_operator_words([t for t in _without_side_condition(_pre.tokens(latex))
                             if t not in _DROP]), matrices))))
    # a plain T used as a symbol elsewhere (w_T, a sum up to T) makes ^T the power T, not a
    # transpose: (1 - \mu/L)^T next to w_T
    t_is_variable = any(tok == "T" and (k == 0 or raw[k - 1] not in ("^", "{") or
                                        (raw[k - 1] == "{" and k > 1 and raw[k - 2] != "^"))
                        for k, tok in enumerate(raw))
    # P^- beside P^+: the plus is a label too (the reader's tokens hold a lone sign unbraced)
    signs = any(tok == "^" and nxt == "-" for tok, nxt in zip(raw, raw[1:]))
    # the numbers of a partitioned matrix's blocks (Sigma_{12}, mu_{1|2}): read as letters
    blocks = block_digits(raw)
    out: list[Tok] = []
    i = 0
    n = len(raw)
    limits_end = -1  # index just after a big operator's lower limit (its ^ is the upper one)
    while i < n:
        t = raw[i]
        t = _SYNONYMS.get(t, t)
        if t == "":
            i += 1
            continue
        if t in (r"\sum", r"\prod", r"\int", r"igcup", r"igcap", r"\oint") and \
                i + 1 < n and raw[i + 1] == "_":
            limits_end = _group_end(raw, i + 2)
        if t == "^" and i == limits_end:
            out.append(Tok("^", "^"))
            i += 1
            continue
        if t == "^" and i + 1 < n and _SYNONYMS.get(raw[i + 1], raw[i + 1]) == "T" and \
                not (raw[i + 1] == "T" and t_is_variable):
            out.append(Tok("^" + raw[i + 1], "^T"))
            i += 2
            continue
        if t == "^" and i + 3 < n and raw[i + 1] == "{" and raw[i + 3] == "}" and \
                _SYNONYMS.get(raw[i + 2], raw[i + 2]) == "T" and \
                not (raw[i + 2] == "T" and t_is_variable):
            out.append(Tok("".join(raw[i:i + 4]), "^T"))
            i += 4
            continue
        if t in (r"\begin", r"\end") and i + 1 < n and raw[i + 1] == "{" and \
                "".join(_inner(raw, i + 1, _group_end(raw, i + 1))) in CASES_ENVIRONMENTS:
            # \begin{cases}: the environment's name is one token, not the letters c, a, s
            # (which would pair with the formula's own c, a, s when letters are renamed)
            j = _group_end(raw, i + 1)
            whole = t + "{" + "".join(_inner(raw, i + 1, j)) + "}"
            out.append(Tok(whole, whole))
            i = j
            continue
        m = _TEXTLIKE.match(t)
        if m:
            op = _operator_word(m.group(2))
            word = re.sub(r"\s+", "", m.group(2)).lower()
            # (only as typed in lower case: \mathrm{Exp}(\mu) names the exponential law)
            function = _FUNCTION_WORDS.get(word) if re.sub(r"\s+", "", m.group(2)) == word \
                else None
            if m.group(2).strip() == "I" and _semicolon_call(raw, i + 1):
                # \operatorname{I}(X; Y), \mathrm{I}(X; Y): the mutual information, the letter I
                # of the plain I(X; Y) and of the catalog
                out.append(Tok(t, "", "I"))
            elif op == "P":
                # \mathsf{P}, \mathrm{Pr}, \operatorname{Prob}: the probability, the same
                # unit as \mathbb{P} and \Pr (and as the catalog's P), not a fixed word
                # that no claim's P pairs with
                out.append(Tok(t, "", "P"))
            else:
                out.append(Tok(t, op or function or "text:" + _SPELLINGS.get(word, word)))
            i += 1
            continue
        if t in (r"\mathbb", r"\mathcal", r"\mathscr", r"\mathfrak") and i + 1 < n:
            j = _group_end(raw, i + 1)
            inner = "".join(_inner(raw, i + 1, j))
            text = "".join(_respace(raw[i:j]))  # \mathcal N, not \mathcalN
            if t == r"\mathbb" and (inner in ("P", "H") or inner == "I" and _semicolon_call(raw, j)):
                # (the probability, the entropy as Murphy writes it and the mutual information
                # \mathbb{I}(X; Y): the letters P, H and I; an I before no semicolon stays the
                # indicator)
                out.append(Tok(text, "", inner))
            elif t == r"\mathbb":
                op = _operator_word(inner)
                norm = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "1": "𝟙", "I": "𝟙"}.get(inner, op or inner)
                out.append(Tok(text, norm))
            elif inner == "N":
                out.append(Tok(text, "Normal"))
            elif re.fullmatch(r"[A-Za-z]", inner):
                out.append(Tok(text, "", f"cal_{inner}"))
            else:
                out.append(Tok(text, "cal:" + inner))
            i = j
            continue
        if t == "P" and raw[i] == r"\Pr":
            out.append(Tok(raw[i], "", "P"))
            i += 1
            continue
        if t == "E" and i + 1 < n and raw[i + 1] in ("[", "_") and not _named_call(raw, i + 1):
            out.append(Tok("E", "E"))  # E[X], E_x[...]: the expectation written plainly
            i += 1
            continue
        if t == "_" and blocks:
            end = _group_end(raw, i + 1)
            parts = block_subscript(_inner(raw, i + 1, end), blocks)
            if parts is not None:  # one unit per block number, as a letter pair would be
                out += [Tok("_", "_"), Tok("{", "")]
                out += [Tok(p, "", p) if p.isdigit() else Tok(p, _SYNONYMS.get(p, p))
                        for p in parts]
                out.append(Tok("}", ""))
                i = end
                continue
        unit = _unit(raw, i, signs, blocks)
        if unit is not None:
            tok, i = unit
            out.append(tok)
            continue
        if t in ("{", "}"):
            out.append(Tok(t, ""))
            i += 1
            continue
        out.append(Tok(raw[i], t))
        i += 1
    # two-letter operator names written bare: KL(p, q), Var[X]
    return tuple(_differentials(_one_argument_covariance(_relative_entropy(
        _labelled_operators(_merge_bare_operators(_slashes_as_fractions(out)))))))


def _labelled_operators(toks: list[Tok]) -> list[Tok]:
    """``\\mathrm{D}_{\\mathrm{KL}}``, ``\\mathcal{D}_{\\mathrm{KL}}``: an upright (or
    calligraphic D) letter whose subscript is an operator's name is that operator, as the
    italic ``D_{KL}`` is (the upright D alone stays a word, the calligraphic one a name)."""
    out: list[Tok] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        # (an upright D, or a calligraphic one: \mathcal{D}_{\mathrm{KL}})
        if (t.norm.startswith("text:") and len(t.norm) == 6 or t.ident == "cal_D") \
                and k + 2 < len(toks) and toks[k + 1].norm == "_":
            j = k + 2
            braced = toks[j].raw == "{"
            j += braced
            op = toks[j] if j < len(toks) else None
            close = j + 1
            if op is not None and op.norm in _LABELLED and (
                    not braced or (close < len(toks) and toks[close].raw == "}")):
                end = close + braced
                out.append(Tok("".join(x.raw for x in toks[k:end]), op.norm))
                k = end
                continue
        out.append(t)
        k += 1
    return out


_LABELLED = {"KL", "JSD"}  # operators written as a letter with their name below it


def _named_call(raw, k) -> bool:
    """Is ``raw[k:]`` a subscript followed by a parenthesis (E_D(w), E_{in}(h): an error
    function named by its data, as the reader reads it), not E_x[...] (an expectation)?"""
    if raw[k] != "_" or k + 1 >= len(raw):
        return False
    j = _group_end(raw, k + 1)
    return j < len(raw) and raw[j] in ("(", r"\left")


_SCRIPTS = ("^", "_")
_CALLS = {r"\log", r"\exp", r"\sqrt", r"\sin", r"\cos", r"\tanh", r"\det", r"\sigma"}


def _atom(t: Tok) -> bool:
    """A unit, a number, a constant (e, pi) or an upright name of one word (TP, FPR, RSS on
    a plain-text sheet, read as ``\\text{TP}``): an operand on its own."""
    return (t.ident is not None or t.norm in _CONSTANTS
            or bool(re.fullmatch(r"\d+(\.\d+)?", t.norm))
            or bool(re.fullmatch(r"text:[a-z][a-z0-9]*", t.norm)))


def _operand_start(toks: list[Tok], j: int) -> int | None:
    """Where the operand ending just before ``toks[j]`` starts (a unit or number with its
    scripts, or a bracketed group with the name it is applied to), or None when it is none of
    those (a fraction, a root's argument: too unclear to regroup)."""
    k = j - 1
    while k >= 1 and toks[k].norm == "!":  # k!, (n - k)!: the factorial is its operand's
        k -= 1
    while k >= 1:  # scripts: x^2, e^{-x}, v_t
        if toks[k].raw == "}":
            depth = 0
            for m in range(k, -1, -1):
                depth += (toks[m].raw == "}") - (toks[m].raw == "{")
                if depth == 0:
                    break
            if m >= 1 and toks[m - 1].norm in _SCRIPTS:
                k = m - 2
                continue
            return None
        if toks[k - 1].norm in _SCRIPTS:
            k -= 2
            continue
        break
    if k < 0:
        return None
    t = toks[k]
    if _atom(t):
        return k
    if t.norm == ")":
        depth = 0
        for m in range(k, -1, -1):
            depth += (toks[m].norm == ")") - (toks[m].norm == "(")
            if depth == 0:
                break
        if depth:
            return None
        before = toks[m - 1] if m >= 1 else None
        if before is None or before.raw in _OPENING or before.norm in _OPENING:
            return m  # (a + b)/c
        if m >= 2 and toks[m - 2].norm in _SCRIPTS:
            return None  # f_\theta(x)/2, \sum_i (x_i)/n: whose group it is is unclear
        if _applied(before):
            return m - 1  # f(x)/2, \log(x)/n, \mathrm{Var}(X)/n, exp(-x)/k!: the call
        return m if _atom(before) and before.ident is None else None  # 2(a + b)/c
    return None


# what may stand before a bracketed group that is then an operand on its own
_OPENING = {"+", "-", "=", "*", "/", ",", ";", ":", "<", ">", "(", "[", "{", r"\cdot", r"\times",
            r"\le", r"\leq", r"\ge", r"\geq", r"\ne", r"\neq", r"\approx", r"\pm", r"\mp",
            # (a floor or ceiling opens a group too: \lfloor (n - k)/s \rfloor)
            r"\lfloor", r"\lceil"}
# LaTeX's named operators: each takes the bracketed group after it as its argument
_NAMED = {r"\arccos", r"\arcsin", r"\arctan", r"\arg", r"\cos", r"\cosh", r"\cot", r"\coth",
          r"\csc", r"\deg", r"\det", r"\dim", r"\exp", r"\gcd", r"\inf", r"\ker", r"\lg", r"\ln",
          r"\log", r"\max", r"\min", r"\Pr", r"\sec", r"\sin", r"\sinh", r"\sup", r"\tan",
          r"\tanh", r"\sqrt", r"\sigma"}
_NAMING = ("\\operatorname", "\\mathrm", "\\text", "\\mathbb", "\\mathcal", "\\mathsf",
           "\\mathit", "\\mathop")


def _applied(t: Tok) -> bool:
    """Is this a name applied to the bracketed group after it (a letter, a named operator,
    an upright or plain-text word: \\mathrm{Var}, exp written bare)?"""
    return (t.ident is not None or t.norm in _CALLS or t.raw in _NAMED
            or t.norm.startswith("text:") or t.raw.startswith(_NAMING))


def _operand_end(toks: list[Tok], j: int) -> tuple[int, bool] | None:
    """Just past the operand starting at ``toks[j]``, and whether it is a parenthesised
    group (whose brackets the fraction makes redundant); None when unclear."""
    if j >= len(toks):
        return None
    t = toks[j]
    if t.norm == "(":
        depth = 0
        for m in range(j, len(toks)):
            depth += (toks[m].norm == "(") - (toks[m].norm == ")")
            if depth == 0:
                end, paren = m + 1, True
                break
        else:
            return None
    elif _atom(t):
        end, paren = j + 1, False
    else:
        return None
    while end + 1 < len(toks) and toks[end].norm in _SCRIPTS:
        if paren:
            return None  # (a + b)^2 under the bar: keep the brackets, say nothing
        end = group_end(toks, end + 1)
    while end < len(toks) and toks[end].norm == "!":  # a factorial binds tighter than /:
        end, paren = end + 1, False  # n!, (n - k)! (the brackets stay)
    if end < len(toks) and toks[end].norm == "(" and not paren:
        return None  # 1/f(x) or 1/a(b + c): a call or a product, unclear
    return end, paren


def _slashes_as_fractions(toks: list[Tok]) -> list[Tok]:
    """``v_t / (1 - \\beta_2)`` is ``\\frac{v_t}{1 - \\beta_2}``: a slash between two
    clear operands compares as the fraction it writes (plain-text sheets use slashes where
    the catalog writes fractions). Derivative slashes (d/dx, dy/dx) are left as written."""
    out = list(toks)
    k = 1
    while k < len(out):  # left to right: a/b/c is (a/b)/c
        if out[k].norm != "/":
            k += 1
            continue
        start = _operand_start(out, k)
        after = _operand_end(out, k + 1)
        if start is None or after is None or any(
                t.ident in ("d", "partial") or t.norm in ("d", r"\partial")
                for t in out[max(0, start - 1):k + 2]):
            k += 1
            continue
        end, paren = after
        right = out[k + 2:end - 1] if paren else out[k + 1:end]
        left = out[start:k]
        if len(left) >= 2 and left[0].norm == "(" and left[-1].norm == ")":
            left = left[1:-1]
        out[start:end] = [Tok(r"\frac", r"\frac"), Tok("{", ""), *left, Tok("}", ""),
                          Tok("{", ""), *right, Tok("}", "")]
        k = start + len(left) + len(right) + 6
    return out


def _relative_entropy(toks: list[Tok]) -> list[Tok]:
    """``D(p \\| q)``: a bare D of two laws parted by a double bar is the KL divergence
    (Cover and Thomas' relative entropy); a D with a label (D_f, D_{JS}) is another."""
    out = list(toks)
    for k, t in enumerate(toks):
        if t.ident != "D" or t.raw != "D" or k + 1 >= len(toks) or toks[k + 1].norm != "(":
            continue
        depth = 0
        for u in toks[k + 1:]:
            depth += u.norm == "("
            depth -= u.norm == ")"
            if depth == 1 and u.norm == "\\|":
                out[k] = Tok(r"D_{\mathrm{KL}}", "KL")
                break
            if depth == 0:
                break
    return out


def group_end(toks: list[Tok], k: int) -> int:
    """``_group_end`` on tokens: just past the braced group opening at ``toks[k]``."""
    return _group_end([t.raw for t in toks], k)


def _differentials(toks: list[Tok]) -> list[Tok]:
    """The d of ``\\frac{d}{dx}``, ``\\frac{d f(x)}{dx}``, ``\\frac{d^2 y}{dx^2}`` is the
    derivative's operator, not a letter a renaming may turn into another name (the claim's J,
    which made ``\\frac{J}{Jx}``): a d opening a fraction's numerator whose denominator opens
    with d."""
    out = list(toks)
    for k, t in enumerate(toks):
        if t.norm != r"\frac" or k + 2 >= len(toks) or toks[k + 1].raw != "{":
            continue
        if toks[k + 2].ident != "d":
            continue
        j = group_end(toks, k + 1)
        if j + 1 < len(toks) and toks[j].raw == "{" and toks[j + 1].ident == "d":
            out[k + 2] = Tok(toks[k + 2].raw, "d")
            out[j + 1] = Tok(toks[j + 1].raw, "d")
    return out


# fonts a transpose's T is set in (``A^{\mathsf T}``, ``A^\mathrm{T}``, ``A^{\rm T}``)
_FONT_COMMANDS = {r"\mathsf", r"\mathrm", r"\rm", r"\sf", r"\textsf", r"\text", r"\textrm",
                  r"\mathit", r"\operatorname"}
_FONT_T = re.compile(r"^\\(mathsf|mathrm|textsf|text|textrm|mathit|operatorname)\s*\{\s*T\s*\}$")


def _font_transpose(raw: list[str]) -> list[str]:
    r"""A superscript T set in a font (``^{\mathsf T}``, ``^\mathsf{T}``, ``^{\mathrm{T}}``) is
    the transpose ``^T`` typeset upright, as textbooks do (Strang, the CS229 notes): one
    spelling for all, so that the T is neither a text word nor a letter making every ``^T``
    of the formula a power."""
    out: list[str] = []
    i, n = 0, len(raw)
    while i < n:
        if raw[i] == "^" and i + 1 < n:
            j = i + 1
            braced = raw[j] == "{"
            k = j + 1 if braced else j
            if k < n and _FONT_T.match(raw[k]):
                end = k + 1
            elif k + 1 < n and raw[k] in _FONT_COMMANDS and raw[k + 1] == "T":
                end = k + 2
            else:
                end = -1
            if end > 0 and (not braced or (end < n and raw[end] == "}")):
                out += ["^", r"\top"]  # (never a power, whatever T means elsewhere)
                i = end + 1 if braced else end
                continue
        out.append(raw[i])
        i += 1
    return out


def _label_before_power(raw: list[str]) -> list[str]:
    r"""``\hat\sigma^2_{\mathrm{ML}}`` is ``\hat\sigma_{\mathrm{ML}}^2``: a label subscript
    written after the power still names the symbol (an index subscript stays where it is)."""
    out = list(raw)
    k = 0
    while k < len(out):
        if out[k] == "_" and k > 0 and out[k - 1] not in ("_", "^"):
            # pi_k^{\text{new}} is pi^{\text{new}}_k: a word superscript labels the symbol
            sub_end = _group_end(out, k + 1)
            if sub_end < len(out) and out[sub_end] == "^" and \
                    not _is_label(_inner(out, k + 1, sub_end)):
                sup_end = _group_end(out, sub_end + 1)
                if _sup_label(_inner(out, sub_end + 1, sup_end)):
                    out[k:sup_end] = out[sub_end:sup_end] + out[k:sub_end]
                    k = sup_end
                    continue
        if out[k] == "^" and k > 0 and out[k - 1] not in ("_", "^"):
            sup_end = _group_end(out, k + 1)
            if sup_end < len(out) and out[sup_end] == "_":
                sub_end = _group_end(out, sup_end + 1)
                if _is_label(_inner(out, sup_end + 1, sub_end)):
                    out[k:sub_end] = out[sup_end:sub_end] + out[k:sup_end]
                    k = sub_end
                    continue
        k += 1
    return out


def _one_argument_covariance(toks: list[Tok]) -> list[Tok]:
    """Cov(x) of one random vector is its covariance matrix, which sheets also write Var[x]."""
    out = list(toks)
    for k, t in enumerate(out):
        if t.norm != "Cov" or k + 1 >= len(out) or out[k + 1].raw not in ("(", "["):
            continue
        depth, comma = 0, False
        for u in out[k + 1:]:
            depth += u.raw in ("(", "[", "{")
            depth -= u.raw in (")", "]", "}")
            if depth == 1 and u.raw == ",":
                comma = True
            if depth == 0:
                break
        if not comma:
            out[k] = Tok(t.raw, "Var")
    return out


def _unit(raw: list[str], i: int, signs: bool = False,
          blocks: frozenset = frozenset()) -> tuple[Tok, int] | None:
    """A symbol unit starting at raw[i]: fonts/accents around a letter, a label subscript, a
    star or prime, a sign label (``P^-``; ``P^+`` too where ``signs``: the formula writes a
    minus label, see :mod:`cheatsheet.latex.sign_labels`). None when raw[i] does not start
    one. ``blocks``: the formula's block numbers (block_labels.py), never labels."""
    n = len(raw)
    t = raw[i]
    j = i
    suffixes: list[str] = []
    name = None
    cmd = t.lstrip("\\")
    if t.startswith("\\") and (cmd in BOLD_FONTS or cmd in ACCENT_SUFFIX):
        end = _group_end(raw, i + 1)
        inner = _inner(raw, i + 1, end)
        sub = _unit(inner, 0) if inner else None
        if sub is None or sub[1] != len(inner):
            return None
        name = sub[0].ident
        if cmd in ACCENT_SUFFIX:
            name = f"{name}_{ACCENT_SUFFIX[cmd]}"
        j = end
    else:
        base = _letter_name(t)
        if base is None or t in _CONSTANTS or (t == "e"):
            return None
        name = base
        j = i + 1
    # label subscript / star / prime
    while j < n:
        if raw[j] == "_" and j + 1 < n:
            end = _group_end(raw, j + 1)
            sub = _inner(raw, j + 1, end)
            if _is_label(sub) and block_subscript(sub, blocks) is None:
                suffixes.append(clean_subscript("".join(sub)))
                j = end
                continue
            break
        if raw[j] == "^" and j + 1 < n:
            end = _group_end(raw, j + 1)
            sup = _inner(raw, j + 1, end)
            if len(sup) == 1 and sup[0] in _STARS:
                suffixes.append("star" if sup[0] in ("*", r"\star", r"\ast") else "prime")
                j = end
                continue
            if len(sup) == 1 and (sup[0] == "-" or sup[0] == "+" and signs):
                suffixes.append(sign_suffix(sup[0]))  # P^-, P^+: a prior, a posterior
                j = end
                continue
            if _sup_label(sup):  # w^{\text{OLS}}, pi^{\text{new}}: a label
                suffixes.append(clean_subscript("".join(sup)))
                j = end
                continue
            break
        if raw[j] in ("'", "\\'"):
            suffixes.append("prime")
            j += 1
            continue
        break
    ident = "_".join([name] + suffixes)
    text = "".join(_respace(raw[i:j]))
    if ident in _NAMED_OPERATORS:  # D_{KL}: an operator written as a letter with a label
        return Tok(text, _NAMED_OPERATORS[ident]), j
    return Tok(text, "", ident), j


def _respace(toks: list[str]) -> list[str]:
    """Join tokens back into LaTeX: a space after a command word that a letter follows."""
    out = []
    for k, t in enumerate(toks):
        out.append(t)
        if re.fullmatch(r"\\[A-Za-z]+", t) and k + 1 < len(toks) and re.match(r"[A-Za-z]", toks[k + 1]):
            out.append(" ")
    return out


_NAMES_ALONE_OPS = {"KL", "JSD"}


def _merge_bare_operators(toks: list[Tok]) -> list[Tok]:
    """``KL(p, q)``, ``Var[X]``, ``Cov(X, Y)`` written in plain letters are operators."""
    out: list[Tok] = []
    k = 0
    while k < len(toks):
        for width in (3, 2):
            group = toks[k:k + width]
            if len(group) == width and all(g.ident and len(g.ident) == 1 for g in group):
                word = "".join(g.ident for g in group)
                nxt = toks[k + width].norm if k + width < len(toks) else ""
                op = _OPERATORS.get(word.lower()) if word.lower() in ("kl", "var", "cov", "jsd", "tr") else None
                # (a divergence's name alone as the left side, KL = ..., names its value)
                if op and (nxt in ("(", "[", "_") or (
                        k == 0 and nxt == "=" and op in _NAMES_ALONE_OPS)):
                    out.append(Tok("".join(g.raw for g in group), op))
                    k += width
                    break
        else:
            out.append(toks[k])
            k += 1
    return out


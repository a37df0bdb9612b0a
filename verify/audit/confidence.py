"""When a refuted match is surely the claim the formula states (and when a table cell is).

A form the catalog knows, typed again up to a renaming, is sure. Otherwise the evidence adds
up: structural closeness, the words around naming the claim, names kept as the claim writes
them, an informative side that agrees with the claim's (decided by the claim's own check), a
formula long enough to tell claims apart, sizes that clash in the formula's own notation too.
A refutation by scope or sizes alone may only mean the renaming or a notation is wrong, so it
counts only in the student's own names or notation.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

import sympy as sp
from sympy.core.function import AppliedUndef

from cheatsheet.latex import LatexError, LatexShapeError
from cheatsheet.latex.names import GREEK
from collections import Counter

from cheatsheet.match import Candidate, is_bare_name, split_relation
from cheatsheet.match.align import rename, same_after_renaming, subscript_only, unit_texts
from cheatsheet.match.tokens import Tok, group_end, keys, rebuild, tokenize
from cheatsheet.sheets.formulas import RELATION
from cheatsheet.statement import Relation, Statement
from .. import custom
from ..custom import CheckContext
from ..evidence import Evidence
from ..numeric import NumericOptions
from ..parsing import parse_cached
from ..timelimit import CheckTimeout
from .explain import _plain, expected_tokens, marks_only
from .named_heads import own_named_left
from .readings import FUNCTIONALS, Reading, label_names_claim
from .scope_repair import ScopeRepairs

SURE_SCORE = 0.8  # structural similarity above which a near form counts as the same formula
SURE_EVIDENCE = 3.5  # how much evidence makes a refuted match sure
HOLD_SCORE = 0.7  # a formula that holds as a claim it resembles this much is that claim
KNOWN_FORM = "a known wrong form"  # why a recorded wrong form typed again is sure
_TRIVIAL = {"(", ")", "[", "]", ",", "_", "^", "=", "+", "-", "{", "}", "|", "."}


def informative(toks: list[Tok]) -> int:
    """How many tokens say something beyond letters and brackets (operators, functions)."""
    return sum(1 for k in keys(toks) if k != "ι" and k not in _TRIVIAL)


def _reading_adds(entry) -> bool:
    """Does the catalog read this recorded form with more than its LaTeX says (the words of
    its own sheet: "satisfies the first condition but not the second")? Then the form alone
    does not carry its verdict to another sheet."""
    if entry.reading == entry.latex:
        return False
    return len(RELATION.findall(entry.reading)) != len(RELATION.findall(entry.latex))


_ESTIMATE = re.compile(r"\bestimat|\bMLE\b|maximum[- ]likelihood", re.I)
# the estimator a claim's title names: "Maximum-likelihood estimate of ...", "MAP estimate ..."
_ESTIMATOR = re.compile(r"^(?:the\s+)?((?:[\w-]+\s+){0,2}?[\w-]+)\s+estimate\b", re.I)


def estimator_named(title: str, said: str) -> bool | None:
    """Do the words beside a formula name the estimator the claim's title names (its words,
    or their initials: ML, MLE for maximum-likelihood)? None when the title names none. Other
    estimators of the same quantity (bias-corrected, unbiased, plug-in) go by the same hatted
    name, so only the title's own estimator makes a hatted formula this claim's."""
    m = _ESTIMATOR.match(title)
    if m is None:
        return None
    from cheatsheet.match.index import words_of

    phrase = m.group(1)
    letters = "".join(w[0] for w in re.findall(r"[A-Za-z]+", phrase)).lower()
    said_words = {w.lower() for w in re.findall(r"[A-Za-z]+", said)}
    short = {letters, letters + "e"} if len(letters) > 1 else set()
    return words_of(phrase) <= words_of(said) or bool(short & said_words)


def _result_label(c: Candidate) -> str:
    """The words of the sheet's left side's labels (MLE in \\hat\\sigma^2_{\\text{MLE}})."""
    split = split_relation(c.sheet_tokens)
    left = "".join(t.raw for t in split[0]) if split else ""
    return " ".join(re.findall(r"\\(?:text|mathrm|textrm|operatorname)\s*\{([^{}]*)\}", left))


def _names_a_result(latex: str) -> bool:
    """Is the statement's left side a bare name (an estimate, a solution: sigma-hat^2, w^*)?"""
    from .readings import _bare_name

    try:
        split = split_relation(tokenize(latex))
    except Exception:  # noqa: BLE001
        return False
    if split is None:
        return False
    lhs = [t for t in split[0] if t.norm or t.ident is not None]
    power = [t.norm for t in lhs[1:]] in (["^", "2"], [])
    return _bare_name(split[0]) and power


def piece_named(c: Candidate) -> bool:
    """A single statement of a claim that makes several is short and alike to many formulas
    (sum_t alpha_st = 1 is Gauss's sum renamed): it stands for the claim only in the claim's
    own letters or under words that name it."""
    return c.entry.kind != "piece" or renamed_share(c) == 0 or c.words >= 0.5


def _statement(c: Candidate, claim) -> str:
    """What the candidate stands for: the claim's whole statement, or, for a piece of a claim
    that makes several (Adam's v update alone), that statement; a wrong variant or a recorded
    line of such a claim stands for the statement of it that it resembles."""
    if c.entry.kind == "piece":
        return c.entry.latex
    if c.entry.kind == "canonical":
        return claim.latex
    from .explain import _closest_piece

    return _closest_piece(claim.latex, tokenize(c.entry.reading))


def _outer_sides(toks) -> tuple[list, list] | None:
    """The first left side and the last right side of a statement (a chain a = b = c too)."""
    first = split_relation(toks)
    if first is None:
        return None
    rest = first[2]
    while (more := split_relation(rest)) is not None:
        rest = more[2]
    return first[0], rest


def _left_operators(toks) -> set[str]:
    """The operators a statement's left side applies (text:mode, E, Var...)."""
    sides = _outer_sides(toks)
    return set() if sides is None else {t.norm for t in sides[0]
                                        if t.ident is None and t.norm in _OPERATORS}


# the quantities of a law a left side may name (a law's own name, Pois(lambda), is a label)
_OPERATORS = {"E", "P", "Var", "Cov"} | {f"text:{w}" for w in (
    "mode", "median", "mean", "var", "variance", "cov", "std", "sd", "skew", "skewness",
    "kurtosis", "entropy", "mgf")}
_STATISTICS = {f"text:{w}" for w in ("mode", "median", "skew", "skewness", "kurtosis")}


def _other_quantity(c: Candidate) -> str:
    """The operator the sheet's left side applies where the claim's has another (the mode or
    the median of X against the claim's mean): another quantity of the same law; ''."""
    mine, theirs = _left_operators(c.sheet_tokens), _left_operators(c.form_tokens)
    # (a standard deviation is a variance's root, a mean an expectation: only a statistic
    # no other one names counts)
    extra = sorted((mine - theirs) & _STATISTICS)
    return extra[0].replace("text:", "") if extra and theirs else ""


def _bare_left(c: Candidate) -> bool:
    """Is the sheet's left side one bare name (h, F^\\star), no call and no operator?"""
    split = split_relation(c.sheet_tokens)
    return split is not None and is_bare_name(split[0])


_DECORATIONS = {"hat", "bar", "tilde", "dot", "star", "prime", "ddot", "check", "vec"}


def _result_word(c: Candidate) -> str:
    """The word in the name of the sheet's result (MAP in p_MAP, MLE in sigma_hat_MLE), or
    '': a word, not an accent or an index letter."""
    sides = _outer_sides(c.sheet_tokens)
    names = [t.ident for t in sides[0] if t.ident is not None] if sides else []
    if len(names) != 1:
        return ""
    return next((w for w in names[0].split("_")[1:]
                 if re.fullmatch(r"[A-Za-z]{2,}", w) and w not in _DECORATIONS
                 and w not in GREEK), "")


def _labelled_result(c: Candidate) -> str:
    """The sheet's result is the claim's name with a word for a label (P_right read as the
    claim's P): a particular one of them, not the claim's quantity; its name, or ''."""
    sides = _outer_sides(c.sheet_tokens)
    names = [t.ident for t in sides[0] if t.ident is not None] if sides else []
    if len(names) != 1 or "_" not in names[0]:
        return ""
    base, label = names[0].split("_", 1)
    return names[0] if c.mapping.get(names[0]) == base and re.fullmatch(r"[A-Za-z]{2,}",
                                                                         label) else ""


def _sides(latex: str) -> tuple[str, str] | None:
    """The comparison keys of a statement's first left side and last right side."""
    try:
        toks = tokenize(latex)
    except Exception:  # noqa: BLE001 - an untokenisable form has no sides to share
        return None
    sides = _outer_sides(toks)
    return None if sides is None else (" ".join(keys(sides[0])), " ".join(keys(sides[1])))


def shared_sides(catalog) -> Counter:
    """How many claims state each side (Var(X) = ... of every distribution): agreeing on a
    side that several claims share does not tell which of them a formula states."""
    out: Counter = Counter()
    for claim in catalog:
        sides = _sides(claim.latex)
        if sides:
            out.update({(0, sides[0]), (1, sides[1])})
    return out


def _renamed_beyond(c: Candidate, k: int) -> bool:
    """Are names renamed only on the side opposite side ``k`` (0 left, 1 right) of the
    sheet's formula? A renaming seen on both sides (events A, B of Bayes' rule written U, W)
    is the sheet's notation; one seen only beyond the agreeing side may be another formula."""
    sides = _outer_sides(c.sheet_tokens)
    if sides is None:
        return False
    here = {t.ident for t in sides[k] if t.ident}
    renamed = {s for s, f in c.mapping.items() if s != f
               and not (s in _INDEX_LETTERS and f in _INDEX_LETTERS)}
    return bool(renamed) and not renamed & here


_STRUCTURE = {"\\frac", "\\dfrac", "\\tfrac", "\\left", "\\right", "\\cdot", "\\times",
              "\\top", "\\quad", "\\qquad", "\\text", "\\mathrm", "\\operatorname",
              "\\mid", "\\in", "\\le", "\\leq", "\\ge", "\\geq", "\\neq", "\\approx",
              "\\to", "\\infty", "\\prime", "\\ldots", "\\dots", "\\cdots"}
_SAME_OPERATOR = {"\\ln": "\\log", "\\exp": "e", "\\Pr": "P"}


def _operators(toks) -> set[str]:
    """The named operators of a formula (det, tr, E, Var, KL, log, sum, partial, ...)."""
    out = set()
    for t in toks:
        n = t.norm
        if t.ident is not None or n in _STRUCTURE:
            continue
        n = _SAME_OPERATOR.get(n, n)
        if (n.startswith("\\") and n[1:].isalpha()) or (n.isalpha() and len(n) > 1):
            out.add(n)
    return out


_INDEX_LETTERS = set("ijklmnrst")  # indices and counters: renaming one says nothing


def functional_renamed(c: Candidate) -> str:
    """Why the match renames one information or probability functional into another (the
    sheet's entropy H(X, Y) read as the claim's probability P(X, Y)), or ''. Such a match
    says nothing about the formula: it states another quantity."""
    toks = c.sheet_tokens
    for t, nxt in zip(toks, toks[1:]):
        if t.ident is None or nxt.norm not in ("(", "["):
            continue
        other = c.mapping.get(t.ident, t.ident)
        if other != t.ident and (t.ident in FUNCTIONALS or other in FUNCTIONALS):
            return (f"it writes {t.ident}(...) where the claim has {other}(...): another "
                    "quantity, not a typo of it")
    for k, t in enumerate(toks):
        # (subscripted by its variable, F_X(x), p_X(x): an objective F(x) is no distribution)
        if t.ident not in _DISTRIBUTION_LETTERS or not _subscripted_call(toks, k + 1):
            continue
        other = c.mapping.get(t.ident, t.ident)
        if _DISTRIBUTION_LETTERS.get(other, _DISTRIBUTION_LETTERS[t.ident]) != \
                _DISTRIBUTION_LETTERS[t.ident]:
            # F_Y(y) = F_X(g^{-1}(y)) read as the density's change of variables
            return (f"it writes {t.ident}(...) where the claim has {other}(...): a "
                    "distribution function where the claim has a density, or the reverse")
    return ""


def _subscripted_call(toks, k: int) -> bool:
    """Is the name before ``toks[k]`` subscripted and called (F_X(x), F_{X}(x))?"""
    if k >= len(toks) or toks[k].norm != "_":
        return False
    k = group_end(toks, k + 1)
    return k < len(toks) and toks[k].norm in ("(", "[")


# the letters sheets call a distribution function or a density by
_DISTRIBUTION_LETTERS = {"F": "distribution function", "p": "density", "f": "density"}


_LOG_BASE = re.compile(r"\\log\s*_\s*\{?\s*(\d+|[a-z])")


def _short_and_far(c: Candidate) -> bool:
    """A formula of at most eight symbols and operators that, renamed into the claim's
    letters, still differs from the claim's form in two of its symbols or more."""
    def seen(toks):
        return [t.ident or t.norm for t in toks if t.norm or t.ident is not None]

    def names(toks):  # (notation aside: sigma/n and \frac{sigma^2}{n} differ in one place)
        return [t.ident for t in toks if t.ident is not None]

    renamed = rename(c.sheet_tokens, c.mapping, unit_texts(c.form_tokens))
    if len(seen(renamed)) > 8:
        return False
    ops = SequenceMatcher(None, names(renamed), names(c.form_tokens),
                          autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal") >= 2


def dropped_names(c: Candidate, reading: Reading) -> list[str]:
    """The sheet's names that a whole-formula reading neither keeps nor renames: the reading
    then states the claim's formula, not the sheet's (its name stands for something else)."""
    if c.mode != "whole":
        return []
    try:
        kept = {t.ident for t in tokenize(reading.latex) if t.ident is not None}
    except Exception:  # noqa: BLE001 - an unreadable reading drops nothing we can name
        return []
    lost = {t.ident for t in c.sheet_tokens if t.ident is not None
            and c.mapping.get(t.ident, t.ident) not in kept}
    return sorted(_plain(("\\" + n) if n in GREEK else n) for n in lost)


_CLAUSES = ("\\implies", "\\iff", "\\Rightarrow", "\\Leftrightarrow")


def _clause_added(c: Candidate, reading: Reading) -> str:
    """An implication or equivalence the reading states and the sheet's formula does not."""
    written = rebuild(c.sheet_tokens)
    if any(clause in written for clause in _CLAUSES):
        return ""  # (iff and Leftrightarrow are one clause, spelled two ways)
    for clause in _CLAUSES:
        if clause in reading.latex:
            return "a consequence (" + clause.strip("\\") + ")"
    return ""


def _case_swapped(c: Candidate) -> tuple[str, str] | None:
    """(sheet letter, claim letter) of a Greek letter read as its other case (sigma as
    Sigma, lambda as Lambda): the two cases name different things, a standard deviation and
    a covariance, an eigenvalue and the diagonal of eigenvalues."""
    for s, f in c.mapping.items():
        if s != f and s.lower() == f.lower() and s.lower() in GREEK and f in GREEK \
                and s in GREEK:
            return _plain("\\" + s), _plain("\\" + f)
    return None


def _left_side_rewritten(c: Candidate, reading: Reading) -> bool:
    """Does the sheet's left side name one thing (p_k, mu-hat) while the reading's left side
    holds more than that name, renamed?"""
    mine = split_relation(c.sheet_tokens)
    try:
        theirs = split_relation(tokenize(reading.latex))
    except Exception:  # noqa: BLE001
        return False
    if mine is None or theirs is None:
        return False
    names = [t for t in mine[0] if t.ident is not None]
    bare = all(t.ident is not None or t.norm in ("_", "^", "") or t.norm.isdigit()
               for t in mine[0])
    if not names or not bare:
        return False
    allowed = {c.mapping.get(t.ident, t.ident) for t in names}
    return any((t.ident is not None and t.ident not in allowed)
               or (t.ident is None and t.norm not in ("_", "^", "") and not t.norm.isdigit())
               for t in theirs[0])


def _family_split(c: Candidate) -> str:
    """Two names of one family in the formula (P_22 and P_21, the blocks of P) that the
    correspondence sends to different families (Sigma_11 and P_21); ''."""
    def base(name: str) -> str:
        return name.split("_", 1)[0]

    idents = {t.ident for t in c.sheet_tokens if t.ident is not None and "_" in t.ident}
    families: dict[str, set[str]] = {}
    for name in idents:
        families.setdefault(base(name), set()).add(base(c.mapping.get(name, name)))
    for fam, targets in sorted(families.items()):
        if len(targets) > 1:
            members = sorted(n for n in idents if base(n) == fam)
            return (f"{members[0]} and {members[1]}, one name with two subscripts, as "
                    "names of different quantities of the claim")
    return ""


def renamed_share(c: Candidate) -> float:
    """Share of the formula's symbols that had to be renamed to read it as the claim (an index
    renamed to another index does not count, nor a label written only in subscripts renamed
    to another: blocks a, b of Sigma_{ab} are the claim's A, B)."""
    labels = subscript_only(c.sheet_tokens), subscript_only(c.form_tokens)
    pairs = [(s, f) for s, f in c.mapping.items()
             if not (s in _INDEX_LETTERS and f in _INDEX_LETTERS)
             and not (s in labels[0] and f in labels[1] and s not in _INDEX_LETTERS)]
    if not pairs:
        return 0.0
    # (a letter the sheet's words name as the claim's parameter is kept, whatever its letter)
    return sum(1 for s, f in pairs if s != f and s not in c.announced) / len(pairs)


# how a check words a comparison of a matrix side with a scalar one (verify/numeric.py)
_KIND_CLASH = " matrix, the other a scalar"
_SIZES_DIFFER = re.compile(r"the left side is \S+, the right side \S+$")


def _is_array(e) -> bool:
    """Is a side a matrix or a vector (not a scalar, nor a 1x1 product x^T A x)?"""
    shape = getattr(e, "shape", None)
    return isinstance(e, (sp.MatrixBase, sp.MatrixExpr)) and shape is not None \
        and tuple(shape) != (1, 1)


def _undeclared(reading: Reading, vocabulary=()) -> list[str]:
    """Names the reading uses that the claim neither declares, binds nor uses in its own
    statement (Δ in Δx, a letter the renaming did not place): the check then compares with a
    free value, which says nothing about the student's formula."""
    try:
        st = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
    except (LatexError, ValueError, TypeError):
        return []
    known = {d.name for d in reading.decls} | {"e", "pi"} | set(vocabulary)
    written = {t.ident for t in tokenize(reading.latex) if t.ident}
    out = set()
    for sym in st.free_symbols:
        name = str(sym.base) if isinstance(sym, sp.Indexed) else getattr(sym, "name", None)
        if name and name in written and name not in known:
            out.add(_plain(name))
    return sorted(out)


class Confidence:
    """Judges matches of one catalog, seeded like the checks."""

    def __init__(self, catalog, seed: int = 0, vocabulary=None):
        self.catalog = catalog
        self.seed = seed
        self._vocabulary = vocabulary or {}
        self._shared = shared_sides(catalog)
        self.repairs = ScopeRepairs(catalog, seed)

    def vocabulary(self, claim_id: str) -> frozenset:
        """The names the claim itself uses (declared or in its canonical statement)."""
        return self._vocabulary.get(claim_id, frozenset())

    def identifies(self, c: Candidate, toks) -> bool:
        """Does the formula say enough to be this claim at all? ``y = f`` or ``h = W`` turns
        into any claim's ``a = b`` by renaming, so its check says nothing about the sheet: a
        formula that short needs two informative tokens, words naming the claim, or one
        informative token in the claim's own names."""
        info = informative(toks)
        size = len(keys(toks))
        names = len({t.ident for t in toks if t.ident})
        if info >= 2 or c.words >= 0.5 or size > 8 or (size > 5 and names > 3):
            return True
        return info >= 1 and renamed_share(c) == 0

    def speaks_of(self, c: Candidate, reading: Reading) -> bool:
        """Does the reading use one of the claim's own quantities, not only a size or an
        index? ``\\Gamma(n) = (n-1)!`` shares nothing with a claim about traces but its
        dimension n: that it holds says nothing about the claim."""
        written = {t.ident for t in tokenize(reading.latex) if t.ident}
        if not written:
            return True
        for name in written & self.vocabulary(c.claim_id):
            d = reading.decls.get(name)
            if d is None or d.domain not in ("index", "dim"):
                return True
        return False

    def holds_as(self, c: Candidate) -> bool:
        """May a formula that holds be called this claim's? Not where each uses a named
        operator the other lacks: det(MN) = det(M) det(N) holds, and resembles the wrong
        Tr(AB) = Tr(A) Tr(B), but it is no statement about traces. (One-sided differences,
        a missing root or log, are what typos look like.)"""
        mine, theirs = _operators(c.sheet_tokens), _operators(c.form_tokens)
        return not (mine - theirs and theirs - mine)

    def sure_cell(self, c: Candidate, toks) -> bool:
        """Enough to call a formula with no relation of its own (a table cell) the claim's:
        close to it, and the words around name it (the shorter the cell, the more clearly)."""
        info = informative(toks)
        return c.score >= SURE_SCORE and ((info >= 3 and c.words >= 0.5)
                                           or (info >= 2 and c.words >= 0.75))

    def sure_wrong(self, c: Candidate, toks, reading: Reading, ev: Evidence,
                   said: str | None = None) -> tuple[bool, str]:
        """Is the refuted candidate surely the claim the formula states?

        A form the catalog knows, typed again (up to renaming), is sure. Otherwise the evidence
        adds up: structural closeness, the words around naming the claim, names kept as the
        claim writes them, an informative side that agrees with the claim's, and a formula long
        enough to tell claims apart. A refutation by scope or sizes only says the reading does
        not fit, so it counts only for a known form. ``said``: the words around the formula
        (its sentence, label, headings), when the caller has them."""
        if split_relation(c.sheet_tokens) is None and c.words < 0.5:
            # a table cell (alpha / beta^2) that equals some claim's wrong right side is that
            # claim's typo only where the words around name the claim
            return False, "a table cell whose words do not name the claim"
        if marks_only(c.sheet_tokens, expected_tokens(c, self.catalog[c.claim_id])):
            # d/dx where the claim writes \partial/\partial x: notation, never the typo (h6)
            return False, "it differs from the claim only in writing d for a partial derivative"
        info = informative(toks)
        renamed = renamed_share(c)
        other_kind = functional_renamed(c)
        if other_kind:
            return False, other_kind
        own = own_named_left(c, self.catalog[c.claim_id])
        if own:  # PP(p) = 2^{H(p)} read as KL(p || p) = 0: another quantity (named_heads)
            return False, ("its left side names a quantity of its own, which the claim does "
                           "not name")
        if reading.result_taken:
            return False, (f"it names its result {reading.result_taken}, which may be another "
                           "quantity than the claim's")
        if c.mode == "label" and renamed > 0 and _bare_left(c):
            # "precision $\tau$: $h = 1/2 log(2 pi e / tau)$": a bare name says only that the
            # formula gives the claim's quantity; read with its letters renamed, it may give
            # it in other parameters (a precision for a variance)
            return False, ("it gives the claim's quantity a name of its own, and reads as the "
                           "claim only with its letters renamed")
        word = _result_word(c) if c.mode == "label" and _bare_left(c) else ""
        if word and word[:3].lower() not in f"{self.catalog[c.claim_id].title} " \
                f"{c.claim_id}".lower():
            # "MAP of the Beta-Bernoulli model: p_MAP = (s + alpha - 1)/(n + alpha + beta - 2)"
            # read as the claim's posterior mean: the name's word says which estimate it is
            return False, (f"it names its result with the word {word}, which the claim's "
                           "title does not use")
        labelled = _labelled_result(c)
        if labelled and labelled.split("_", 1)[1][:3].lower() not in \
                self.catalog[c.claim_id].title.lower():
            # P_right = K/2 for an even kernel: the right side's padding, not the claim's P
            # (P_attn under the attention claim: there the label names the claim's own)
            return False, f"it names its result {labelled}, a particular one of the claim's"
        other = _other_quantity(c)
        if other:  # mode(X) = (alpha - 1)/beta against the Gamma mean
            return False, f"it states the {other}, the claim another quantity"
        why = (ev.counterexample or {}).get("why") or ""
        if (" is past the end of " in why or " is outside " in why) and re.search(
                r"\\(?:sum|prod)\s*_\s*\{[^{}]*\}\s*\^\s*\{?\s*\d+\s*\}?",
                rebuild(c.sheet_tokens)):
            # H(p) = -sum_{i=1}^{4} p_i log p_i: a number of terms written out is a special
            # case of the claim's n, which its check draws (as 2), not a typo
            return False, "it sums a fixed number of terms, where the claim's number is free"
        if renamed > 0 and (" is past the end of " in why or " is outside " in why):
            # D_ii = sum_j W_ij read as a degree vector's d_{mm}: an index past the end in
            # the claim's letters only is a renaming that does not fit, not a typo
            return False, "its indices leave the claim's sizes only as renamed"
        added = _clause_added(c, reading) if c.words < 0.5 else ""
        if added:
            # ||w||_1 <= B matched to a recorded premise ||w||_2 <= eps whose reading goes on
            # "\implies delta_i = ...": the check decides a statement the sheet never wrote
            return False, f"the reading adds {added}, which the sheet does not write"
        case = _case_swapped(c)
        if case:
            return False, (f"it reads the sheet's {case[0]} as the claim's {case[1]}, another "
                           "quantity (a scalar and a matrix, say)")
        if c.mode == "whole" and ev.method == "scope" and _left_side_rewritten(c, reading):
            # p_k = e^{z_k} / sum_j e^{z_j} read through a recorded version whose left side
            # was lost: the reading puts the claim's words beside the sheet's p, and p is
            # then "undefined" in a formula that defines it
            return False, "the reading writes another left side than the sheet's name"
        claim = self.catalog[c.claim_id]
        # (sigma-hat^2_MLE: the estimate's own label names it, whatever the words say)
        labelled = estimator_named(claim.title, _result_label(c)) is True
        if _ESTIMATE.search(claim.title) and _names_a_result(_statement(c, claim)) \
                and ev.method not in ("scope", "shapes") and not labelled and (
                    c.near < 0.5 or (said is not None
                                     and estimator_named(claim.title, said) is False)):
            # sigma-hat^2 = 1/(n - 1) sum ...: the unbiased estimate under the MLE's name
            # (a formula that is not even well-formed is wrong whichever estimate it means)
            return False, ("it names an estimate, and its words do not say it is the claim's "
                           "(other estimates of the same quantity go by that name)")
        if not piece_named(c):
            return False, ("it resembles one statement of the claim, in other letters and "
                           "with words that do not name it")
        # (a long formula of letters alone, Sigma_{a|b} = Sigma_aa + ..., is as telling as
        # a short one with operators)
        long = sum(1 for t in c.sheet_tokens if t.ident is not None) >= 12
        known = (c.mode == "whole" and c.entry.kind not in ("canonical", "piece")
                 and (info >= 2 or long)
                 and same_after_renaming(c.sheet_tokens, c.form_tokens, c.mapping)
                 and (renamed == 0 or (renamed <= 0.5 and c.words >= 0.5))
                 # a reading made of its own sheet's words ("satisfies both") carries over
                 # only where the words right beside the formula name the claim
                 and (not _reading_adds(c.entry) or c.near >= 0.5))
        if known:
            return True, KNOWN_FORM
        if ev.method == "scope":
            # sigma bare in d sigma / dz, or Bayes' rule with the roles of A and B swapped:
            # a name undefined under the claim's correspondence says the correspondence
            # (or the reader) is wrong as often as the formula; sure only with a known form,
            # or where one of the formula's own names in its place makes it the claim's
            # (f_X(x) f_Y(z - x) dt: t where x belongs) and nothing else does (scope_repair)
            if self.repairs.sure(c, reading, ev) is not None:
                return True, "one name put right makes it the claim's"
            return False, "a name it uses is not the claim's, which may mean the letters " \
                          "correspond otherwise"
        if c.entry.kind == "wrong" and c.words < 0.25 and info < 5 and renamed > 0:
            # x = mu + L z (a Cholesky sample) equals factor analysis's recorded typo
            # x = mu + W z: a recorded typo of a claim no word names may be another
            # setting's right formula (one with many operators, Var(U) = E[Var(U | V)] +
            # E[E[U | V]], is too particular for that)
            return False, "it equals a recorded typo of a claim its words do not name"
        # (a recorded form typed again is read as the catalog reads that very LaTeX, which
        # may spell names out: R for \mathcal{R}, y^{(l)} as an index)
        lost_names = dropped_names(c, reading)
        if lost_names and c.words < 0.5 and not same_after_renaming(
                c.sheet_tokens, c.form_tokens, c.mapping):
            # g(eta) = sigma(-eta) read as the claim's sigma'(z) = sigma(-z): the reading put
            # the claim's name where the sheet writes its own, and no word says they are one
            return False, (f"the reading drops the sheet's {', '.join(lost_names)}, which may "
                           "name something else than the claim's quantity")
        if c.mode == "whole" and _reading_adds(c.entry) and not RELATION.search(c.entry.latex):
            # the recorded form is wrong only with words around it on its own sheet
            # ("... p.s.d."): the same LaTeX elsewhere may say no such thing
            return False, ("the catalog reads this form with words of the sheet it was "
                           "recorded from")
        extra = _undeclared(reading, self.vocabulary(c.claim_id))
        if extra:
            return False, f"it uses {', '.join(extra)}, which the claim does not speak of"
        left_out = self.left_out(c, reading)
        if left_out:
            return False, (f"it leaves out {', '.join(left_out)}, on which the claim depends "
                           "(it may fix its value, as a step 1/L does)")
        split = _family_split(c)
        if split:
            # P_22^{-1} P_21 read with P_22 as the claim's Sigma_11 and P_21 as itself: the
            # blocks of one matrix taken for two, so the sizes (or values) clash by the
            # renaming, not by the formula
            return False, f"it reads {split}"
        if ev.method == "shapes" and not self.ill_formed_as_written(reading):
            # sizes that clash under the claim's declarations but not in the formula's own
            # notation (1 - z for a vector z) may be a notation the claim does not share
            return False, "its sizes fit as the sheet writes them, not as the claim declares"
        if any(a != b for a, b in c.mapping.items()) and (
                (_KIND_CLASH in why and not self.kinds_clash_as_written(reading))
                or (_SIZES_DIFFER.search(why) and self.scalars_as_written(reading))):
            # f(x) = 1/2 x^T Q x read as kappa(H) with x as a matrix H: a scalar function's
            # definition made a matrix by the renaming, not a typo of the claim's scalar (with
            # the sheet's letters kept, f(X, A) = P f(PX, ...), the claim's sizes are its own)
            # (df/dy = x for a multiply gate read as dL/db = delta: the claim's x and delta
            # are vectors of two sizes, the sheet's letters are scalars)
            return False, ("its sides clash in size only as the claim reads its letters, not "
                           "as the sheet writes them")
        if c.score < SURE_SCORE:
            return False, "the formula differs from it in many places"
        # a reading made of its own sheet's words counts only the words of this formula,
        # not those of the other formulas in its block
        words = c.near if _reading_adds(c.entry) else c.words
        evidence = (1.5 * words + (1.0 - renamed) + min(info, 8) / 8
                    + (1.5 if c.score >= 0.95 else 1.0 if c.score >= 0.9 else 0.5))
        if ev.method == "shapes":
            evidence += 1.0  # ill-formed in its own notation and in the claim's
        if c.mode == "label":  # (a label whose head is a word of the claim: Attn(Q, K, V))
            evidence += 1.0 if c.words >= 0.5 or label_names_claim(c, claim) else 0.0
        elif self.anchored(c, reading):
            evidence += 2.0
        base = _LOG_BASE.search(rebuild(c.sheet_tokens))
        if base and not _LOG_BASE.search(c.entry.latex):
            # log_2 where the claim writes log: the unit of an information quantity, a
            # convention, not a typo
            return False, f"it takes logarithms to base {base.group(1)}, the claim natural ones"
        if c.words < 0.25 and _short_and_far(c):
            # da/dz = 1 against dL/db = delta: in a formula this short, two changed symbols
            # make another statement, not a slip
            return False, "it is short and differs from the claim in more than one symbol"
        if evidence >= SURE_EVIDENCE:
            return True, "close to the claim"
        if c.words < 0.25:
            return False, "the words around it do not name the claim"
        if renamed > 0.5:
            return False, "most symbols would have to be renamed"
        return False, "neither side agrees with the claim's"

    def left_out(self, c: Candidate, reading: Reading) -> list[str]:
        """Parameters of the claim's statement the reading never mentions: the sheet's formula
        may be the claim with a value put in for them (the rate of GD with its step fixed to
        1/L), which the check, drawing them at random, would call wrong."""
        claim = self.catalog[c.claim_id]
        try:
            canon = parse_cached(_statement(c, claim), reading.decls, layout=claim.layout)
            mine = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
        except (LatexError, ValueError, TypeError):
            return []
        names = lambda st: {str(getattr(x, "base", x)) for x in st.free_symbols}  # noqa: E731
        try:  # a name used only as an index (the t of v_t) is mentioned too
            written = {t.ident for t in tokenize(reading.latex) if t.ident is not None}
        except Exception:  # noqa: BLE001
            written = set()
        out = []
        for name in sorted(names(canon) - names(mine) - written):
            d = reading.decls.get(name)
            if d is not None and d.kind == "scalar" and d.domain not in ("index", "dim"):
                out.append(_plain(("\\" + name) if name in GREEK else name))
        return out

    def ill_formed_as_written(self, reading: Reading) -> bool:
        """Do the sizes clash in the formula's own notation too (bold lower case a vector,
        bold capital a matrix), in every layout it may be read in?"""
        text, symbols = reading.own
        declared = dict(symbols)
        try:
            units = {t.ident for t in tokenize(text) if t.ident is not None
                     and (t.raw.startswith(("\\mathbf", "\\boldsymbol", "\\bm"))
                          or t.ident[:1].isupper())}
        except Exception:  # noqa: BLE001
            units = set()
        if any(u in declared for u in units) and any(u not in declared for u in units):
            # sizes the sheet gave some of its symbols beside default sizes of others (a
            # bold t of n entries beside Phi of N rows) clash without the sheet saying so
            return False
        for layout in reading.layouts:
            try:
                parse_cached(text, dict(symbols), layout=layout)
            except LatexShapeError:
                continue
            except (LatexError, ValueError, TypeError):
                return False
            return False
        return True

    def kinds_clash_as_written(self, reading: Reading) -> bool:
        """Is one side a matrix (or vector) and the other a scalar in the formula's own
        notation too, in every layout it may be read in? A clash that only the claim's
        declarations make says the reading, not the sheet, is at fault."""
        return _as_written_in_every_layout(
            reading, lambda r: _is_array(r.lhs) != _is_array(r.rhs))

    def scalars_as_written(self, reading: Reading) -> bool:
        """Are both sides numbers in the formula's own notation (no bold, no declared size)?
        Then sides of two sizes come from the claim's declarations alone (d(XA)/dx = X^T,
        bold, clashes in the sheet's own notation too)."""
        return _as_written_in_every_layout(
            reading, lambda r: not _is_array(r.lhs) and not _is_array(r.rhs), every=True)

    def anchored(self, c: Candidate, reading: Reading) -> bool:
        """Does one side of the reading agree with the same side of the claim, and does that
        tell the claim apart?"""
        claim = self.catalog[c.claim_id]
        try:
            mine = parse_cached(reading.latex, reading.decls, layout=reading.layouts[0])
            canon = parse_cached(_statement(c, claim), reading.decls, layout=claim.layout)
        except (LatexError, ValueError, TypeError):
            return False
        if not mine.relations or not canon.relations:
            return False
        pairs = [(mine.relations[0].lhs, canon.relations[0].lhs),
                 (mine.relations[-1].rhs, canon.relations[-1].rhs)]
        sides = _sides(_statement(c, claim))
        for k, (a, b) in enumerate(pairs):
            if isinstance(b, (sp.Symbol, sp.MatrixSymbol, sp.Indexed)) or b.is_number or (
                    isinstance(b, AppliedUndef) and all(a.is_Symbol for a in b.args)):
                # a bare name (o = ..., \hat\mu = ..., f(x) = ...) agrees with anything
                # renamed to it: every definition f(x) = ... would anchor on it
                continue
            if sides and self._shared[(k, sides[k])] > 1 and _renamed_beyond(c, k):
                # Var(X), which every distribution's variance claim has: agreeing on it
                # does not tell which, when the other side is the claim's only by renaming
                # (Var(X) = sigma^2 is not a Laplace law's Var(X) = 2b^2 with b renamed sigma)
                continue
            if a == b:
                return True
            stmt = Statement((Relation(a, "=", b),), premises=mine.premises)
            ev = self._side_check(claim, stmt, reading)
            if ev is not None and ev.holds:
                return True
        return False

    def _side_check(self, claim, stmt, reading: Reading):
        """Do two sides agree? Decided as the claim decides (its custom check gives meaning to
        what only it computes: an entropy, a network's output)."""
        try:
            opts = NumericOptions(trials=24, rtol=claim.rtol, atol=claim.atol,
                                  layout=reading.layouts[0])
            ctx = CheckContext(claim.id, reading.decls, opts, self.seed, ("anchor",),
                               independent=tuple(claim.independent))
            if claim.check:
                return custom.get(claim.check)(stmt, ctx)
            return ctx.numeric(stmt)
        except CheckTimeout:
            raise
        except Exception:  # noqa: BLE001 - a comparison the check cannot make anchors nothing
            return None


def _as_written_in_every_layout(reading: Reading, test, every: bool = False) -> bool:
    """Does ``test`` hold of some relation (of every one, with ``every``) of the formula as
    the sheet writes it, in every layout it may be read in? False where it cannot be read."""
    text, symbols = reading.own or ("", ())
    if not text:
        return False
    for layout in reading.layouts:
        try:
            st = parse_cached(text, dict(symbols), layout=layout)
        except (LatexError, ValueError, TypeError):
            return False
        if not (all if every else any)(test(r) for r in st.relations):
            return False
    return True


"""How to read a sheet's formula as a catalog claim: the LaTeX, declarations and layouts.

A candidate (cheatsheet.match) says which catalog form the formula resembles and how the
sheet's symbols correspond to the form's. The reading renames the formula into the form's
symbols; where the form is a recorded sheet version with a ``read_as``, the student's changes
are carried over to that reading (align.transfer); where the sheet's left side only names the
claim's (``M_X(t) = ...``), the claim's left side takes its place. Declarations are the claim's,
narrowed by what the sheet announced for the same symbols (a matrix it calls symmetric is
sampled symmetric). Layouts: those the sheet leaves open where the formula stands (one where
it announces one), since a formula right in a layout its sheet allows is not wrong.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.align import inverse, rename, same_after_renaming, transfer, unit_texts
from cheatsheet.match.index_style import indices_as_the_form
from cheatsheet.match.tokens import Tok, group_end, rebuild, tokenize
from cheatsheet.sheets.conventions import RULED_OUT
from cheatsheet.symbols import DISTRIBUTIONS, Decl, Declarations, DeclarationError

from .call_arity import changes_arity
from .conditional_names import as_claims_name
from .function_values import values_contradict
from .laws import names_a_law
from .word_names import word_named

# a sheet may narrow a claim's domain, never widen it
_NARROWER = {
    "square": {"symmetric", "psd", "pd", "diagonal", "orthogonal"},
    "symmetric": {"psd", "pd", "diagonal"},
    "psd": {"pd"},
    "real": {"positive", "nonnegative", "negative", "prob", "integer", "natural", "count"},
    "nonnegative": {"positive", "prob", "natural", "count"},
    "positive": {"prob", "natural"},
    "integer": {"natural", "count"},
    "count": {"natural"},
    "rv": set(DISTRIBUTIONS),
    "function": {"convex", "strongly_convex", "smooth", "lipschitz", "nondecreasing_convex"},
    "convex": {"strongly_convex", "smooth", "nondecreasing_convex"},
}


@dataclass
class Reading:
    latex: str
    decls: Declarations
    layouts: tuple[str, ...]
    assume: list
    names_back: dict[str, str]  # claim name -> how the sheet writes it
    narrowed: dict[str, str]  # claim name -> the sheet's narrower domain used
    own: tuple = ()  # (the formula as the sheet writes it, the sheet's symbols there)
    # the sheet's result name taken for the claim's though its letter is another (theta for
    # w-hat): enough to credit a right formula, never to call one a typo (s^2 is no MLE)
    result_taken: str = ""


def _narrow(claim_decls: Declarations, sheet_symbols: dict, mapping: dict) -> tuple[dict, dict]:
    """The claim's domain strings, narrowed where the sheet announces a narrower domain."""
    specs = {d.name: d.spec for d in claim_decls}
    narrowed = {}
    for sheet_name, sheet_spec in sheet_symbols.items():
        name = mapping.get(sheet_name, sheet_name)
        if name not in specs:
            continue
        try:
            mine, theirs = Decl(name, specs[name]), Decl(name, sheet_spec)
        except DeclarationError:
            continue
        if theirs.domain not in _NARROWER.get(mine.domain, ()):
            continue
        if mine.kind == "matrix":
            spec = f"{theirs.domain}({', '.join(map(str, mine.args))})"
        elif mine.kind == "random":
            args = [mapping.get(str(a), str(a)) for a in theirs.args]
            if not all(a in specs or a.replace(".", "").isdigit() for a in args):
                continue
            spec = f"{theirs.domain}({', '.join(args)})"
        elif theirs.args:
            continue
        else:
            spec = theirs.domain
        specs[name] = spec
        narrowed[name] = spec
    return specs, narrowed


def _sizes_contradict(claim_decls: Declarations, sheet_symbols: dict, mapping: dict) -> bool:
    """Does the correspondence put a symbol the sheet gave a size onto a claim symbol of another
    size?  (``U \\in \\mathbb{R}^{m \\times n}`` taken for the claim's square U: the letters
    are the same, the roles are not.)  Each size of the claim is one size on the sheet: the
    sheet's m and n may be the claim's n and d, but not both its m.  The sheet may fix two of
    the claim's sizes to one (a square A for the claim's m x n A)."""
    back = {}
    for sheet_name, sheet_spec in sheet_symbols.items():
        name = mapping.get(sheet_name)
        mine = claim_decls.get(name) if name else None
        if mine is None:
            continue
        try:
            theirs = Decl(name, sheet_spec)
        except DeclarationError:
            continue
        if theirs.kind != "matrix" or mine.kind != "matrix":
            continue  # (a scalar's domain may speak of each entry: lambda in [0, 1], lambda_i)
        for a, b in zip(theirs.shape, mine.shape):
            a, b = str(a), str(b)
            if a.isdigit() or b.isdigit():
                if a.isdigit() and b.isdigit() and a != b:
                    return True
                continue
            if back.setdefault(b, a) != a:
                return True
            if a in mapping and mapping[a] != b and mapping[a] in claim_decls:
                # the sheet's A is m x n, the claim's n x m: its m is the claim's n, so the
                # letters cannot also be matched by name (row m+1 would lie outside A)
                return True
    return False


def _added_to_identity(toks: list) -> set[str]:
    """Names the sheet adds to a multiple of the identity (``K + \\lambda I``, ``I - A``): a
    square matrix, whatever letter it has."""
    def scalar(t):
        return t.norm in ("\\cdot",) or t.norm.replace(".", "").isdigit() or (
            t.ident is not None and t.ident.islower())

    out = set()
    units = [t for t in toks if t.norm or t.ident is not None]
    for k, t in enumerate(units):
        if t.ident not in ("I", "I_n", "I_d", "I_N", "I_D"):
            continue
        j = k - 1
        while j >= 0 and scalar(units[j]):
            j -= 1
        # the name must be a whole term (X^T X + lambda I says nothing of X)
        if j >= 1 and units[j].norm in ("+", "-") and units[j - 1].ident is not None \
                and (j == 1 or units[j - 2].norm in _TERM_EDGE):
            out.add(units[j - 1].ident)
        if k + 2 < len(units) and units[k + 1].norm in ("+", "-") \
                and units[k + 2].ident is not None \
                and (k + 3 == len(units) or units[k + 3].norm in _TERM_EDGE):
            out.add(units[k + 2].ident)
    return out


_TERM_EDGE = {"(", ")", "[", "]", "+", "-", "=", "{", "}"}


def _property_denied(claim_decls: Declarations, denied: tuple, mapping: dict) -> bool:
    """Does the correspondence put a symbol the sheet says lacks a property (not symmetric,
    not positive definite) onto a claim symbol declared with it?"""
    for sheet_name, prop in denied:
        mine = claim_decls.get(mapping.get(sheet_name, ""))
        if mine is not None and mine.domain in RULED_OUT[prop]:
            return True
    return False


def denied_by_sheet(c: Candidate, claim, denied: tuple) -> bool:
    """Does the sheet deny a symbol the property the claim needs of it ("$Q$ is not
    symmetric" against a claim for a symmetric A)? Then the formula is not that claim's."""
    if not denied:
        return False
    src = claim.sources[c.entry.source] if c.entry.source is not None else None
    try:
        base = claim.declarations_for(src) if src is not None else claim.declarations
    except DeclarationError:
        return False
    return _property_denied(base, denied, c.mapping)


def _square_contradicts(claim_decls: Declarations, squares: set[str], mapping: dict) -> bool:
    """Does the correspondence put a matrix the sheet uses as square (added to the identity)
    onto a claim matrix of two different sizes (the design matrix X, N x D)?"""
    for sheet_name in squares:
        mine = claim_decls.get(mapping.get(sheet_name, ""))
        if mine is not None and mine.kind == "matrix" and len(mine.shape) == 2:
            a, b = (str(x) for x in mine.shape)
            if a != b and not (a.isdigit() and b.isdigit()):
                return True
    return False


_RANDOM_OPS = {"Var", "Cov", "E", "P"}


def _sheet_kinds(toks: list) -> dict[str, str]:
    """What the sheet's own notation says a symbol is: a capital inside E/Var/Cov/P(...) is a
    random variable, a bold lower-case letter a vector, a bold capital a matrix."""
    kinds: dict[str, str] = {}
    plain: set[str] = set()  # written without bold somewhere: its boldness says nothing
    outside: set[str] = set()  # used outside every random operator: A in A Var(X) A^T
    depth_at: list[int] = []  # bracket depths at which a random operator's argument opened
    depth = 0
    for k, t in enumerate(toks):
        if t.raw in ("(", "["):
            depth += 1
            if k and (toks[k - 1].norm in _RANDOM_OPS or toks[k - 1].ident == "P"):
                depth_at.append(depth)
        elif t.raw in (")", "]"):
            if depth_at and depth_at[-1] == depth:
                depth_at.pop()
            depth -= 1
        elif t.ident is not None:
            bold = t.raw.startswith(("\\mathbf", "\\boldsymbol", "\\bm"))
            if not depth_at:
                outside.add(t.ident)
            if depth_at and t.ident[:1].isupper() and not bold:
                kinds[t.ident] = "random"
            elif bold:
                kinds.setdefault(t.ident, "vector" if t.ident[:1].islower() else "matrix")
            else:
                plain.add(t.ident)
    return {n: k for n, k in kinds.items()
            if (k == "random" and n not in outside) or (k != "random" and n not in plain)}


def _compatible(c: Candidate, decls: Declarations) -> bool:
    """A symbol the sheet writes as a random variable, vector or matrix is never read as a
    plain number of the claim (Var[X - Y] is not Var[aX + b] with Y as b)."""
    for name, kind in _sheet_kinds(c.sheet_tokens).items():
        target = c.mapping.get(name, name)
        d = decls.get(target)
        if d is None:
            continue
        if kind == "random" and d.kind not in ("random",):
            return False
        if kind in ("vector", "matrix") and d.kind == "scalar":
            return False
        if kind == "vector" and d.kind == "matrix" and d.shape and d.shape[1] != 1 \
                and d.domain != "vectors":
            # a bold lower-case letter is a column, not a matrix; a claim's family of
            # samples (vectors(N, D): x_i the i-th column) is written bold member by member
            return False
    return True


def _entries_as_matrix(toks: list, decls: Declarations) -> list:
    """``a_{ij}`` for an entry of a declared matrix ``A``: the sheet's lower-case letter with
    indices names the entries of the capital one (a common convention)."""
    out = []
    for k, t in enumerate(toks):
        nxt = toks[k + 1].norm if k + 1 < len(toks) else ""
        cap = t.ident.upper() if t.ident and len(t.ident) == 1 and t.ident.islower() else None
        if (cap and nxt == "_" and t.ident not in decls and cap in decls
                and decls[cap].kind == "matrix"):
            out.append(Tok(t.raw.replace(t.ident, cap), "", cap))
        else:
            out.append(t)
    return out


def _count_subscripts(toks: list, decls: Declarations) -> list:
    """``\bar X_n`` for the claim's plain ``\bar X`` when n is one of the claim's sizes: a
    subscript naming how many draws a statistic is of (a label), not an entry of it."""
    out, k = [], 0
    while k < len(toks):
        t = toks[k]
        out.append(t)
        k += 1
        d = decls.get(t.ident) if t.ident else None
        if d is None or d.kind not in ("scalar", "random") or d.args:
            continue
        if k < len(toks) and toks[k].norm == "_":
            j = k + 1
            braced = j < len(toks) and toks[j].raw == "{"
            j += braced
            if j < len(toks) and toks[j].ident is not None and \
                    (not braced or (j + 1 < len(toks) and toks[j + 1].raw == "}")):
                size = decls.get(toks[j].ident)
                # (sigma_N declared on its own, beside sigma: the subscript is its name)
                if size is not None and size.kind == "dim" \
                        and decls.get(f"{t.ident}_{toks[j].ident}") is None:
                    k = j + 1 + braced
    return out


_EQUALITIES = {"=", r"\equiv", r"\approx"}


# letters that name what a function computes (entropy, mutual information, probability,
# divergence, expectation), unlike f, g, h, which name any function
FUNCTIONALS = frozenset({"H", "I", "P", "D", "E", "Pr", "KL", "Var", "Cov"})


# named statistics a left side may call (lower case, as the tokens spell \operatorname{SE})
# (an MGF is an expectation by definition: it may name the claim's E[e^{tX}])
_STATISTICS = frozenset({"SE", "SD", "Std", "Corr", "CV", "MSE", "Bias", "Cov", "Var", "E"})
_STATISTIC_NAMES = {"se": "SE", "sd": "SD", "std": "Std", "stdev": "SD", "corr": "Corr",
                    "cv": "CV", "mse": "MSE", "bias": "Bias", "cov": "Cov", "var": "Var",
                    "e": "E", "kl": "KL"}


def _statistic(name: str) -> str:
    """The statistic a left side's head names (text:se -> SE), else the name itself."""
    return _STATISTIC_NAMES.get(name[5:], name) if name.startswith("text:") else name


# letters naming a law's other transforms: the pgf G, the characteristic function phi
_OTHER_TRANSFORMS = frozenset({"G", "phi", "varphi", "K"})

_ARITHMETIC = {"-", "+", "*", "/", "\\cdot", "\\times", "\\frac"}


def _head_name(tok) -> str:
    return "" if tok is None else (tok.ident if tok.ident is not None else tok.norm)


def _label_fits(own, claim_split, names_mgf: bool = False) -> bool:
    """Can the sheet's left side be a name for the claim's? Only in a statement of the same
    kind (``J(\\theta) = ...`` defines a loss; it names no side of an inequality), and only if
    a name called with arguments its right side uses (``J(\\theta)``, ``M(t)``) is called with
    symbols the claim's left side uses: a law's name (``\\mathrm{Pois}(\\lambda)``) gives its
    parameters instead."""
    mine, theirs = own[1][0].norm, claim_split[1][0].norm
    if (mine in _EQUALITIES) != (theirs in _EQUALITIES):
        return False
    lhs = [t for t in own[0] if t.norm or t.ident is not None]
    head = lhs[0] if lhs else None
    if head is None or names_a_law(head.raw) or head.norm == "Normal":
        return True  # \text{Pois}(\lambda), \mathcal{N}(\mu, \sigma^2): a law's name
    if any(t.norm in _ARITHMETIC or t.norm.isdigit() for t in lhs[1:] if t.norm):
        return False  # \sigma(-z), f(x + 1): a value of an expression, not a name
    theirs_head = next((t for t in claim_split[0] if t.norm or t.ident is not None), None)
    if head.ident in _OTHER_TRANSFORMS and _head_name(theirs_head) == "E" and not names_mgf:
        # G_X(s) = E[s^X], phi_X(t) = E[e^{itX}]: not the MGF E[e^{tX}], unless the words
        # say so ("the moment generating function is $\varphi(r) = ...$")
        return False
    kinds = {_statistic(_head_name(head)), _statistic(_head_name(theirs_head))}
    if len(kinds) == 2 and kinds <= FUNCTIONALS | _STATISTICS:
        # I(X; Y | Z) names a mutual information, never the joint entropy H(X,Y,Z); SE(X)
        # a standard error, never Var(X)
        return False
    # an argument the right side uses must be one the claim's left side uses (J(theta) with
    # theta on the right is a function of theta); one named only in the label says what the
    # label is about (H(X) = -sum p_i log p_i: the entropy of X)
    rhs = {t.ident for t in own[2] if t.ident is not None}
    args = {t.ident for t in lhs[1:] if t.ident is not None} & rhs
    used = {t.ident for t in claim_split[0] if t.ident is not None}
    return not args or bool(args & used)


def _names_output(own, claim_split, words: float, claim=None) -> bool:
    """``Attention(Q, K, V) = ...`` for the claim's ``O = ...``: a label calling inputs of
    the claim's right side by name, under words naming the claim (or itself a word of the
    claim's title: Attn for attention), names the output the claim defines. One input is
    enough (a Hopfield energy ``U(s) = ...`` is the claim's ``E = ...``, as ``U = ...`` would
    be): an argument that is no plain name (``\\sigma(-z)``) or that the claim's right side
    does not use calls no label."""
    if own is None:
        return False
    lhs = [t for t in own[0] if t.norm or t.ident is not None]
    if words < 0.5 and not (lhs and claim is not None and _head_names(lhs[0], claim)):
        return False
    named = lhs and (lhs[0].ident is not None or lhs[0].norm.startswith("text:"))
    if len(lhs) < 4 or not named or lhs[1].norm != "(" or lhs[-1].norm != ")":
        return False
    args = [t.ident for t in lhs[2:-1] if t.ident is not None]
    if any(t.norm not in (",", "") for t in lhs[2:-1] if t.ident is None):
        return False  # Attention(Q, K, V), not sigma(-z)
    theirs = {t.ident for t in claim_split[2] if t.ident is not None}
    return len(args) >= 1 and set(args) <= theirs


def _head_names(head: Tok, claim) -> bool:
    """Is a label's head a word (two letters or more, spelled out or shortened as sheets do:
    Attn, out) of the claim's title?"""
    return word_named([head], claim)


def label_names_claim(c: Candidate, claim) -> bool:
    """Does the sheet's left side, a label (Attn(Q, K, V)), name the claim by its head?"""
    split = split_relation(c.sheet_tokens)
    lhs = [t for t in split[0] if t.norm or t.ident is not None] if split else []
    return c.mode == "label" and bool(lhs) and _head_names(lhs[0], claim)


def result_name(c: Candidate) -> dict[str, str]:
    """The correspondence, with the sheet's name for the result (w, theta) taken as the
    claim's (w^*, \\hat w) when both left sides are a bare name and the sheet's name is used
    nowhere else: ``\\theta = (X^T X)^{-1} X^T y`` states the least-squares solution."""
    mine, theirs = split_relation(c.sheet_tokens), split_relation(c.form_tokens)
    if mine is None or theirs is None or not _bare_name(mine[0]) or not _bare_name(theirs[0]):
        return c.mapping
    a = next(t.ident for t in mine[0] if t.ident is not None)
    b = next(t.ident for t in theirs[0] if t.ident is not None)
    rest = {t.ident for t in mine[2] if t.ident is not None}
    if a in c.mapping or a == b or a in rest or b in c.mapping.values() or \
            len([t for t in mine[0] if t.ident is not None]) != 1:
        return c.mapping
    return {**c.mapping, a: b}


def _base(name: str) -> str:
    return name.split("_", 1)[0]


def _bare_name(side: list) -> bool:
    """A side that is one symbol, maybe with indices (x_{t-1}, \\hat{\\mu}): no operator."""
    visible = [t for t in side if t.norm or t.ident is not None]
    units = [t for t in visible if t.ident is not None]
    return bool(units) and all(t.ident is not None or t.norm in ("_", "^", "+", "-") or
                               t.norm.isdigit() for t in visible) and visible[0].ident is not None


def _names_back(c: Candidate) -> dict[str, str]:
    """Claim name -> the sheet's writing, for every symbol the sheet's formula has (mapped,
    or kept under its own name)."""
    sheet_text = unit_texts(c.sheet_tokens)
    back = {name: text for name, text in sheet_text.items() if name not in c.mapping}
    inverse_map, under = inverse(c.mapping, c.sheet_tokens)
    back.update({form: sheet_text.get(sheet, sheet) for form, sheet in inverse_map.items()})
    toks = c.sheet_tokens
    for k, t in enumerate(toks[:-2]):  # the sheet's tau_n for the claim's sigma_N
        base = next((f for f, s in under.items() if s == t.ident), None)
        if base is not None and toks[k + 1].norm == "_" and toks[k + 2].ident is not None:
            sub = toks[k + 2].ident
            back[f"{base}_{c.mapping.get(sub, sub)}"] = \
                f"{sheet_text.get(t.ident, t.ident)}_{{{sheet_text.get(sub, sub)}}}"
    return back


_BIG = (r"\sum", r"\prod")


def _bare_index(toks: list, k: int) -> tuple[str, int] | None:
    """(index, end) where ``toks[k]`` opens ``\sum_j`` or ``\sum_{j}`` with no range."""
    if k + 2 >= len(toks) or toks[k].raw not in _BIG or toks[k + 1].norm != "_":
        return None
    if toks[k + 2].ident is not None:
        end, name = k + 3, toks[k + 2].ident
    elif toks[k + 2].raw == "{" and k + 4 < len(toks) and toks[k + 3].ident is not None \
            and toks[k + 4].raw == "}":
        end, name = k + 5, toks[k + 3].ident
    else:
        return None
    return (None if end < len(toks) and toks[end].norm == "^" else (name, end))


def _ranged(toks: list, k: int) -> tuple[str, int] | None:
    """(index, end) where ``toks[k]`` opens ``\sum_{k=lo}^{hi}`` (braces balanced)."""
    if k + 4 >= len(toks) or toks[k].raw not in _BIG or toks[k + 1].norm != "_" \
            or toks[k + 2].raw != "{" or toks[k + 3].ident is None or toks[k + 4].norm != "=":
        return None
    j = group_end(toks, k + 2)
    if j >= len(toks) or toks[j].norm != "^":
        return None
    return toks[k + 3].ident, group_end(toks, j + 1)


def ranges_from_form(renamed: list, *forms: list) -> list:
    """``\sum_j`` with no range, where the claim's form sums over a written range at the same
    place (``\sum_{k=-12}^{12}``, its reading of a sum over all integers): the sheet's sum
    over "all j" is read over the claim's range, not over the entries of a vector the claim
    declares for its sizes (which would leave out indices the claim's check uses). Sums are
    paired in order, and only where both formulas have as many of each operator; ``forms``:
    the form matched, then the claim's canonical one (a typo without the sum, say)."""
    for form in forms:
        got = _ranges_from(renamed, form)
        if got is not renamed:
            return got
    return renamed


def _unranged_against_ranged(sheet: list, form: list) -> list[tuple]:
    """(k, f, bare, ranged) for each ``\sum_j`` of ``sheet`` (at k) paired in order with a
    ranged ``\sum_{k=lo}^{hi}`` of ``form`` (at f); none where the two formulas do not have
    as many of each big operator."""
    mine = [k for k, t in enumerate(sheet) if t.raw in _BIG]
    theirs = [f for f, t in enumerate(form) if t.raw in _BIG]
    if [sheet[k].raw for k in mine] != [form[f].raw for f in theirs]:
        return []
    return [(k, f, bare, ranged) for k, f in zip(mine, theirs)
            if (bare := _bare_index(sheet, k)) and (ranged := _ranged(form, f))]


def _ranges_from(renamed: list, form: list) -> list:
    out, last = [], 0
    for k, f, bare, ranged in _unranged_against_ranged(renamed, form):
        index = next(t for t in renamed[k + 2:bare[1]] if t.ident is not None)
        out.extend(renamed[last:k + 2])  # \sum _
        out.append(form[f + 2])  # {
        out.append(index)  # the sheet's own index letter, over the claim's range
        out.extend(form[f + 4:ranged[1]])  # = lo } ^ hi
        last = bare[1]
    return out + renamed[last:] if out else renamed


def ranges_as_sheet(expected: list, sheet: list) -> list:
    """The right form shown with the sheet's unranged sums where the sheet writes ``\sum_j``:
    the claim's range there (-12..12 for all integers) is its reading, not a correction."""
    out, last = [], 0
    for _, f, _, ranged in _unranged_against_ranged(sheet, expected):
        out.extend(expected[last:f + 2])  # \sum _
        out.append(expected[f + 3])  # the right form's own index letter, unranged
        last = ranged[1]
    return out + expected[last:] if out else expected


def _words_as_the_form(sheet, form):
    """The sheet's tokens with a word-name (\\text{recall}) spelled as the form spells the same
    word (\\text{Recall}): the case of a written-out name is typography, not another name."""
    words = {t.norm.lower(): t for t in form if t.ident is None and t.norm.startswith("text:")}
    return [words.get(t.norm.lower(), t) if t.ident is None and t.norm.startswith("text:")
            else t for t in sheet]


# how clearly the words beside a cell must name a claim with a bare-named result
CELL_NAMED = 0.5


def reading_for(c: Candidate, claim, sheet_symbols: dict, layouts: tuple,
                mode: str | None = None, denied: tuple = (), cell: bool = False,
                names_mgf: bool = False, functions: tuple = ()) -> Reading | None:
    """The reading of the sheet's formula as candidate ``c``'s claim, or None if none fits.
    ``mode`` "label" reads the sheet's left side as a name for the claim's; ``denied`` holds
    the (name, property) pairs the sheet denies its symbols ("$Q$ is not symmetric");
    ``cell``: the formula is a table cell, whose own row or column words may name the claim;
    ``names_mgf``: the words call the formula the MGF (a label G or phi may name it);
    ``functions``: the values a notation list gives functions (function_values.py)."""
    entry = c.entry
    form_units = unit_texts(c.form_tokens)
    mapping = c.mapping if (mode or c.mode) == "label" else result_name(c)
    as_typed = _count_subscripts(_entries_as_matrix(indices_as_the_form(
        rename(_words_as_the_form(c.sheet_tokens, c.form_tokens), mapping, form_units),
        c.form_tokens), claim.declarations), claim.declarations)
    renamed = ranges_from_form(as_typed, tokenize(entry.reading), tokenize(claim.latex))
    if (mode or c.mode) == "label":
        reading_split = split_relation(tokenize(entry.reading))
        own = split_relation(renamed)
        if own is not None and reading_split is not None \
                and changes_arity(own[0], reading_split[0]):
            return None  # TV(u) is not the claim's TV(p, q): another function (call_arity.py)
        output = reading_split is not None and _bare_name(reading_split[0]) and (
            _names_output(own, reading_split, c.words, claim)
            # a table cell (no relation of its own) whose own row or column words name
            # the claim ("| F1 score | 2TP / (2TP + FP + FN) |") is the claim's right side:
            # the words stand for the bare name (F_1) the claim computes
            or (cell and own is None and c.near >= CELL_NAMED)
            # out = ..., params = ...: a name in words the claim's title says (word_names.py)
            or (own is not None and word_named(own[0], claim)))
        if reading_split is None or (_bare_name(reading_split[0]) and not output):
            # a label stands for what the claim computes (E[e^{tX}], KL(p || q)); a claim
            # whose left side is a bare name (x_{t-1}) gives a label nothing to stand for
            return None
        if own is not None and not output and not _label_fits(own, reading_split, names_mgf):
            return None
        rhs = own[2] if own else renamed
        rel = own[1] if own else reading_split[1]
        if entry.reading != entry.latex:  # carry the student's right side into the reading's
            recorded = split_relation(tokenize(entry.latex))
            if recorded is not None and own is not None and \
                    [t.norm for t in own[1]] == [t.norm for t in recorded[1]]:
                # the recorded version's own relation (an approximation the catalog reads
                # as an identity between two forms of one model) is read as it reads it
                rel = reading_split[1]
            if recorded is not None:
                carried = transfer(rebuild(recorded[2]), rebuild(reading_split[2]), rhs)
                rhs = carried if carried is not None else rhs
        latex = f"{rebuild(reading_split[0])} {rebuild(rel)} {rebuild(rhs)}"
    elif entry.reading != entry.latex:
        carried = transfer(entry.latex, entry.reading, as_typed)
        if carried is None:  # the form needs a reading the student's changes cannot carry
            return None
        latex = rebuild(ranges_from_form(carried, tokenize(entry.reading),
                                         tokenize(claim.latex)))
    else:
        # E[x_B | x_A] of vectors names the claim's mu_{B|A} (conditional_names.py)
        latex = rebuild(as_claims_name(renamed, claim, claim.declarations) or renamed)
    src = claim.sources[entry.source] if entry.source is not None else None
    try:
        base = claim.declarations_for(src) if src is not None else claim.declarations
        specs, narrowed = _narrow(base, sheet_symbols, c.mapping)
        decls = Declarations.from_mapping({**_computed_by_check(claim, latex, specs), **specs})
    except DeclarationError:
        return None
    if _sizes_contradict(base, sheet_symbols, c.mapping) or \
            values_contradict(base, functions, c) or \
            _square_contradicts(base, _added_to_identity(c.sheet_tokens), c.mapping):
        return None  # the sheet's own sizes say its symbols play other roles
    if _property_denied(base, denied, c.mapping):
        return None  # the claim's symmetric A is not the sheet's "general, not symmetric" Q
    if not _compatible(c, decls) and not same_after_renaming(c.sheet_tokens, c.form_tokens,
                                                             c.mapping):
        return None  # (a form the catalog records is read the catalog's way)
    # the layouts the sheet leaves open, the claim's own first
    layouts = tuple(sorted(layouts or ("numerator", "denominator"),
                           key=lambda lay: lay != claim.layout))
    assume = list(claim.assume) + (list(src.assume) if src is not None else [])
    own = (rebuild(c.sheet_tokens), tuple(sorted(sheet_symbols.items())))
    taken = [a for a, b in mapping.items() if a not in c.mapping and _base(a) != _base(b)]
    return Reading(latex, decls, layouts, assume, _names_back(c), narrowed, own,
                   ", ".join(taken))


def _computed_by_check(claim, latex: str, specs: dict) -> dict[str, str]:
    """Names the reading writes that the claim does not declare but its check computes itself
    (custom.computed_names): FN in a precision formula is the false negatives, read off the
    check's labels, not a letter of the claim's left undefined. (An undeclared name the check
    does not compute stays undefined, and the reading fails by scope as before.)"""
    from ..custom import computed_names

    known = computed_names(claim.check)
    if not known:
        return {}
    try:
        written = {t.ident for t in tokenize(latex) if t.ident is not None}
    except Exception:  # noqa: BLE001 - a reading the tokeniser trips on adds no name
        return {}
    # (a word name is written as text: \\text{FN}, which the tokeniser keeps as one piece)
    written |= set(re.findall(r"\\(?:text|mathrm)\s*\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}", latex))
    return {n: known[n] for n in written if n in known and n not in specs}

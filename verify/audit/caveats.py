"""Why a formula that fails a claim's check may still not be the sheet's error.

Each rule names something the sheet says or writes that the claim does not: an assumption
it states as a bound, independence or symmetry it leaves unsaid, a name an earlier formula
introduced, an operation the reading replaced, a convention the claim records as right, a
chain whose first name only names what follows, a law's parameters renamed where the sheet
names no law, a function the words introduce as the sheet's own ("For $f(x) = ...$"), a law's
parameters the sheet names as letters ("N(x | m, S) has mean m and covariance S"). The decider
asks these before it calls a formula wrong.
"""
from __future__ import annotations

import re

from cheatsheet.latex.font_switches import SWITCHES
from cheatsheet.match import Candidate, is_label, split_relation
from cheatsheet.match.align import same_after_renaming
from cheatsheet.match.tokens import tokenize
from cheatsheet.sheets.conventions import Conventions, says

from ..evidence import Evidence


def unstated_independence(claim, latex: str, words: str) -> str:
    """The variables a claim takes as independent when the sheet's formula and words do not
    say so ("independent", "indep.", "iid", \\perp): a formula right only for independent
    variables is not right as written."""
    if not claim.independent:
        return ""
    said = re.search(r"indep|i\.?i\.?d|\\perp|uncorrelated", f"{words} {latex}", re.I)
    return "" if said else ", ".join(claim.independent)


# words that introduce an assumption: "Linear class with |w| <= B and |x_i| <= R: ..."
# words that make the formula after them an assumption ("If $AB = BA$:", "Suppose ...")
ASSUMING = ("if", "when", "whenever", "suppose", "assume", "assuming", "provided", "given")
_PREMISE_WORDS = ASSUMING + ("with", "where", "and")
_BOUND = re.compile(r"^(.*?)(?:\\leq?|\\geq?|<|>)\s*([A-Za-z]|\\[A-Za-z]+)\s*$", re.S)
_LETTER_BOUNDED = re.compile(r"^(?:0\s*(?:<|\\leq?)\s*)?(?:[A-Za-z]|\\[A-Za-z]+)\s*(?:\\leq?(?![A-Za-z])|<)(.*)$",
                             re.S)


def premise_word(seg, latex: str) -> str:
    """The word introducing a bound on a lone letter (|w|_2 <= B after 'with', before ':')
    as an assumption; ''. Such a bound is a hypothesis of the formula after it."""
    m = _BOUND.match(latex.strip())
    if not m or re.search(r"\\le|\\ge|<|>|=", m.group(1)):
        # (or a lone letter bounded above: a step "with $\gamma \le 1/L$:")
        m = _LETTER_BOUNDED.match(latex.strip())
        if not m or re.search(r"\\le|\\ge|<|>|=", m.group(1)):
            return ""
    words = re.findall(r"[A-Za-z]+", seg.before.lower())
    after = seg.after.strip()
    if words and words[-1] in _PREMISE_WORDS and (after.startswith(("and", ",", ":"))
                                                  or after.endswith(":")):
        return words[-1]
    return ""


# "If $A$ and $B$ commute ($AB = BA$):", "When $AB = BA$, ...", "Suppose $x^T y = 0$. Then"
_ASSUMING = re.compile(r"\b(?:" + "|".join(ASSUMING) + r")\b[^.;:]*$", re.I)
_CONCLUDED = re.compile(r"\bthen\b", re.I)


def assumed(seg, line_words: str = "") -> str:
    """The word that makes a formula an assumption of what follows it ('if', 'when'), or ''.
    An equation between matrices that only some of them satisfy is no identity to refute.
    ``line_words``: the words before the other formulas of its line ("If $A$ and $B$")."""
    m = _ASSUMING.search(f"{line_words} {seg.before or ''}")
    if m and _CONCLUDED.search(m.group(0)):
        # "If W has orthogonal columns, then $W^+ = W^T$": the formula after "then" is what
        # the sentence concludes, not what it assumes (unless a new "if" follows the "then")
        m = _ASSUMING.search(_CONCLUDED.split(m.group(0))[-1])
    after = (seg.after or "").strip().lower()
    if m and re.match(r"[):,.]|then\b|the\b", after):
        return m.group(0).split()[0].lower()
    return ""


# words that say a formula beside them is not the rule: a mistake shown as such ("Wrong:",
# "a classic slip is", "the false"), or another method's form ("... instead of ...")
# ("false positive rate", "false alarms", "false discovery rate" name counts of a test, not
# a mistake of the sheet)
_MISTAKE = re.compile(r"\b(?:wrong|incorrect|mistaken|mistakes?|slips?|erroneous|"
                      r"false(?![\s-]+(?:positives?|negatives?|alarms?|discovery|discoveries|"
                      r"acceptances?|rejections?|omission)\b)|"
                      r"pitfalls?|misconceptions?|do not (?:write|use|confuse)|"
                      r"don'?t (?:write|use)|never write)\b", re.I)
_CONTRAST = re.compile(r"\b(?:instead of|rather than)\b", re.I)
# a question's format ("True / False", "true or false?", "T/F"): it names both answers and so
# says nothing about a formula under it; the line's own answer word ("False: ...") still does
_TRUE_OR_FALSE = re.compile(r"\b(?:true\s*(?:/|\\/|\bor\b|,|-+|\u2013|\u2014)\s*false|"
                            r"false\s*(?:/|\\/|\bor\b|,|-+|\u2013|\u2014)\s*true|T\s*/\s*F)\b",
                            re.I)


def not_the_rule(seg, line_words: str = "") -> str:
    """What the words beside a formula (its sentence, its list's lead-in, its section's
    title) say that makes it not the sheet's statement of a rule, as written; ''. A contrast
    counts in its own sentence only: a paragraph above may contrast something else."""
    own = " ".join(w for w in (line_words, seg.before) if w)
    said = " ".join(w for w in (own, seg.lead, seg.headings[-1].title if seg.headings else "")
                    if w)
    m = _MISTAKE.search(_TRUE_OR_FALSE.sub(" ", said)) or _CONTRAST.search(own)
    return m.group(0) if m else ""


# "N \sim \mathrm{Poisson}(2\lambda)": a law given to a name, its parameters as written
_LAW_GIVEN = re.compile(r"(?P<name>\\?[A-Za-z]+(?:\([a-z]\))?)\s*\\sim\s*(?P<law>(?:\\(?:text|mathrm|"
                        r"operatorname|mathcal)\s*\{\s*\w+\s*\}|\w+)\s*\((?P<args>.*?)\))")


def unread_law(latex: str, line_math: str) -> str:
    """A law the line gives one of the formula's names with parameters the check cannot read
    (Poisson(2 lambda), Bernoulli(1 - p)), as written; ''. The claim's check then draws that
    name from its own law, which may not be the sheet's."""
    from cheatsheet.sheets.conventions import _law_domain

    for m in _LAW_GIVEN.finditer(line_math):
        name = re.escape(m.group("name"))
        if re.search(rf"(?<![\\A-Za-z]){name}(?![A-Za-z])", latex) and \
                _law_domain(m.group("law")) is None:
            return m.group(0)
    return ""


# commands that do not name an operation: fonts, accents, spacing, delimiters' sizes
_NOT_OPERATIONS = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
                   "quad", "qquad", "text", "mathrm", "mathbf", "boldsymbol", "bm", "mathcal",
                   "mathbb", "operatorname", "mathit", "mathsf", "hat", "widehat", "bar",
                   "overline", "tilde", "widetilde", "dot", "vec", "dfrac", "tfrac", "frac",
                   "displaystyle", "limits", "top", "intercal", "textrm", "mathtt", "Pr",
                   "cdot", "times", "ldots", "cdots", "dots", "mid", "vert", "Vert", "lvert",
                   "rvert", "lVert", "rVert", "colon", "middle", "mathop", "prime", "equiv",
                   "mathfrak", "mathscr", "pmb", "symbf", "mathbfit", "bold", "ddot", "check",
                   "breve", "underline", "mbox", "textbf", "textit", "scriptstyle", "star", "ast"} \
    | {switch.lstrip("\\") for switch in SWITCHES}  # {\rm T}: a font (latex/font_switches)
# one operation, two spellings
_SAME_OPERATION = {"ln": "log", "leq": "le", "geq": "ge", "ne": "neq", "leqslant": "le",
                   "geqslant": "ge", "to": "rightarrow", "lbrace": "{", "rbrace": "}",
                   # (an implication read one way or both is the claim's logic, not a typo)
                   "iff": "implies", "Leftrightarrow": "implies", "Rightarrow": "implies",
                   "Longrightarrow": "implies", "Longleftrightarrow": "implies", "land": "wedge",
                   "lor": "vee", "lnot": "neg"}


def operator_swapped(written: str, read: str, recorded: tuple[str, str] = ("", "")) -> str:
    """An operation the sheet writes (``\\triangle``, ``\\otimes``) that its reading for a
    claim no longer has, as written; ''. Names are renamed by a reading, operations never.
    ``recorded``: the version of the claim it was read through and that version's own
    reading; an operation that reading drops too (a derivation row's partial) is the
    catalog's way of reading it, not a swap."""
    from cheatsheet.latex.names import command_name

    def operations(latex: str) -> set[str]:
        return {_SAME_OPERATION.get(c, c) for c in re.findall(r"\\([A-Za-z]+)", latex)
                if c not in _NOT_OPERATIONS and command_name("\\" + c) is None}
    gone = operations(written) - operations(read)
    if recorded[0] != recorded[1]:
        gone -= operations(recorded[0]) - operations(recorded[1])
    return f"\\{sorted(gone)[0]}" if gone else ""


def introduced_before(ev: Evidence, conv: Conventions) -> str:
    """The name a scope refutation finds undefined, when an earlier formula of the section
    writes it; ''."""
    why = (ev.counterexample or {}).get("why") or "" if ev.method == "scope" else ""
    m = re.match(r"(\S+) is not defined here", why)
    return m.group(1) if m and m.group(1) in conv.seen else ""


def named_chain(latex: str) -> str | None:
    """The rest of a chain whose first member only names it (``S(t) = P(X > t) = ...``
    -> ``P(X > t) = ...``), else None."""
    toks = tokenize(latex)
    first = split_relation(toks)
    if first is None or first[1][0].norm != "=" or not is_label(first[0]) \
            or split_relation(first[2]) is None:
        return None
    if first[0][0].ident in ("P", "E") or any(t.raw in ("|", r"\mid") for t in first[0]):
        return None  # P(Y | X) = ... = ...: a probability, read as written
    depth = 0
    for k, ch in enumerate(latex):
        depth += ch in "{([" and not latex[max(0, k - 1)] == "\\"
        depth -= ch in "})]" and not latex[max(0, k - 1)] == "\\"
        if ch == "=" and depth == 0:
            return latex[k + 1:].strip() or None
    return None


def other_convention(c: Candidate, claim) -> str:
    """What makes the formula right when it is, letter for letter, a form the claim records
    as right under another convention (the 1/N covariance); ''. Where the formula's left
    side only names the claim's ("label" mode: L(t, s) = ... for the claim's loss), its right
    side is compared with the convention's."""
    mine = split_relation(c.sheet_tokens) if c.mode == "label" else None
    for other in claim.conventions:
        theirs = tokenize(other["latex"])
        if same_after_renaming(c.sheet_tokens, theirs, c.mapping):
            return other["when"]
        split = split_relation(theirs) if mine is not None else None
        if split is not None and mine[1][0].norm == split[1][0].norm \
                and same_after_renaming(mine[2], split[2], c.mapping):
            return other["when"]
    return ""


def parameters_renamed(c: Candidate) -> bool:
    """Does the match rename a parameter (a to p), not just the random variable (Y to X)?
    In the claim's own letters (np(1 - p), alpha / (alpha + beta)) the formula says which
    law it is about; renamed, it could be any law's."""
    return any(k != v and not (k[:1].isupper() and v[:1].isupper())
               for k, v in c.mapping.items())


def of_a_random_variable(toks) -> bool:
    """Is the formula's left side a quantity of a random variable (E[X], Var(X), M_X(t),
    P(X = k), f(x))? Any law has one, so only the sheet's words can say which law it is."""
    split = split_relation(toks)
    if split is None:
        return False
    lhs = [t for t in split[0] if t.norm or t.ident is not None]
    head = lhs[0] if lhs else None
    return head is not None and (head.norm in ("E", "Var", "Cov") or (
        head.ident in ("M", "P", "p", "f", "F", "\\phi", "psi") and len(lhs) > 1
        and lhs[1].norm in ("(", "_")))


_SYMMETRIC_KINDS = ("symmetric", "pd", "psd")
# words that say a matrix is symmetric (or definite, or a covariance: symmetric too)
_SAID_SYMMETRIC = re.compile(r"symmetric|positive[- ]?(semi-?)?definite|p\.?s\.?d|\bspd\b|"
                             r"covariance|\\succ|precision", re.I)
_GRAM = re.compile(r"gram\b", re.I)  # A^T A, a Gram matrix: symmetric whatever A is


def unstated_symmetry(claim, reading, words: str) -> str:
    """The sheet's name of a matrix the formula differentiates by, when only the claim says
    it is symmetric: d det X / dX = det(X) X^{-1} holds for a symmetric X only, and a matrix
    one differentiates by has free entries unless the sheet says otherwise."""
    from cheatsheet.verify.parsing import parse_cached
    from .generic import _differentiated

    kinds = {d.name: d.spec.split("(")[0] for d in reading.decls}
    if not any(k in _SYMMETRIC_KINDS for k in kinds.values()):
        return ""
    if _SAID_SYMMETRIC.search(words):
        return ""
    try:
        stmt = parse_cached(reading.latex, {d.name: d.spec for d in reading.decls},
                            layout=reading.layouts[0])
    except Exception:  # noqa: BLE001 - unread, nothing to say
        return ""
    names = [n for n in sorted(_differentiated(stmt))
             if kinds.get(n) in _SYMMETRIC_KINDS and n not in reading.narrowed]
    return ", ".join(re.sub(r"\\(?:mathbf|boldsymbol|bm)\{(\w+)\}", r"\1",
                            reading.names_back.get(n, n)) for n in names)


def declared_general(c: Candidate, claim, conv: Conventions, words: str = "") -> str:
    """The sheet's name of a matrix the sheet declares with free entries (``P \\in
    \\mathbb{R}^{d \\times d}``, "P is not symmetric") where the claim assumes the letter it
    stands for symmetric or definite: 2Px is the gradient of x^T P x only for a symmetric P, so
    the claim's "holds" says nothing of the sheet's P."""
    if says(_SAID_SYMMETRIC, words) or says(_GRAM, words):  # "For symmetric A = ...": said
        return ""
    mapping = dict(c.mapping)
    for name, spec in (conv.symbols or {}).items():
        if not isinstance(spec, str) or not spec.startswith(("square(", "matrix(")):
            continue
        theirs = claim.declarations.get(mapping.get(name, name))
        if theirs is not None and theirs.spec.split("(")[0] in _SYMMETRIC_KINDS:
            return name
    return ""


def renamed_onto_own(c: Candidate, conv: Conventions) -> str:
    """A claim's name the correspondence gives one of the sheet's letters while the sheet
    writes that very name itself beside the formula ('eta = 1/beta' on the line, alpha read as
    the claim's eta): the correspondence is not the sheet's; ''."""
    # (relations only: a bare name beside it, "for a fixed $G$", defines nothing)
    beside = " ".join((conv.line_math if re.search(r"=|<|>|\\le|\\ge", conv.line_math)
                       else "", *conv.conditions))
    if not beside.strip():
        return ""
    try:
        own = {t.ident for t in tokenize(beside) if t.ident}
    except Exception:  # noqa: BLE001 - words the tokeniser trips on say nothing here
        return ""
    # (l = log sigma^2 beside a formula in l relates the two: reading l as sigma may stand)
    return next((t for s, t in c.mapping.items() if s != t and t in own and s not in own), "")


_LAW_OR_TYPE = re.compile(r"\\sim|\\in\s*\\mathbb|\\mathcal\s*\{?\s*N\b|\\mathbb\s*\{?\s*R")
_EXPRESSION = re.compile(r"=|\\\{|\\frac|\\dfrac|\\\||\^|\\sum|\\prod|\\dots|\\ldots")
# "(i.i.d. sample $u_1, \\dots, u_n$)": an enumeration names a sample, it sets no convention
_NAMED = r"[\\A-Za-z][\\\w{}]*"  # (a .tex heading's text may have lost the _ of u_1)
_ENUMERATION = re.compile(rf"^\s*{_NAMED}\s*,\s*(?:{_NAMED}\s*,\s*)*\\[lc]?dots\s*,\s*{_NAMED}\s*$")
# "(Receptive field of $x_i^l$)": one name with letter indices names the section's subject
_ONE_NAME = re.compile(r"^\s*(?:\\math\w+\s*\{\s*)?\\?[A-Za-z]+\s*\}?"
                       r"(?:\s*[_^]\s*(?:\{\s*(?!T\s*\})[A-Za-z](?:\s*,?\s*[A-Za-z])*\s*\}|(?!T)[A-Za-z]))*\s*$")


def heading_defines(formula, imposed=None, own=None) -> str:
    """The formula's symbols that the nearest heading writes in an expression of its own
    ("## Ridge with the penalty $\\frac{\\lambda}{2}\\|w\\|^2$", "## Uniform on $\\{a, ...,
    b - 1\\}$", "## total padding $P = P_s + P_e$"), or '': the section states its own
    convention for them, which the claim may not share. A law or a type in the heading
    ($X \\sim \\mathcal{N}(\\mu, \\sigma^2)$, $x \\in \\mathbb{R}^n$) sets no convention, nor
    one that ``imposed(math)`` says the check was run under and refuted the formula in
    (labels $y_i \\in \\{-1, 1\\}$ drawn from that set only: special_cases.py), nor a
    relation ``own(math)`` says the claim itself states or assumes (own_setting.py)."""
    heads = formula.segment.headings
    if not heads:
        return ""
    try:
        mine = {t.ident for t in tokenize(formula.latex) if t.ident}
    except Exception:  # noqa: BLE001 - a formula the tokeniser trips on shares nothing
        return ""
    shared = set()
    for math in re.findall(r"\$([^$]+)\$", heads[-1].title):
        if _LAW_OR_TYPE.search(math) or not _EXPRESSION.search(math) \
                or _ENUMERATION.match(math) or _ONE_NAME.match(math) \
                or (imposed is not None and imposed(math)) or (own is not None and own(math)):
            continue
        try:
            shared |= {t.ident for t in tokenize(math) if t.ident} & mine
        except Exception:  # noqa: BLE001
            continue
    return ", ".join(sorted(shared))


# the words that name an operation a formula writes: a sheet that says "ceil_mode" or
# "rounded up" beside a ceiling means it (an operation word, in any of its spellings)
_OPERATION_WORDS = {
    "lceil": r"\bceil|rounded? up|round(?:ing)? up",
    "lfloor": r"\bfloor|rounded? down|round(?:ing)? down",
    "max": r"\bmax(?:imum)?\b", "min": r"\bmin(?:imum)?\b",
    "sqrt": r"\b(?:square )?root\b", "log": r"\blog(?:arithm)?\b", "exp": r"\bexp(?:onential)?\b",
}


def operation_named(written: str, right: str, words: str) -> str:
    """An operation the formula writes where the claim's right form has none, and which the
    words beside it name ("with ceil_mode=True: H = ceil(...) + 1"): the sheet states that
    variant on purpose; the words, or ''."""
    def ops(latex: str) -> set[str]:
        return set(re.findall(r"\\([A-Za-z]+)", latex))
    for op in sorted(ops(written) - ops(right)):
        pattern = _OPERATION_WORDS.get(op)
        found = re.search(pattern, words, re.I) if pattern else None
        if found:
            return found.group(0)
    return ""


# words that make the formula right after them a definition: "For $f(x) = ...$ with ...",
# "Let $g(x) = ...$", "We define $R(w) := ...$"
_DEFINING = re.compile(r"\b(?:for|let|define|defining|consider|denote|set|write)\s*[:,]?\s*$",
                       re.I)
# name(variables) = ...: a function of its own variables (f(x), R_n(w), \phi(x, y))
_OWN_FUNCTION = re.compile(r"^\s*(\\?[A-Za-z]+(?:_\{?[^{}()=]*\}?)?)\s*\(([^()=]+)\)\s*"
                           r"(?:=|:=|\\coloneqq|\\triangleq|\\equiv)(.+)$", re.S)


def defines_own_function(formula, c: Candidate) -> str:
    """The sheet's name of a function the formula defines, where words introduce it as a
    definition ("For $f(x) = \\frac12 x^T Q x$ with Q positive definite") and the match reads
    that name as another of the claim's quantities (f as kappa); ''. The sheet then says what
    its own f is, nothing about the claim's quantity. (A definition that keeps the claim's
    name, Let sigma(z) = ..., is the claim's and may be its typo.)"""
    if not _DEFINING.search(formula.segment.before or "") or re.match(
            r"\W*(?:to\s+)?(?:be|is|as|denotes?)\b", formula.segment.after or "", re.I):
        return ""  # ("Let $f(x) = ...$ be the sigmoid" says which function it means)
    m = _OWN_FUNCTION.match(formula.latex)
    if not m:
        return ""
    try:
        head = [t for t in tokenize(m.group(1)) if t.ident]
        args = {t.ident for t in tokenize(m.group(2)) if t.ident}
        body = {t.ident for t in tokenize(m.group(3)) if t.ident}
    except Exception:  # noqa: BLE001 - a formula the tokeniser trips on defines nothing here
        return ""
    if len(head) != 1 or not args or not args <= body:
        return ""
    name = head[0].ident
    return "" if c.mapping.get(name) == name else head[0].raw.strip() or name


# a law's call on a right side: \mathcal{N}(x | m, S), \operatorname{Gamma}(a, b), Beta(a, b)
_LAW_CALL = re.compile(r"(?:\\mathcal\s*\{\s*[A-Z]\s*\}|\\(?:text|mathrm|operatorname)\s*"
                       r"\{\s*[A-Z][A-Za-z]*\s*\}|(?<![\\A-Za-z])[A-Z][a-z]+)\s*(?:\\left)?\s*\(")
# the quantities words may name a law's parameters by
_ROLE = (r"(?i:mean|expectation|covariance|variance|precision|rate|scale|shape|location|"
         r"standard deviation|concentration|probability|mode)")


def _law_parameters(latex: str) -> list[str]:
    """The parameters of the law called on the formula's last right side, as written (those
    after its conditioning bar, if it has one)."""
    from cheatsheet.sheets.brackets import past_closing

    rhs = re.split(r"(?<![:\\])=|\\sim", latex)[-1]
    m = _LAW_CALL.search(rhs)
    if not m:
        return []
    end = past_closing(rhs, m.end())
    if end is None:
        return []
    inside = re.sub(r"\\right\s*$", "", rhs[m.end():end - 1])
    inside = re.split(r"\\mid|\|", inside)[-1]
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(inside):
        depth += ch in "({[" and inside[k - 1:k] != "\\"
        depth -= ch in ")}]" and inside[k - 1:k] != "\\"
        if ch == "," and depth == 0:
            parts.append(inside[start:k])
            start = k + 1
    return [p.strip() for p in parts + [inside[start:]]]


def parameters_named(formula, c: Candidate) -> str:
    """The law's parameters the formula gives bare letters the words after it name ("$p(x
    \\mid y) = \\mathcal{N}(x \\mid m, S)$ has mean m and covariance S"), where the match
    reads those letters as other quantities of the claim (the marginal's mean and block);
    ''. Such a formula names the law's parameters; it says nothing about their values."""
    params = _law_parameters(formula.latex)
    letters = []
    for p in params:
        try:
            toks = [t for t in tokenize(p) if t.norm or t.ident is not None]
        except Exception:  # noqa: BLE001
            return ""
        if len(toks) != 1 or toks[0].ident is None or "_" in toks[0].ident:
            return ""  # an expression, or a subscripted block's name: no name of its own
        letters.append((toks[0].ident, p))
    renamed = [(n, p) for n, p in letters if c.mapping.get(n, n) != n]
    if not renamed:
        return ""
    said = re.split(r"[.;!?](?:\s|$)", formula.segment.after or "", maxsplit=1)[0]
    plain = re.sub(r"\\(?:mathbf|boldsymbol|bm)\s*\{(\\?\w+)\}", r"\1", said).replace("$", "")

    def named(written: str) -> bool:
        bare = re.sub(r"\\(?:mathbf|boldsymbol|bm)\s*\{(\\?\w+)\}", r"\1", written)
        return bool(re.search(rf"\b{_ROLE}s?\s+{re.escape(bare)}(?![A-Za-z])", plain))

    if all(named(p) for _, p in renamed):
        return ", ".join(p for _, p in renamed)
    # "... = N(x | m, S) has mean $m$ and ...", "... has" above $S = ...$, $m = ...$: the
    # sentence goes on into the math that says what the parameters are
    if re.fullmatch(rf"\W*(?:which\s+|that\s+)?(?:has|have|with|whose|where|given\s+by)"
                    rf"(?:\s+(?:an?\s+|its\s+)?{_ROLE})?\s*:?\s*", said, re.I):
        return ", ".join(p for _, p in renamed)
    return ""

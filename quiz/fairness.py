"""Whether a quiz option is fair and worth asking (issue 13, part 3).

A distractor the checker refutes is *wrong*, but not every wrong form makes a fair question.
Each rule here is a mechanism over the LaTeX, the checker's evidence and the claim's
declarations (never a list of claims); ``questions.Bank`` applies them when it builds a
question, and ``scripts/quiz_fairness.py`` counts what each one removes.

=================  ==============================================================================
``size_clash``     refuted only because its sizes do not fit (or it names something undefined):
                   ``W^{-1}`` of a non-square W, the inverse of a vector, ``A B`` for ``A B^T``.
                   Types alone decide it; a gap whose options all clash is forced by types.
``other_layout``   a derivative that holds in the other matrix-calculus layout: a student who
                   learnt that layout is right, so it is never offered as a typo.
``refit``          equivalent up to free coefficients: with its free coefficients (real values
                   the formula only names on its right side) re-fitted by least squares on
                   sampled points, it agrees with the canonical form (``ax - b`` for ``ax + b``).
``left_side``      an automatic change of a left side: the formula is then about something else.
``degenerate``     a term that cancels itself (``\\beta(\\theta_{t-1} - \\theta_{t-1})``), a sum
                   up to a negated bound (``\\sum_{j=1}^{-J}``, empty).
``same_text``      renders like the right answer or like another option.
``copied``         a gap whose answer stands beside it in the formula (``\\sum_{t=-12}^{▢}`` next
                   to ``\\sum_{t=-12}^{12}``, ``(1 ▢ \\lambda)`` next to ``(1 - \\lambda)``).
``title``          the title states what the option changes (``-log 4`` against ``-\\log 2``):
                   the expression is cut from the title (``redact_title``), or the question
                   dropped when little of the title would remain.
=================  ==============================================================================
"""
from __future__ import annotations

import re

from .render import _group_end, group_start, to_unicode

RULES = ("size_clash", "other_layout", "refit", "left_side", "degenerate", "same_text",
         "copied", "title")
WHY = {
    "size_clash": "refuted only because its sizes clash",
    "other_layout": "holds in the other layout",
    "refit": "equivalent once its free coefficients are re-fitted",
    "left_side": "changes the left side",
    "degenerate": "a term that cancels itself",
    "same_text": "renders like another option",
    "copied": "the answer is copied from a neighbouring term",
    "title": "the title gives the answer away",
}

# -- evidence ---------------------------------------------------------------------------------


def size_clash(ev) -> bool:
    """Refuted as not well-formed (sizes, undefined names) rather than by its values."""
    return (ev is not None and ev.verdict == "refuted" and ev.method in ("shapes", "scope")
            and (ev.counterexample or {}).get("relation") == "(not well-formed)")


def has_derivative(latex: str) -> bool:
    from .legend import _DERIVATIVE

    return bool(_DERIVATIVE.search(latex))


def other_layout(layout: str) -> str:
    return "numerator" if layout == "denominator" else "denominator"


def holds_in_other_layout(decide_other) -> bool:
    """``decide_other()`` is the checker's evidence in the other layout."""
    ev = decide_other()
    return ev is not None and ev.holds


# -- LaTeX structure --------------------------------------------------------------------------

_OPEN, _CLOSE = "{([", "})]"
_RELATIONS = re.compile(r"\\(?:leq?|geq?|neq|approx|succeq|preceq|sim|propto|equiv)(?![A-Za-z])"
                        r"|:=|=:|<=|>=|[=<>]")
_CLAUSE = re.compile(r"\\(?:quad|qquad|implies|iff|Rightarrow|Longrightarrow)(?![A-Za-z])|[,;]"
                     r"|\\text\{\s*(?:and|for|if|with|where)\s*\}")


def _depths(s: str) -> list[int]:
    """Bracket depth at each character (``\\{``, ``\\left(`` count; ``\\}`` closes)."""
    out, d, i = [], 0, 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] in "{}":
            d += 1 if s[i + 1] == "{" else 0
            out += [d, d]
            d -= 1 if s[i + 1] == "}" else 0
            i += 2
            continue
        if ch in _OPEN:
            d += 1
            out.append(d)
        elif ch in _CLOSE:
            out.append(d)
            d = max(0, d - 1)
        else:
            out.append(d)
        i += 1
    return out


def left_sides(latex: str) -> list[tuple[int, int]]:
    """The spans of the left sides that name what an equation is about: in each top-level
    clause (split at ``,``, ``\\quad``, ``\\implies``...), the text before its first
    top-level relation when that is an equality whose right side is not a constant.  The
    two sides of an inequality are both its content, and so is the left side of
    ``\\sum_j a_j = 1`` or ``\\sum 1/t^2 < \\infty``."""
    depth = _depths(latex)
    top = lambda m: depth[m.start()] == 0  # noqa: E731
    cuts = [0] + [m.end() for m in _CLAUSE.finditer(latex) if top(m)] + [len(latex)]
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        rels = [m for m in _RELATIONS.finditer(latex, a, b) if top(m)]
        if not rels or not latex[a:rels[0].start()].strip():
            continue
        if rels[0].group(0) not in ("=", ":=", "=:", "\\equiv"):
            continue
        right = latex[rels[0].end():rels[1].start() if len(rels) > 1 else b]
        if _constant(right):
            continue
        spans.append((a, rels[0].start()))
    return spans


def _constant(latex: str) -> bool:
    """A side with no symbol in it: ``0``, ``1``, ``\\infty``, ``-\\log 4``."""
    names = [t for t in latex_tokens(latex) if re.fullmatch(r"[A-Za-z]+", t)]
    return all(t in ("infty", "log", "exp", "ln", "sqrt", "pi") for t in names)


def on_left_side(latex: str, start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in left_sides(latex))


def _norm(s: str) -> str:
    """Spaces dropped, one-character script groups unbraced (``^{2}`` -> ``^2``)."""
    s = re.sub(r"\s+", "", s)
    return re.sub(r"([\^_])\{(\\?[A-Za-z0-9])\}", r"\1\2", s)


def _left_atom(s: str, i: int) -> str:
    """The atom ending just before ``s[i]`` (spaces skipped): a group with the script mark
    and base it belongs to, a command, a run of digits or one character."""
    j = i
    while j > 0 and s[j - 1] == " ":
        j -= 1
    if j == 0:
        return ""
    if s[j - 1] == "}":
        k = group_start(s, j - 1)
        if k > 0 and s[k - 1] in "^_":
            return _left_atom(s, k - 1) + s[k - 1:j]
        m = re.search(r"\\[A-Za-z]+$", s[:k])
        return (m.group(0) if m else "") + s[k:j]
    m = re.search(r"\\[A-Za-z]+$|\d+$", s[:j])
    return m.group(0) if m else s[j - 1]


def _right_atom(s: str, i: int) -> str:
    j = i
    while j < len(s) and s[j] == " ":
        j += 1
    if j >= len(s):
        return ""
    end = _group_end(s, j)
    return s[j:end]


def copied(latex: str, start: int, end: int) -> bool:
    """Whether the part at ``latex[start:end]`` can be copied from elsewhere in the formula:
    a script together with its base (``\\sum_{t=-12}^{12}``, ``\\|^2``), any other part
    together with its neighbours on both sides (``1 - \\lambda``), occurs again outside it."""
    orig = latex[start:end]
    if not orig.strip():
        return False
    left = _left_atom(latex, start)
    if orig.strip()[0] in "^_":
        key = _norm(left + orig)
    else:
        right = _right_atom(latex, end)
        if not left or not right:
            return False
        key = _norm(left + orig + right)
    if len(key) < 2:
        return False
    full = _norm(latex)
    here = len(_norm(latex[:start]))
    lo, hi = here - len(_norm(left)), here + len(_norm(orig))
    for m in re.finditer(re.escape(key), full):
        if m.end() <= lo or m.start() >= hi:
            return True
    return False


_EMPTY_RANGE = re.compile(r"\\(?:sum|prod)_(?:\{[^{}]*\}|\w)\^\{?-")

_ATOM = (r"(?:\\[A-Za-z]+(?:\{[^{}]*\})?|[A-Za-z])"
         r"(?:[_^](?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))*")
_SELF_CANCEL = re.compile(r"(?<![\w}^_\\])(" + _ATOM + r")-\1(?![\w{^_(\[])")


def degenerate(canonical: str, variant: str) -> bool:
    """A variant in which a term cancels itself (``x - x``), or a sum or product runs up to a
    negated bound (``\\sum_{j=1}^{-J}``: empty), where the canonical form has none."""
    def count(s):
        s = _norm(s)
        return len(_SELF_CANCEL.findall(s)) + len(_EMPTY_RANGE.findall(s))
    return count(variant) > count(canonical)


def same_text(a: str, b: str) -> bool:
    """Two formulas that render identically (spaces aside)."""
    def flat(s):
        return re.sub(r"\s+", "", to_unicode(s))
    return a == b or flat(a) == flat(b)


# -- titles -----------------------------------------------------------------------------------

_FORMAT = {"mathbf", "mathrm", "mathit", "mathsf", "mathcal", "boldsymbol", "bm", "text",
           "operatorname", "left", "right", "displaystyle", "big", "Big", "bigl", "bigr",
           "frac", "dfrac", "tfrac", "limits", "mathbb"}
_OPS = {"le": "<=", "leq": "<=", "ge": ">=", "geq": ">=", "neq": "!=", "top": "T",
        "intercal": "T", "cdot": "*", "times": "*", "ln": "log", "parallel": "||"}
_WORDS = {"alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "kappa", "lambda",
          "mu", "nu", "pi", "rho", "sigma", "tau", "phi", "psi", "omega", "xi", "zeta",
          "log", "exp", "sqrt", "det", "tr", "max", "min", "sum", "prod", "sign", "ln"}


def latex_tokens(latex: str) -> list[str]:
    """A LaTeX formula as math tokens comparable with a title's: names, numbers, operators
    (``\\frac{L}{\\mu}`` -> ``L mu``; ``w^\\top`` -> ``w ^ T``)."""
    out = []
    for m in re.finditer(r"\\([A-Za-z]+)|(\d+(?:\.\d+)?)|([A-Za-z])|(<=|>=|[-+=<>^*/|])", latex):
        cmd, num, letter, op = m.groups()
        if cmd:
            if cmd in _FORMAT:
                continue
            out.append(_OPS.get(cmd, cmd))
        elif num:
            out.append(num)
        elif letter:
            out.append(letter)
        elif op != "/":
            out.append(op)
    return [t for t in out if t not in ("|",)]


# words after which a title states a value ("divides ... by r", "is -log 4")
_VALUE_WORDS = {"by", "is", "are", "equals", "equal", "over", "to", "at", "than", "like",
                "be", "below", "above", "gives", "give"}


def _title_runs(title: str) -> list[tuple[int, int, list[str], str]]:
    """The maximal runs of math in a title, as (start, end, tokens, the word before):
    numbers, operators, single letters (not the article "a"), Greek names and math words,
    and anything glued to an operator (``-log``, ``w^T``).  A bracket the run does not open
    or close stays out of it ("(rate lambda)" -> "lambda")."""
    runs, cur, before = [], None, ""
    for k, m in enumerate(re.finditer(r"\S+", title)):
        word = m.group(0).rstrip(".,;:")
        first = k == 0 or title[:m.start()].rstrip().endswith(":")
        toks = None if first and word == "A" else _word_tokens(word)
        if toks is None:
            if cur:
                runs.append(cur)
            cur, before = None, word.lower()
            continue
        if cur is None:
            cur = [m.start(), m.start() + len(word), [], before]
        cur[1] = m.start() + len(word)
        cur[2] += toks
    if cur:
        runs.append(cur)
    out = []
    for a, b, toks, word in runs:
        text = title[a:b]
        while text.startswith("(") and text.count("(") > text.count(")"):
            text, a = text[1:], a + 1
        while text.endswith(")") and text.count(")") > text.count("("):
            text, b = text[:-1], b - 1
        if toks:
            out.append((a, b, toks, word))
    return out


def _word_tokens(word: str) -> list[str] | None:
    """A title word's math tokens, or None when it is a word of prose."""
    glued = bool(re.search(r"[-+=<>^_*/()|\d]", word))
    bare = word.strip("()")
    if not glued and not (bare.lower() in _WORDS or (len(bare) == 1 and bare.isalpha()
                                                     and bare != "a")
                          or re.fullmatch(r"\d+(\.\d+)?", bare)):
        return None
    if glued and re.fullmatch(r"\(?[A-Za-z0-9]+-[A-Za-z]{3,}\)?", word):  # L2-regularised
        return None
    toks = []
    for m in re.finditer(r"(\d+(?:\.\d+)?)|([A-Za-z]+)|(<=|>=|[-+=<>^*])", word):
        num, name, op = m.groups()
        if name:
            if name.lower() in _WORDS or len(name) <= 2 or name.isupper():
                toks.append(_OPS.get(name, name))
            else:  # a word glued to math (f(x)-like calls of long names): its letters
                return None if not toks and not num else toks
        else:
            toks.append(num or op)
    return toks


def _contains(seq: list[str], sub: list[str]) -> bool:
    n = len(sub)
    return any(seq[i:i + n] == sub for i in range(len(seq) - n + 1))


def title_gives_away(title: str, canonical: str, variant: str) -> list[tuple[int, int]]:
    """The spans of the title that tell ``canonical`` from ``variant``: a math run of the
    title one of whose pieces (two tokens or more, or a number) occurs in one form and not
    in the other, or a run stating a value ("by r", "is x") that is exactly the group of
    either form the change is in (``by r`` against ``V/\\sqrt{r}`` for ``V/r``)."""
    a, b = latex_tokens(canonical), latex_tokens(variant)
    if a == b:
        return []
    units = _changed_groups(canonical, variant)
    spans = []
    for start, end, toks, before in _title_runs(title):
        pieces = [toks[i:j] for i in range(len(toks)) for j in range(i + 2, len(toks) + 1)]
        pieces += [[t] for t in toks if re.fullmatch(r"\d+(\.\d+)?", t)]
        if (any(_contains(a, p) != _contains(b, p) for p in pieces)
                or (before in _VALUE_WORDS and any(toks == u for u in units))):
            spans.append((start, end))
    return spans


def _changed_groups(canonical: str, variant: str) -> list[list[str]]:
    """The tokens of the innermost brace group of each form that holds the change."""
    i = 0
    while i < min(len(canonical), len(variant)) and canonical[i] == variant[i]:
        i += 1
    j = 0
    while (j < min(len(canonical), len(variant)) - i
           and canonical[-1 - j] == variant[-1 - j]):
        j += 1
    out = []
    for s, end in ((canonical, len(canonical) - j), (variant, len(variant) - j)):
        depth = _depths(s)
        if i >= len(s):
            continue
        d = min(depth[i:max(end, i + 1)] or [0])
        a, b = i, max(end, i)
        while a > 0 and not (s[a - 1] in "{" and depth[a - 1] <= d):
            a -= 1
        while b < len(s) and not (s[b] in "}" and depth[b] <= d):
            b += 1
        if d > 0:
            toks = latex_tokens(s[a:b])
            if toks:
                out.append(toks)
    return out


def redact_title(title: str, spans) -> str | None:
    """The title with the given spans cut to "…", or None when less than half of its words
    would remain (the question is then not asked)."""
    if not spans:
        return title
    out, last = [], 0
    for a, b in sorted(spans):
        out.append(title[last:a] + "…")
        last = b
    out.append(title[last:])
    new = re.sub(r"(…\s*)+…", "…", "".join(out))
    words = lambda s: len(re.findall(r"[A-Za-z]{2,}", s))  # noqa: E731
    return new if words(new) * 2 >= words(title) and words(new) >= 2 else None


# -- one option -------------------------------------------------------------------------------

def judge(claim, latex: str, ev, *, site=None, decls=None, layout=None,
          others=(), title: str | None = None, rules=RULES, gap: bool = False,
          decide_in=None) -> str | None:
    """The first rule (of ``rules``) that removes a refuted option ``latex`` of ``claim``,
    or None when it is a fair distractor.  ``site`` is the mutation site of an automatic
    mutation (None for a sheet version or a ``wrong`` variant, which are real mistakes:
    the rules about automatic changes do not apply to them); ``decls`` and ``layout`` the
    reading it was decided with; ``others`` the formulas already shown beside it; ``gap``
    whether it fills a gap at ``site`` (``copied`` is about gaps: a typo beside an intact
    twin of its part is a fair "holds or typo?"); ``decide_in(layout)`` the checker's
    evidence for it in another layout, on the instances it was refuted on (the same key:
    another sample could miss a rare counterexample and look like a layout question).
    Without it, an automatic mutation's key is used."""
    from . import mutate

    decls = decls if decls is not None else claim.declarations
    layout = layout or claim.layout
    for rule in rules:
        if rule == "same_text":
            hit = any(same_text(latex, o) for o in (claim.latex, *others))
        elif rule == "left_side":
            hit = site is not None and on_left_side(claim.latex, site.start,
                                                    max(site.end, site.start + 1))
        elif rule == "degenerate":
            hit = site is not None and degenerate(claim.latex, latex)
        elif rule == "size_clash":
            hit = site is not None and size_clash(ev)
        elif rule == "copied":
            hit = gap and site is not None and copied(claim.latex, site.start, site.end)
        elif rule == "title":
            hit = bool(title) and redact_title(
                title, title_gives_away(title, claim.latex, latex)) is None
        elif rule == "other_layout":
            other = other_layout(layout)
            hit = has_derivative(latex) and holds_in_other_layout(
                (lambda: decide_in(other)) if decide_in is not None
                else (lambda: mutate.decide(claim, latex, decls=decls, layout=other)))
        elif rule == "refit":
            from .refit import equivalent_after_refit

            hit = equivalent_after_refit(claim, latex, decls, layout)
        else:
            raise ValueError(f"unknown rule {rule!r}")
        if hit:
            return rule
    return None


CHEAP_RULES = ("same_text", "title")  # the rules that need no checker (the first question)


def may_refit(claim) -> bool:
    """Whether the refit rule might apply, judged from the tokens alone (no SymPy): a left
    side and a right side share a declared name, and the right side names a free
    coefficient the left side does not."""
    names = {d.name: d for d in claim.declarations}
    for a, b in left_sides(claim.latex):
        lhs = set(latex_tokens(claim.latex[a:b]))
        rhs = set(latex_tokens(claim.latex[b:]))
        if (lhs & rhs & set(names)) and any(n in names and names[n].domain in
                                            ("real", "vector", "matrix") for n in rhs - lhs):
            return True
    return False

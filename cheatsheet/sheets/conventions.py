"""What a sheet announces, and where it holds: conventions and the symbols it introduces.

An announcement holds from where it is made to the end of its section; the section is the
nearest heading above it (or the heading that names it: a "Denominator Convention" heading
announces that layout for its own section). Where announcements nest, the innermost wins.

Conventions: the matrix-calculus layout ("we use the numerator layout"), what an unmarked log
means ("log is base 2", "in bits"), whether vectors are rows or columns. Introductions: set
memberships (``\\mathbf{x} \\in \\mathbb{R}^n``, ``A \\in \\mathbb{R}^{m \\times n}``), named laws
(``X \\sim \\text{Poisson}(\\lambda)``), maps (``f: \\mathbb{R}^n \\to \\mathbb{R}^m``) and the words
next to them ("p.s.d.", "symmetric", "positive definite"), which become declarations (domain
strings of :mod:`cheatsheet.symbols`) for the formulas after them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .clauses import split_top as _split_top
from .function_lists import function_names
from .model import Heading, Segment, Sheet, TextBlock

_LAYOUT = re.compile(r"\b(numerator|denominator)[\s-]*(layout|convention|notation)", re.I)
_MENTION_ONLY = re.compile(r"\b(sometimes|some authors|alternatively|other|otherwise|instead|"
                           r"whereas|vs\.?|versus|related by)\b", re.I)
_LOG_NATURAL = re.compile(r"\b(log\w*\b[^.]{0,40}\b(natural|base\s*e)\b|natural\s+log\w*|"
                          r"in\s+nats)\b", re.I)
_LOG_TWO = re.compile(r"\b(log\w*\b[^.]{0,40}\bbase\s*2\b|in\s+bits|binary\s+log\w*)\b", re.I)
# "d f / d X has the same shape as X", "gradients have the shape of the parameters": the
# denominator layout, for gradients of scalars only (verify/audit/gradient_shape.py); a
# shape "of X^T" is the other layout and announces nothing here
_SHAPE_OF = re.compile(r"\b(?:same\s+(?:shape|size|dimensions?)\s+as|(?:has|have|is|are|takes?)\s+"
                       r"the\s+shape\s+of|shaped\s+like)\s+(?:the\s+)?([A-Za-z]\w*)?", re.I)
_DERIVATIVE = re.compile(r"\b(?:derivative|gradient)s?\b|\\partial|\\nabla|\\frac\s*\{\s*d\s*\}",
                         re.I)
_ROWS = re.compile(r"\b(vectors|gradients)\s+are\s+(row|column)\s+vectors\b", re.I)
# a sentence on how laws are parametrised ("Rates, not scales: the gamma rows use a rate"):
# in force for its section, so a table under a subheading still reads its rows that way
_WAY = re.compile(r"\b(rates?|scales?|parametri[sz]\w*)\b", re.I)

_PSD = re.compile(r"\b(p\.?\s?s\.?\s?d\.?|positive\s+semi-?definite)\b", re.I)
_PD = re.compile(r"\b(p\.?\s?d\.?|positive\s+definite)\b", re.I)
_SYMMETRIC = re.compile(r"\bsymmetric\b", re.I)
_ORTHOGONAL = re.compile(r"\borthogonal\b", re.I)
_DIAGONAL = re.compile(r"\bdiagonal\b", re.I)
# words just before a property that deny it: "not symmetric", "non-diagonal", "need not be
# positive definite", "is not necessarily symmetric"
_DENIED = re.compile(r"\b(?:not|non|no|never|nor|without|isn't|aren't)(?:[\s-]+\w+){0,2}[\s-]*$",
                     re.I)


def says(pattern: re.Pattern, words: str) -> bool:
    """Do the words give the property, not deny it ("P is not symmetric")?"""
    return any(not _DENIED.search(words[:m.start()]) for m in pattern.finditer(words))


# properties a sheet may deny a matrix, and the claim domains each denial rules out (a
# positive definite or a diagonal matrix is symmetric, so "not symmetric" rules them out too)
_DENIABLE = (("symmetric", _SYMMETRIC, ("symmetric", "psd", "pd", "diagonal")),
             ("pd", _PD, ("pd",)), ("psd", _PSD, ("psd", "pd")),
             ("orthogonal", _ORTHOGONAL, ("orthogonal",)), ("diagonal", _DIAGONAL, ("diagonal",)))
RULED_OUT = {name: domains for name, _, domains in _DENIABLE}
_LONE_NAMES = re.compile(r"^\\?[A-Za-z]+(?:_\{?\w+\}?)?$|"
                         r"^\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}$")
_JOINED = re.compile(r"^\s*(,|and|or|,\s*and)?\s*$")


# "for a general square $A$", "$M$ is a general matrix": no structure assumed, so not the
# symmetric case (which a gradient 2Ab of b'Ab would be right for)
_GENERAL_BEFORE = re.compile(r"(?<!\bin )\bgeneral(?:[\s-]+(?:square|invertible|real|non-?singular|"
                             r"full-rank))*\s*(?:matri(?:x|ces))?\s*$", re.I)
_GENERAL_AFTER = re.compile(r"^\s*(?:is|are)\s+(?:an?\s+)?general\b", re.I)


def _denied_in(words: str, *, right_before: bool = False) -> list[str]:
    """The properties the words deny ("is a general matrix (not symmetric)", "need not be
    positive definite", "for a general square "); ``right_before``: only a property the words
    end on ("for a non-symmetric "), so they speak of the symbol after them."""
    if (_GENERAL_BEFORE if right_before else _GENERAL_AFTER).search(words):
        return ["symmetric"]
    out = []
    for prop, pattern, _ in _DENIABLE:
        for m in pattern.finditer(words):
            if right_before and not re.fullmatch(r"\s*(matri(x|ces))?\s*", words[m.end():]):
                continue
            if _DENIED.search(words[:m.start()]):
                out.append(prop)
                break
    return out


def denials(segments: list[Segment]) -> list[tuple[int, str, str]]:
    """(line, name, property) for each matrix property the words next to a lone symbol deny:
    "$Q$ is a general square matrix (not symmetric)", "$A$ and $B$ need not be symmetric",
    "for a non-symmetric $M$". A claim that needs the property cannot be what the sheet's
    formulas of that symbol state (a gradient 2Qx read as the symmetric case would hold)."""
    out, group = [], []
    for seg in segments:
        name = lone_name(seg.latex)
        if name is None:
            group = []
            continue
        if group and group[-1].line != seg.line:
            group = []
        group.append(seg)
        clause = re.split(r"[.;:,]", seg.before)[-1]
        for prop in _denied_in(clause, right_before=True):
            out.append((seg.line, name, prop))
        if _JOINED.match(seg.after):
            continue  # "$A$ and $B$ are ...": the words after the last name speak of all
        words = re.split(r"[.;:]", seg.after)[0]
        for prop in _denied_in(words):
            out += [(g.line, n, prop) for g in group if (n := _name(g.latex))]
        group = []
    return out


LAYOUTS = ("numerator", "denominator")


@dataclass(frozen=True)
class Conventions:
    """What is in force at one line of a sheet (None: the sheet does not say)."""

    layout: str | None = None
    log_base: str | None = None
    vectors: str | None = None
    symbols: dict = field(default_factory=dict)  # sheet name -> domain string
    # the layouts a formula here may defensibly be read in: the announced one; both when the
    # sheet says nothing, or when the layout in force comes from an enclosing chapter while a
    # sibling section of it announced the other (which of the two carries on is unclear)
    layouts: tuple = LAYOUTS
    # symbols introduced on this very line (``N \sim \mathrm{Bin}(m, q)``: ``Var(N) = ...``):
    # what they say is surely about this formula, unlike a name reused further down
    introduced_here: frozenset = frozenset()
    # names defined just before (definitions.py): g(z) = ... for g'(z) = ... beside it
    definitions: tuple = ()
    # any name given a value just before (P = A(A^T A)^{-1} A^T, then P^2 = P): not a free
    # symbol, whatever a check on random values of it would say
    named: tuple = ()
    # forward passes written above it anywhere on the sheet with the weights laid out the
    # other way (z = W^T x + b): the layout of every gradient the sheet states after them
    layers: tuple = ()
    # the formulas before it on its own line ("For $x \sim N(0, \Sigma)$: $...$")
    line_math: str = ""
    line_words: str = ""  # and the words before those ("A reflection matrix $Q$ has $...$")
    # every other formula of its line, after it too ("... when $\sqrt{n}(\hat\theta - \theta)
    # \to N(0, \sigma^2)$" after a delta method): premises a limit in law is stated under
    line_formulas: tuple = ()
    # conditions in reach: relations of the formula's line, or of the sentence introducing
    # its list, that pin symbols to values or sets ("For $\mu = 0$:", "Let $y \in \{0, 1\}$")
    conditions: tuple = ()
    # names the formulas before it in its section write (x = f(z) above a formula in z)
    seen: frozenset = frozenset()
    # letters the section binds to a role ("$L$-smooth"): (letter, role) pairs (roles.py)
    roles: tuple = ()
    # averages the section writes with their decays (m_t = b_1 m_{t-1} + (1 - b_1) g_t):
    # (average, decay) pairs (verify/audit/averages.py)
    decays: tuple = ()
    # the words of its lead-in and of its own line up to it, their math put back in
    # ("Binomial with $m$ trials and success probability $\pi$:"): letters named in words
    said: str = ""
    # the sentences in force on how laws are parametrised (see _WAY), nearest last
    ways: tuple = ()
    # the words and the math right after it on its line, where a range of its variable is
    # said ("for $k = 1, 2, \dots$"; verify/audit/support.py)
    after: tuple = ()
    # matrix properties the sheet denies its symbols ("$Q$ is not symmetric"): (name,
    # property) pairs; a claim whose symbol needs one is no reading of their formulas
    denied: tuple = ()
    # the sheet said a gradient has its variable's shape: the denominator layout for
    # derivatives of scalars (verify/audit/gradient_shape.py)
    gradient_shape: bool = False
    # the formulas right before and after it in its section, a few lines apart at most: a
    # velocity on one line and the step using it on the next (verify/audit/pairs.py)
    neighbours: tuple = ()
    # the conditions the formula states in a clause of its own ("\\text{ for } t < \\lambda",
    # "\\quad a, b > 0": clauses.py): where it claims to hold, imposed on every check of it
    domain: tuple = ()
    # laws its clauses state that no declaration carries (clauses.unread_laws): a check cannot
    # impose them, so a refutation of the formula is unsure
    unread_laws: tuple = ()
    # matrix properties the words after it on its line give a lone letter ("for $S$
    # symmetric positive definite"): (name, property) pairs (verify/audit/granted.py)
    granted: tuple = ()
    # what the sheet defines an asterisk between sequences to be, in force here (a
    # convolution, a cross-correlation: verify/audit/star_readings.py)
    star_meanings: tuple = ()
    # (letter, "vector" | "scalar", bold) for the functions a notation list "f = f(x)" gives
    # in force here, in the face the list writes them (function_lists.py)
    function_values: tuple = ()
    # for a premise after "if ..., then": the relation its sentence concludes from it
    # (verify/audit/premises.py)
    consequence: str = ""
    # the formula is a table cell: its row's and column's words say what it computes
    cell: bool = False
    # the formula's own words call it the moment generating function and no words in force
    # name another transform: a G, phi or K there is the MGF (verify/audit/readings.py)
    names_mgf: bool = False
    # names given a value on an earlier line of its section or above, subscripted ones too
    # (N_k = sum_i r_ik): for an extra reading with them folded back in (given_values.py)
    values: tuple = ()


@dataclass(frozen=True)
class _Announcement:
    start: int  # first line where it holds
    end: int  # last line where it holds
    what: str  # "layout" | "log_base" | "vectors" | "symbol"
    value: object  # for symbols: (name, domain)
    section: int = 0  # line of the heading whose section it covers (0: the whole sheet)


def _section_end(sheet: Sheet, heading: Heading | None) -> int:
    """Last line of the section a heading opens (the sheet's end when there is none)."""
    if heading is None:
        return sheet.line_count
    later = [h.line for h in sheet.headings if h.line > heading.line and h.level <= heading.level]
    return (min(later) - 1) if later else sheet.line_count


def _parent(headings) -> Heading | None:
    """The heading of the section above the innermost one (the innermost at the top level;
    None: the whole sheet)."""
    inner = headings[-1] if headings else None
    return next((h for h in reversed(headings) if inner and h.level < inner.level), inner)


def _layout_of(text: str) -> str | None:
    """The layout a text announces; None when it names both or only mentions one."""
    m = _LAYOUT.search(text)
    if not m or _MENTION_ONLY.search(text):
        return None
    both = re.search(r"numerator", text, re.I) and re.search(r"denominator", text, re.I)
    return None if both else m.group(1).lower()


def gradient_shape_said(text: str) -> bool:
    """Does a sentence of prose say that a derivative has the shape of its variable
    ("gradients have the same shape as the parameters")?"""
    for sentence in re.split(r"(?<=[.;!?])\s+", text):
        m = _SHAPE_OF.search(sentence)
        if m and m.group(1) and _DERIVATIVE.search(sentence[:m.start()]) and \
                not _MENTION_ONLY.search(sentence):
            return True
    return False


_SHAPE_END = re.compile(r"\b(?:same\s+(?:shape|size|dimensions?)\s+as|(?:has|have|is|are|takes?)\s+"
                        r"the\s+shape\s+of|shaped\s+like)(?:\s+the)?\s*$", re.I)
_TRANSPOSED = re.compile(r"\^\s*\{?\s*(T|\\top|\\intercal|\\mathsf\s*\{\s*T\s*\})(?![A-Za-z])")


def gradient_shape_lines(segments: list[Segment]) -> list[int]:
    """Lines where the words before a symbol say a derivative has its shape: "$\\partial f /
    \\partial X$ has the same shape as $X$", "the derivative ... i.e. it has the shape of $X$"
    (the derivative written in the math just before, or named in the sentence). A shape "of
    $X^T$" is the other layout and says nothing here."""
    out = []
    for k, seg in enumerate(segments):
        if not _SHAPE_END.search(seg.before) or _TRANSPOSED.search(seg.latex):
            continue
        sentence = re.split(r"(?<=[.;!?])\s+", seg.before)[-1]
        prev = segments[k - 1] if k else None
        by_math = prev is not None and prev.line == seg.line and prev.after == seg.before and \
            _DERIVATIVE.search(prev.latex)
        if (by_math or _DERIVATIVE.search(sentence) or (prev is not None and prev.line == seg.line
                                                        and _DERIVATIVE.search(prev.before))) \
                and not _MENTION_ONLY.search(sentence):
            out.append(seg.line)
    return out


def _log_of(text: str) -> str | None:
    two, nat = bool(_LOG_TWO.search(text)), bool(_LOG_NATURAL.search(text))
    if two == nat:
        return None
    return "2" if two else "e"


class SheetConventions:
    """Every announcement of a sheet with its scope; ``at(line)`` gives what holds there."""

    def __init__(self, sheet: Sheet):
        self.sheet = sheet
        self.announcements: list[_Announcement] = []
        for h in sheet.headings:
            layout = _layout_of(h.title)
            if layout:
                self._add(h.line, _section_end(sheet, h), "layout", layout, h.line)
        cell_lines = {seg.line for seg in sheet.segments if seg.cell}
        for note in sheet.notes:  # a source's comments announce conventions only
            self._announce(sheet, note)
        for block in sheet.blocks:
            self._announce(sheet, block)
            end = _section_end(sheet, block.headings[-1] if block.headings else None)
            if block.line in cell_lines:  # a row speaks of its own law only (cells.py)
                continue
            for sentence in re.split(r"(?<=[.;!?])\s+", block.text):
                if _WAY.search(re.sub(r"\$[^$]*\$", " ", sentence)):
                    self._add(block.line, end, "way", sentence.strip())
        for seg in sheet.segments:
            inner = seg.headings[-1] if seg.headings else None
            for name, domain in introductions(seg):
                self._add(seg.line, _section_end(sheet, inner), "symbol", (name, domain))
            for line, said in side_laws(seg):
                self._add(line, _section_end(sheet, inner), "symbol", said)
            for line, said in clause_introductions(seg):
                self._add(line, _section_end(sheet, inner), "symbol", said)
            for said in function_names(seg.latex):  # f = f(x), u = u(x): for the chapter
                self._add(seg.line, _section_end(sheet, _parent(seg.headings)), "function",
                          said)
        for line in gradient_shape_lines(sheet.segments):
            seg = next(g for g in sheet.segments if g.line == line)
            inner = seg.headings[-1] if seg.headings else None
            self._add(line, _section_end(sheet, inner), "gradient_shape", True)
        by_line = {seg.line: seg for seg in sheet.segments}
        for line, name, prop in denials(sheet.segments):
            inner = by_line[line].headings[-1] if by_line[line].headings else None
            self._add(line, _section_end(sheet, inner), "denied", (name, prop))
        self.announcements.sort(key=lambda a: a.start)
        self._starts = [a.start for a in self.announcements]

    def _announce(self, sheet: Sheet, note: TextBlock) -> None:
        """The layout, log base, gradient shape and vector orientation a block of words (or a
        source's comment) announces, in force to the end of its section."""
        inner = note.headings[-1] if note.headings else None
        end = _section_end(sheet, inner)
        layout = _layout_of(note.text)
        if layout:
            self._add(note.line, end, "layout", layout, inner.line if inner else 0)
        log = _log_of(note.text)
        if log:
            self._add(note.line, end, "log_base", log)
        if gradient_shape_said(note.text):
            self._add(note.line, end, "gradient_shape", True)
        m = _ROWS.search(note.text)
        if m and m.group(1).lower() == "vectors":
            self._add(note.line, end, "vectors", m.group(2).lower())

    def _add(self, start, end, what, value, section=0):
        self.announcements.append(_Announcement(start, end, what, value, section))

    def _innermost_heading(self, line: int) -> int:
        """Line of the nearest heading whose section contains ``line`` (0: none)."""
        best = 0
        for h in self.sheet.headings:
            if h.line <= line <= _section_end(self.sheet, h):
                best = max(best, h.line)
        return best

    def layouts_for(self, seg: Segment) -> tuple:
        """The layouts of a segment's formulas: a layout its own sentence names just before it
        ("sometimes the denominator layout is used, where $J = ...$") is the one its formula is
        written in, even when the sentence only mentions it; else what holds at its line."""
        kinds = {m.group(1).lower() for m in _LAYOUT.finditer(seg.before)}
        if len(kinds) == 1:
            return (kinds.pop(),)
        return self.layouts(seg.line)

    def layouts(self, line: int) -> tuple:
        """The layouts a formula at ``line`` may be read in (see Conventions.layouts)."""
        made = [a for a in self.announcements if a.what == "layout" and a.start <= line]
        live = [a for a in made if a.end >= line]
        if not live:
            return LAYOUTS
        a = max(live, key=lambda x: x.start)
        if a.section and a.section == self._innermost_heading(line):
            return (a.value,)  # the formula's own section says which
        others = {b.value for b in made if b.start > a.start and b.value != a.value}
        return (a.value,) + tuple(sorted(others)) if others else (a.value,)

    def at(self, line: int, *, strictly_before: bool = False) -> Conventions:
        """What holds at ``line``: the innermost (latest-made) announcement of each kind.
        Symbols introduced on the line itself count unless ``strictly_before``."""
        hi = bisect.bisect_left(self._starts, line) if strictly_before else \
            bisect.bisect_right(self._starts, line)
        found: dict[str, object] = {}
        symbols: dict[str, str] = {}
        here: set[str] = set()
        ways: list[str] = []
        denied: list[tuple[str, str]] = []
        functions: dict[str, tuple] = {}
        for a in self.announcements[:hi]:
            if a.end < line:
                continue
            if a.what == "way":
                ways.append(a.value)
            elif a.what == "function":
                functions[a.value[0]] = a.value
            elif a.what == "denied":
                denied.append(a.value)
            elif a.what == "symbol":
                name, domain = a.value
                symbols[name] = domain
                if a.start == line:
                    here.add(name)
                else:
                    here.discard(name)
            else:
                found[a.what] = a.value
        layouts = self.layouts(line)
        return Conventions(found.get("layout") if len(layouts) == 1 else None,
                           found.get("log_base"), found.get("vectors"), symbols, layouts,
                           frozenset(here), ways=tuple(ways), denied=tuple(denied),
                           gradient_shape=bool(found.get("gradient_shape")),
                           function_values=tuple(functions.values()))


# ------------------------------------------------------------------ introductions of symbols

_SIZE = r"(\d+|[A-Za-z](?:_\{?\w+\}?)?)"
_SET = re.compile(
    r"^\\mathbb\s*\{?\s*R\s*\}?\s*(?:\^\s*(?:\{\s*" + _SIZE + r"\s*(?:\\times\s*" + _SIZE +
    r"\s*)?\}|" + _SIZE + r"))?\s*$")
_SCALAR_SETS = {
    r"\mathbb{N}": "natural", r"\mathbb{N}_0": "count", r"\mathbb{Z}": "integer",
    r"\mathbb{R}_+": "positive", r"\mathbb{R}^+": "positive", r"\mathbb{R}_{>0}": "positive",
    r"\mathbb{R}_{+}": "positive", r"\mathbb{R}_0^+": "nonnegative",
    r"\mathbb{R}_{\geq0}": "nonnegative", r"\mathbb{R}_{\ge0}": "nonnegative",
    r"(0,1)": "prob", r"[0,1]": "prob",
}
_CONSTANTS = {"e", "pi", "i"}  # a size named e must not turn Euler's e into a size
_LAWS = {
    "bernoulli": "Bernoulli", "bern": "Bernoulli", "ber": "Bernoulli", "binomial": "Binomial",
    "bin": "Binomial", "poisson": "Poisson", "pois": "Poisson", "poi": "Poisson",
    "exponential": "Exponential", "exp": "Exponential", "expo": "Exponential", "gamma": "Gamma",
    "gam": "Gamma", "uniform": "Uniform", "unif": "Uniform", "u": "Uniform", "n": "Normal",
    "normal": "Normal", "gaussian": "Normal",
}


def _name(latex: str) -> str | None:
    from cheatsheet.latex import LatexError, symbol_name

    latex = latex.strip()
    if not latex or len(latex) > 40:
        return None
    try:
        return symbol_name(latex)
    except (LatexError, ValueError, IndexError):
        return None


_PROPERTY_WORDS = {"pd": _PD, "psd": _PSD, "symmetric": _SYMMETRIC, "orthogonal": _ORTHOGONAL,
                   "diagonal": _DIAGONAL}


def matrix_property(words: str,
                    order=("pd", "psd", "symmetric", "orthogonal", "diagonal")) -> str | None:
    """The property the words give a square matrix, the first of ``order`` they say (positive
    definite only where they do not say semi-definite), as a domain name; None if none."""
    for prop in order:
        if says(_PROPERTY_WORDS[prop], words) and not (prop == "pd" and _PSD.search(words)):
            return prop
    return None


def lone_name(latex: str) -> str | None:
    """The name a piece of math is when it is one symbol alone ($S$, $\\Sigma_{xx}$), else None."""
    return _name(latex) if _LONE_NAMES.match(latex.strip()) else None


def _set_domain(set_latex: str, words: str) -> tuple[str, list[str]] | None:
    """The domain string a set stands for, and the size names it introduces."""
    s = re.sub(r"\s+", "", set_latex)
    s = s.replace(r"\mathbb R", r"\mathbb{R}")
    if s in _SCALAR_SETS:
        return _SCALAR_SETS[s], []
    m = _SET.match(set_latex.strip())
    if not m:
        return None
    rows, cols, single = m.group(1), m.group(2), m.group(3)
    rows = rows or single
    if rows is None:
        return "real", []
    sizes = [x for x in (rows, cols) if x and not x.isdigit()]
    rows, cols = (r.replace("{", "").replace("}", "") if r else r for r in (rows, cols))
    if cols is None:
        return f"vector({rows})", sizes
    if rows == cols:
        return f"{matrix_property(words) or 'square'}({rows})", sizes
    return f"matrix({rows}, {cols})", sizes


_BOLD = re.compile(r"\\(mathbf|boldsymbol|bm|vec)(?![A-Za-z])")
_MULTIVARIATE = re.compile(r"\\(mathbf|boldsymbol|bm|vec|Sigma|Lambda)(?![A-Za-z])|^\s*[A-Z]\s*$")


def _law_domain(law_latex: str) -> str | None:
    m = re.match(r"^\s*(?:\\(?:text|mathrm|operatorname|mathcal)\s*\{\s*(\w+)\s*\}|(\w+))\s*"
                 r"\((.*)\)\s*$", law_latex.strip())
    if not m:
        return None
    law = _LAWS.get((m.group(1) or m.group(2) or "").lower())
    if law is None:
        return None
    raw = _split_top(m.group(3), ",")
    if law == "Normal" and any(_MULTIVARIATE.search(a) for a in raw):
        return None  # N(mu, Sigma) with a vector mean or a covariance matrix: no scalar law
    args = [_parameter(a) for a in raw]
    if any(a is None for a in args):
        return None
    return f"{law}({', '.join(args)})"


def _parameter(latex: str) -> str | None:
    """A law's parameter: a name, or a name squared (a variance written \\sigma^2)."""
    m = re.fullmatch(r"\s*(.+?)\s*\^\s*\{?\s*2\s*\}?\s*", latex)
    if m:
        name = _name(m.group(1))
        return f"{name}^2" if name else None
    return _name(latex)


# what a law's parameters are (a Bernoulli's p is a probability, a Poisson's rate positive)
_PARAMETERS = {"Bernoulli": ("prob",), "Binomial": ("natural", "prob"), "Poisson": ("positive",),
               "Exponential": ("positive",), "Gamma": ("positive", "positive"),
               "Normal": ("real", "positive")}


def _law_parameters(domain: str) -> list[tuple[str, str]]:
    m = re.match(r"(\w+)\((.*)\)", domain)
    if not m or m.group(1) not in _PARAMETERS:
        return []
    args = [a.strip().removesuffix("^2") for a in m.group(2).split(",")]
    return [(a, kind) for a, kind in zip(args, _PARAMETERS[m.group(1)])
            if re.fullmatch(r"[A-Za-z_]\w*", a) and a not in _CONSTANTS]


# E[x^2] = mu^2 + sigma^2 \quad (x \sim N(mu, sigma^2)): a law stated in a side clause after
# a formula, set off by a space command or a "for"/"where" in text, bracketed or not
_SIDE_LAW = re.compile(r"(?:\\q?quad|\\[,;:]|,|\\text\s*\{\s*(?:for|where|with)\s*\})\s*"
                       r"(\(|\\left\s*\()?\s*((?:\\?[A-Za-z]+|\\mathbf\s*\{\s*[A-Za-z]\s*\})"
                       r"(?:_\{?\w+\}?)?)\s*\\sim(?![A-Za-z])(.*?)\s*(?:\\\\)?\s*$", re.S)


def side_law_start(row: str) -> int | None:
    """Where a side clause stating a law starts in a formula's row (``\\quad (x \\sim
    N(\\mu, \\sigma^2))``), or None: the clause declares, the formula before it states."""
    m = _SIDE_LAW.search(row)
    if not m or not re.search(r"=|\\le|\\ge|<|>", row[:m.start()]) or \
            not _law_of(m.group(2), _clause_law(m)):
        return None
    return m.start()


def _clause_law(m) -> str:
    law = m.group(3)
    if m.group(1):  # the clause's own bracket closes it
        law = re.sub(r"(\\right\s*)?\)\s*$", "", law.rstrip(" .,"))
    return law


def side_laws(seg: Segment) -> list[tuple[int, tuple[str, str]]]:
    """(line, (name, domain)) for each law stated in a side clause of a formula with a relation
    before it, row by row (an align block states one per row)."""
    out, start = [], 0
    for row in re.split(r"(?<!\\)\\\\", seg.latex):
        line = seg.line + seg.latex[:start + len(row) - len(row.lstrip())].count("\n")
        start += len(row) + 2
        m = _SIDE_LAW.search(row)
        if m and re.search(r"=|\\le|\\ge|<|>", row[:m.start()]):
            out += [(line, pair) for pair in _law_of(m.group(2), _clause_law(m))]
    return out


def _law_of(names: str, law: str) -> list[tuple[str, str]]:
    """(name, domain) pairs for names declared to follow a law, and for the law's
    parameters."""
    domain = _law_domain(law)
    if domain and domain.startswith("Normal") and _BOLD.search(names):
        return []  # a random vector's law: no scalar Normal for it
    if not domain:
        return []
    out = [(n, domain) for n in map(_name, _split_top(names, ",")) if n]
    return out + _law_parameters(domain)


def clause_introductions(seg: Segment) -> list[tuple[int, tuple[str, str]]]:
    """(line, (name, domain)) for what the clauses after a segment's formulas declare
    (``\\quad \\forall x \\in \\mathbb{R}^n``, ``\\text{ where } X \\sim
    \\text{Poisson}(\\lambda)``: clauses.py), for the rest of the section."""
    from dataclasses import replace

    from .formulas import formulas_of

    out = []
    for f in formulas_of(seg):
        for clause in f.clauses:
            if clause.kind in ("declaration", "law"):
                out += [(f.line, pair) for pair in introductions(replace(seg, latex=clause.latex))]
    return out


def _as_tex(latex: str) -> str:
    """Plain math (``Q ∈ ℝ^(n×d_k)``, a plain-text sheet's) in TeX, a superscript group in
    round brackets as its braces; TeX as it is."""
    if "\\" in latex:
        return latex
    from cheatsheet.latex.plain_as_tex import plain_as_tex

    return re.sub(r"\^\s*\(([^()]*)\)", r"^{\1}", plain_as_tex(latex))


def introductions(seg: Segment) -> list[tuple[str, str]]:
    """(name, domain) pairs a math segment introduces, with the words next to it."""
    latex = _as_tex(seg.latex)
    words = f"{seg.after} {seg.before[-60:]}"
    out: list[tuple[str, str]] = []
    # "a, b \in S, c \in T": names accumulate until their \in
    names: list[str] = []
    for piece in _split_top(latex, ","):
        m = re.match(r"^(.*?)\\in(?![A-Za-z])(.*)$", piece.strip())
        if not m:
            names.append(piece)
            continue
        names.append(m.group(1))
        found = _set_domain(m.group(2), words)
        if found:
            domain, sizes = found
            for size in sizes:
                n = _name(size)
                if n and n not in _CONSTANTS:
                    out.append((n, "dim"))
            for raw in names:
                n = _name(raw)
                if n:
                    out.append((n, domain))
        names = []
    m = re.match(r"^\s*([^=]*?)\\sim(?![A-Za-z])(.*)$", latex)
    if m:
        out += _law_of(m.group(1), m.group(2))
    m = re.match(r"^\s*(\\?[A-Za-z]+|\\mathbf\{[A-Za-z]\})\s*:\s*(.*?)\\(to|rightarrow)(?![A-Za-z])"
                 r"(.*)$", latex)
    if m:
        name = _name(m.group(1))
        src, dst = _set_domain(m.group(2), ""), _set_domain(m.group(4), "")
        if name and src and dst:
            n_in = re.findall(r"\((\w+)\)", src[0])
            n_out = re.findall(r"\((\w+)\)", dst[0])
            if dst[0] == "real":
                out.append((name, f"function({n_in[0]})" if n_in else "function"))
            elif n_in and n_out and dst[0].startswith("vector"):
                out.append((name, f"vecfunction({n_out[0]}, {n_in[0]})"))
            for size in src[1] + dst[1]:
                n = _name(size)
                if n and n not in _CONSTANTS:
                    out.append((n, "dim"))
    return out

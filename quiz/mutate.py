"""Automatic mutations of a formula's LaTeX, and the checker deciding each one.

A *site* is a place in the LaTeX where students typically slip (an exponent, a sign, a
transpose, a fraction, a coefficient, an index) together with the wrong things one could write
there.  Replacing a site's text by one of its alternatives gives a mutation.  A mutation is only
ever shown as "wrong" after ``cheatsheet.verify.check.check_version`` has refuted it with a
counterexample; a mutation that turns out equivalent (or that the checker cannot decide) is
dropped.  Decisions are cached per (claim, LaTeX) in memory, so a question is decided once per
process.

Sites are found with regular expressions and brace matching on the LaTeX text: this is not a
LaTeX parser, and it does not need to be one, because whatever a mutation breaks is either
refuted or discarded by the checker.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from .render import _group_end, group_start


@dataclass(frozen=True)
class Site:
    start: int
    end: int
    original: str
    alternatives: tuple[str, ...]
    what: str  # exponent | transpose | sign | fraction | factor | index | bound

    def apply(self, latex: str, alt: str) -> str:
        return latex[:self.start] + alt + latex[self.end:]


@dataclass(frozen=True)
class Mutation:
    latex: str
    what: str
    site: Site
    alt: str


WHAT = {"exponent": "wrong exponent", "transpose": "transpose", "sign": "sign flip",
        "fraction": "fraction turned over or dropped", "factor": "dropped or changed factor",
        "index": "swapped index", "bound": "changed bound"}
_BIG = re.compile(r"\\(?:sum|prod)(?![A-Za-z])\s*$")  # whose scripts are bounds


def _bound_alternatives(s: str, body: str) -> tuple[str, ...]:
    """A sum's or product's bound one off either way (``^{n}`` -> ``^{n-1}``, ``^{n+1}``;
    ``_{i=1}`` -> ``_{i=0}``, ``_{i=2}``): never a transpose, an inverse or a negation."""
    mark = s
    if mark == "_":
        m = re.fullmatch(r"([^=]+)=(.+)", body)
        if not m:
            return ()
        var, start = m.group(1).strip(), m.group(2).strip()
        return tuple(f"_{{{var}={v}}}" for v in _one_off(start))
    return tuple(f"^{{{v}}}" for v in _one_off(body))


def _one_off(b: str) -> list[str]:
    if "\\infty" in b:
        return []
    if re.fullmatch(r"-?\d+", b):
        return [str(int(b) - 1), str(int(b) + 1)]
    m = re.fullmatch(r"(.+?)\s*([+-])\s*1", b)
    if m:
        return [m.group(1), f"{m.group(1)}{m.group(2)}2"]
    return [f"{b}-1", f"{b}+1"]

_INDEX_LETTERS = "ijkntlm"
# subscripts that are words of the notation, not two indices: n_{in} is the fan-in, and n_{ni}
# names nothing (a name, unlike W_{ij}, whose letters each run over entries)
_WORD_SUBSCRIPTS = frozenset({"in", "out", "tr", "te", "re", "im", "on", "id", "op", "ml",
                              "lr", "kl", "mc", "ce", "rv", "pd"})


def _escaped(s: str, i: int) -> bool:
    return i > 0 and s[i - 1] == "\\"


def _script_sites(s: str) -> list[Site]:
    out = []
    for m in re.finditer(r"[\^_]", s):
        i = m.start()
        if _escaped(s, i):
            continue
        j = i + 1
        while j < len(s) and s[j] == " ":
            j += 1
        end = _group_end(s, j)
        arg = s[j:end]
        body = arg[1:-1] if arg.startswith("{") and arg.endswith("}") else arg
        body_s = body.strip()
        orig = s[i:end]
        if not body_s:
            continue
        base = s[:i]
        if s[i] == "^":  # the upper bound after \sum_{...}: skip the lower bound's group
            if base.rstrip().endswith("}"):
                base = base[:group_start(base, len(base.rstrip()) - 1)].rstrip()
                base = base[:-1] if base.endswith("_") else base + "\x00"
        if _BIG.search(base):
            alts = _bound_alternatives(s[i], body_s)
            if alts:
                out.append(Site(i, end, orig, alts, "bound"))
            continue
        if s[i] == "^" and body_s in ("c", "C", "\\complement") and re.search(r"[A-Z]\s*$", base):
            continue  # A^c: the complement of a set, a mark and no power
        if s[i] == "^":
            if body_s in ("T", "\\top", "\\intercal", "\\mathsf{T}"):
                out.append(Site(i, end, orig, ("", "^{-1}"), "transpose"))
            elif re.fullmatch(r"\d+", body_s):
                n = int(body_s)
                alts = [f"^{{{n + 1}}}", f"^{{-{n}}}"]
                if n - 1 == 1:
                    alts.append("")
                elif n - 1 > 1:
                    alts.append(f"^{{{n - 1}}}")
                out.append(Site(i, end, orig, tuple(alts), "exponent"))
            elif body_s.startswith("-"):
                rest = body_s[1:].strip()
                # x^{-1} -> x (x^{1} is the same, and inside a subscript, J_{T^{1}}, it is
                # read as a name of its own)
                alts = [""] if rest == "1" else [f"^{{{rest}}}"]
                out.append(Site(i, end, orig, tuple(alts), "exponent"))
            else:
                out.append(Site(i, end, orig, (f"^{{-{body_s}}}", f"^{{2{body_s}}}"),
                                "exponent"))
        else:  # subscripts: indices
            alts = []
            if re.fullmatch(r"[A-Za-z]{2}", body_s) and body_s.lower() not in _WORD_SUBSCRIPTS:
                alts.append(f"_{{{body_s[::-1]}}}")
            m2 = re.fullmatch(r"([a-z])\s*([+-])\s*1", body_s)
            if m2:
                other = "-" if m2.group(2) == "+" else "+"
                alts += [f"_{{{m2.group(1)}}}", f"_{{{m2.group(1)}{other}1}}"]
            elif len(body_s) == 1 and body_s in _INDEX_LETTERS:
                present = set(re.findall(r"_\{?\s*([a-z])\b", s))
                alts += [f"_{{{c}}}" for c in sorted(present) if c != body_s
                         and c in _INDEX_LETTERS][:1]
                if body_s == "t":
                    alts.append("_{t-1}")
            if alts:
                out.append(Site(i, end, orig, tuple(alts), "index"))
    return out


def _sign_sites(s: str) -> list[Site]:
    out = []
    for m in re.finditer(r"(?<=[\s(\[{}=])([+-])(?=[\s\\\w({])", s):
        i = m.start()
        # the '-' of an exponent is handled by the exponent sites
        if s[max(0, i - 2):i].rstrip().endswith(("^{", "_{")):
            continue
        before = s[:i].rstrip()
        unary = not before or before[-1] in "=([{,"
        if unary:
            if m.group(1) == "-":
                out.append(Site(i, i + 1, "-", ("", "+") if before.endswith("=") else ("",),
                                "sign"))
        else:
            out.append(Site(i, i + 1, m.group(1), ("-" if m.group(1) == "+" else "+",),
                            "sign"))
    return out


def _frac_sites(s: str) -> list[Site]:
    out = []
    for m in re.finditer(r"\\[dt]?frac(?![A-Za-z])", s):
        a0 = m.end()
        while a0 < len(s) and s[a0] == " ":
            a0 += 1
        a1 = _group_end(s, a0)
        b0 = a1
        while b0 < len(s) and s[b0] == " ":
            b0 += 1
        b1 = _group_end(s, b0)
        num, den = s[a0:a1], s[b0:b1]
        if not (num.startswith("{") and den.startswith("{")):
            continue
        if "\\partial" in num or re.fullmatch(r"\{\s*d\s*\}", num) or "\\partial" in den:
            continue
        orig = s[m.start():b1]
        n_in, d_in = num[1:-1].strip(), den[1:-1].strip()
        if n_in == "1" and re.fullmatch(r"\d+", d_in):  # a numeric coefficient 1/k
            k = int(d_in)
            alts = ["", f"\\frac{{1}}{{{2 * k}}}", f"{k}"]
            out.append(Site(m.start(), b1, orig, tuple(alts), "factor"))
        else:
            alts = [f"\\frac{{{d_in}}}{{{n_in}}}", "{" + n_in + "}"]
            out.append(Site(m.start(), b1, orig, tuple(alts), "fraction"))
    for m in re.finditer(r"\\sqrt(?![A-Za-z])\s*", s):
        a1 = _group_end(s, m.end())
        arg = s[m.end():a1]
        if arg.startswith("{"):
            out.append(Site(m.start(), a1, s[m.start():a1], (arg,), "factor"))
    # a numeric coefficient in front of a symbol: 2\sigma, 2z, 2(...)
    for m in re.finditer(r"(?<![\w}^_.{\\])(\d+)(?=\\[A-Za-z]|[A-Za-z(])", s):
        if s[max(0, m.start() - 2):m.start()].endswith(("^", "_", "^{", "_{")):
            continue
        n = int(m.group(1))
        alts = ["", str(n + 1)] if n != 1 else ["2"]
        out.append(Site(m.start(), m.end(), m.group(1), tuple(alts), "factor"))
    return out


def _transpose_insertions(s: str) -> list[Site]:
    out = []
    for m in re.finditer(r"\\mathbf\{[A-Za-z]\}", s):
        nxt = s[m.end():m.end() + 2].lstrip()
        if nxt.startswith("^"):
            continue
        out.append(Site(m.end(), m.end(), "", ("^T",), "transpose"))
    return out


def sites(latex: str) -> list[Site]:
    """All mutation sites of a formula, in reading order."""
    found = (_script_sites(latex) + _sign_sites(latex) + _frac_sites(latex)
             + _transpose_insertions(latex))
    return sorted(found, key=lambda st: (st.start, st.end))


def gap_sites(latex: str) -> list[Site]:
    """Sites that hide an existing part (an exponent, a factor, a transpose, a sign)."""
    return [st for st in sites(latex) if st.original.strip() and st.what != "index"]


def mutations(latex: str) -> list[Mutation]:
    seen = {latex}
    out = []
    for st in sites(latex):
        for alt in st.alternatives:
            new = st.apply(latex, alt)
            if new not in seen:
                seen.add(new)
                out.append(Mutation(new, st.what, st, alt))
    return out


# -- deciding ---------------------------------------------------------------------------------

_CACHE: dict[tuple, object] = {}
_LOCK = threading.Lock()
# Set while checks may run.  The quiz clears it while an answer is scored and its feedback is
# painted (``Session.hold`` / ``release``): a check about to start in a background thread
# waits, so the answer path has the interpreter to itself (a check already running finishes;
# one takes ~5-30 ms once SymPy is loaded).  The main thread never waits on it.
GATE = threading.Event()
GATE.set()


# what the checks import, in steps of at most ~0.3 s (SciPy for the custom checks: most
# claims have one, and loading them at once holds the interpreter ~1.5 s)
WARM = ("numpy", "sympy", "cheatsheet.latex", "cheatsheet.verify.check", "scipy.linalg",
        "scipy.special", "scipy.optimize", "scipy.integrate", "scipy.stats")


def warm() -> None:
    """Import what checks need one module at a time, letting answers pass in between (a
    background thread calls it before its first check); then the custom checks, one module
    at a time."""
    import importlib
    import pkgutil
    import sys

    from . import schedule

    schedule.scheduler()  # FSRS, so that no answer imports it while a check runs
    for name in WARM:
        if name not in sys.modules:
            wait_gate()
            try:
                importlib.import_module(name)
            except ImportError:
                pass
    from cheatsheet.verify import checks, custom

    if not custom._loaded:
        for mod in pkgutil.iter_modules(checks.__path__):
            wait_gate()
            importlib.import_module(f"{checks.__name__}.{mod.name}")


def wait_gate(timeout: float = 5.0) -> None:
    """In a background thread: wait (at most ``timeout`` s) while the answer path runs."""
    if threading.current_thread() is not threading.main_thread():
        GATE.wait(timeout)
CHECK_SEED = 0  # the seed of `cheatsheet verify`, so counterexamples match `cheatsheet show`


def decide(claim, latex: str, *, key: tuple | None = None, decls=None, layout=None,
           assume=None):
    """The checker's Evidence for ``latex`` read with the claim's declarations (cached)."""
    cache_key = (claim.id, latex, key, layout, tuple(assume or ()),
                 id(decls) if decls is not None else None)
    with _LOCK:
        if cache_key in _CACHE:
            return _CACHE[cache_key]
    wait_gate()
    import warnings

    import numpy as np

    from cheatsheet.verify.check import check_version

    wait_gate()  # the first call imports SymPy and the checkers: let an answer pass first

    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            ev = check_version(claim, latex,
                               decls if decls is not None else claim.declarations,
                               layout or claim.layout,
                               list(assume) if assume is not None else list(claim.assume),
                               seed=CHECK_SEED, key=key or ("quiz", latex),
                               symbolic_first=False, thorough=False)
    except Exception:  # a mutation the checkers trip over is simply not asked
        ev = None
    with _LOCK:
        _CACHE[cache_key] = ev
    return ev


def refuted(ev) -> bool:
    return ev is not None and ev.verdict == "refuted" and bool(ev.counterexample)


def source_evidence(claim, index: int, layout: str | None = None):
    """Evidence for the claim's source version ``index``, decided exactly as
    ``verify_claim`` decides it (same key and seed, so the same counterexample); ``layout``
    decides it in another layout on the same instances (``fairness.judge``)."""
    src = claim.sources[index]
    if src.expect == "undecided":  # the catalog tests keep it undecided: never refuted
        return None
    read_in = src.layout or claim.layout
    if layout is not None and layout != read_in:
        try:
            return decide(claim, src.reader_latex, key=("source", src.sheet, src.line, index),
                          decls=claim.declarations_for(src), layout=layout,
                          assume=list(claim.assume) + list(src.assume))
        except Exception:
            return None
    layout = read_in
    assume = list(claim.assume) + list(src.assume)
    latex = src.reader_latex
    if (latex == claim.latex and not src.symbols and layout == claim.layout
            and assume == list(claim.assume)):
        return None  # the canonical statement itself: it holds
    try:
        decls = claim.declarations_for(src)
    except Exception:
        return None
    return decide(claim, latex, key=("source", src.sheet, src.line, index), decls=decls,
                  layout=layout, assume=assume)

"""Question kinds and their generators.

Kinds (cards are per claim and kind, ``<claim id>/<kind>``):

``holds``    Holds or typo?  The canonical form, a refuted source version, a refuted ``wrong``
             variant, or a refuted automatic mutation.  Options: 1 holds, 2 typo.
``pick``     Pick the right one: the canonical form among three refuted variants.
``gap``      Fill the gap: one part of the canonical form (exponent, factor, transpose, sign,
             fraction) hidden; the options are the right part and refuted replacements.
``compute``  A worked example with fresh random numbers (see ``compute.py``); typed numeric
             answer, checked with a tolerance.

Only the canonical statement is ever presented as right (the catalog tests guarantee every
canonical claim holds); anything presented as wrong has been refuted by the checker with a
counterexample during this process (``mutate.decide``, cached), and kept by the fairness rules
(``fairness.py``: not refuted only by its sizes, not right in the other layout or once its
free coefficients are re-fitted, no change of a left side, no gap copied from its
neighbour...).  A title that would tell the answer is cut ("GAN value is …"), and a question
about a derivative names its layout.  Nothing is verified up front:
a question is built when its card comes up.  The one exception is a question built ``cheap``
(the session's first, on screen before SymPy is even imported): its wrong variants are ones the
catalog tests guarantee are refuted (a ``wrong`` variant, a sheet version expected refuted), and
the checker refutes them in this process in the background while the question is read; the
counterexamples join the explanation then (``Question.complete``).

Listing cards and questions that need no check (the canonical form, compute questions) do
not import SymPy: loading ``cheatsheet.catalog`` is cheap, and SymPy loads only when a
statement is read for a check.
"""
from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, field
from typing import Callable

from . import fairness, mutate
from .legend import legend, shows_layout
from .render import clip, script_content, to_unicode

KINDS = ("holds", "pick", "gap", "compute")
KIND_TITLES = {"holds": "holds or typo?", "pick": "pick the right one",
               "gap": "fill the gap", "compute": "compute"}
MAX_CHECKS = 10  # checker calls one question may spend (each ~5-30 ms, cached afterwards)
TYPO_SHARE = 0.5  # holds or typo?: a typo half of the time, so guessing one answer gains nothing
CHECKING = "Counterexample: being checked…"


@dataclass
class Question:
    id: str
    card: str
    claim_id: str
    topic: str
    kind: str
    prompt: str
    formulas: list[str] = field(default_factory=list)  # Unicode, shown above the options
    options: list[str] = field(default_factory=list)  # Unicode labels (empty for compute)
    answer: int | None = None  # 0-based index of the right option
    value: float | None = None  # numeric answer (compute)
    rtol: float = 1e-2
    atol: float = 0.0
    unit: str = ""
    naive: tuple = ()  # compute: answers that skip what is tested (compute._q)
    unfair: bool = False  # compute: the tolerance cannot fail them all; drawn again
    explanation: str = ""  # shown after the answer
    legend: str = ""  # one line: what the symbols are (legend.py), shown under the formulas
    # per option (0-based index): the LaTeX and how it was made, for the fairness measurement
    # (scripts/quiz_fairness.py): {"latex", "site" (an automatic mutation's), "evidence",
    # "reading" (declarations, layout)}
    parts: dict = field(default_factory=dict, repr=False, compare=False)
    # a question built without a checker call (the session's first) shows variants the catalog
    # tests guarantee are refuted; ``finish`` checks them in this process and returns the full
    # explanation with the counterexamples (see ``complete``)
    finish: Callable[[], str] | None = field(default=None, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def numeric(self) -> bool:
        return self.value is not None

    def parse(self, text: str):
        """An option index (0-based) from its number or letter (``2`` or ``b``), or a float;
        None when the answer is unreadable."""
        t = (text or "").strip().replace("−", "-").replace(",", ".") if self.numeric \
            else (text or "").strip().lower()
        if not t:
            return None
        if not self.numeric:
            if re.fullmatch(r"[a-z]", t):
                t = str(ord(t) - ord("a") + 1)
            if re.fullmatch(r"\d+", t) and 1 <= int(t) <= len(self.options):
                return int(t) - 1
            return None
        try:
            if re.fullmatch(r"[-+]?\d+\s*/\s*\d+", t):
                a, b = t.split("/")
                return float(a) / float(b)
            x = float(t)
        except (ValueError, ZeroDivisionError):
            return None
        return x if x == x and abs(x) != float("inf") else None

    def is_correct(self, parsed) -> bool:
        if parsed is None:
            return False
        if not self.numeric:
            return parsed == self.answer
        return abs(parsed - self.value) <= max(self.rtol * abs(self.value), self.atol)

    @property
    def pending(self) -> bool:
        """Whether the explanation still waits for the checker (see ``finish``)."""
        return self.finish is not None

    def complete(self) -> str:
        """The full explanation, running the deferred checks once (thread-safe)."""
        with self._lock:
            if self.finish is not None:
                self.explanation = self.finish()
                self.finish = None
        return self.explanation

    def right_answer(self) -> str:
        if self.numeric:
            v = self.value
            s = f"{int(v)}" if float(v).is_integer() else f"{v:.6g}"
            return s + (f" {self.unit}" if self.unit else "")
        return f"{self.answer + 1}. {self.options[self.answer]}"

    def hint(self) -> str:
        if self.numeric:
            tol = "exact" if self.rtol == 0 and self.atol < 1e-6 else (
                f"within {self.rtol:.0%}" if self.rtol else f"within {self.atol:g}")
            return f"type a number ({tol})"
        return f"type 1-{len(self.options)}"


def full_claim(claim_id: str):
    from cheatsheet.catalog import get_catalog

    return get_catalog()[claim_id]


# -- cards ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CardRef:
    card: str
    claim_id: str
    kind: str
    topic: str


def card_id(claim_id: str, kind: str) -> str:
    return f"{claim_id}/{kind}"


def _cx_lines(ev, limit: int = 4) -> list[str]:
    """The counterexample as ``cheatsheet show`` prints it (``counterexample_lines``: why, the
    instance's symbol values, both sides), without the "rerun with --seed" hint (that is
    ``cheatsheet verify``'s option), saying why an ill-formed variant has no sides, each line
    clipped to what a terminal shows."""
    if ev is None or not ev.counterexample:
        return []
    from cheatsheet.verify.report import counterexample_lines

    lines = [x if x != "left side = null, right side = null"
             else "left side, right side: undefined (the sizes do not fit)"
             for x in counterexample_lines(ev.counterexample) if not x.startswith("(seed ")]
    return [clip(x) for x in lines[:limit]]


def _distinct(texts):
    seen, out = set(), []
    for t in texts:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


class Bank:
    """Lists the cards of a selection and builds a question for a card on demand."""

    def __init__(self, entries: list, topics=None, kinds=KINDS, fair: bool = True):
        from collections import Counter

        from . import compute

        self.entries = {e.id: e for e in entries}
        # ``fair``: apply the fairness rules (fairness.py); off only to measure them
        self.rules = fairness.RULES if fair else ()
        self.removed: Counter = Counter()  # rule -> options it removed (fairness.py)
        self._titles: dict[str, str] = {}  # claim id -> its title as questions show it
        self.computes = compute.generators({e.id: e.topic for e in entries})
        self.kinds = tuple(kinds)
        self.topics = sorted({e.topic for e in entries} | {g.topic for g in self.computes})
        if topics:
            wanted = set(topics)
            self.entries = {k: e for k, e in self.entries.items()
                            if e.topic in wanted or any(k == t or k.startswith(t + ".")
                                                        for t in wanted)}
            self.computes = [g for g in self.computes
                             if g.topic in wanted or any(g.id == t or g.id.startswith(t + ".")
                                                         for t in wanted)]

    def cards(self) -> list[CardRef]:
        out = []
        for e in self.entries.values():
            for kind in ("holds", "pick", "gap"):
                if kind in self.kinds:
                    out.append(CardRef(card_id(e.id, kind), e.id, kind, e.topic))
        if "compute" in self.kinds:
            for g in self.computes:
                out.append(CardRef(card_id(g.id, "compute"), g.id, "compute", g.topic))
        return out

    def build(self, ref: CardRef, rng: random.Random, cheap: bool = False) -> Question | None:
        """A question for the card, or None when the card cannot make one now (too few
        refuted variants).  ``cheap`` asks for one that needs no checker call: a compute
        question, "holds or typo?" (the canonical form or, as often, a wrong variant the
        catalog tests guarantee is refuted) or "pick" among such variants; their
        counterexamples are checked afterwards (``Question.complete``)."""
        if ref.kind == "compute":
            g = next(g for g in self.computes if g.id == ref.claim_id)
            q = g.make(rng)
            q.card, q.claim_id, q.topic, q.kind = ref.card, ref.claim_id, ref.topic, "compute"
            q.id = f"{ref.card}#{rng.randrange(10**6)}"
            return q
        e = self.entries[ref.claim_id]
        if cheap and ref.kind == "gap":
            return None  # a gap's options are automatic mutations: only a check refutes them
        try:
            if ref.kind == "holds":
                return self._holds(e, rng, cheap)
            if ref.kind == "pick":
                return self._pick(e, rng, cheap)
            if ref.kind == "gap":
                return self._gap(e, rng)
        except (KeyError, ValueError):
            return None
        return None

    # -- wrong forms of a claim ---------------------------------------------------------------
    def _candidates(self, e, rng: random.Random, known_only: bool = False,
                    own_reading: bool = False):
        """Wrong-form candidates, real ones first: (label, reader LaTeX, shown LaTeX, decide,
        reading, site, decide_in), the reading being the declarations and layout it is decided
        with, the site an automatic mutation's (None for a sheet version or ``wrong``
        variant), ``decide_in(layout)`` deciding it in another layout on the same instances.
        ``known_only``: only those the catalog tests guarantee are refuted
        (``wrong`` variants and sheet versions with ``expect = "refuted"``:
        tests/test_catalog.py ``test_check_can_fail`` and ``test_source_keeps_its_verdict``).
        A sheet version is decided under that sheet's declarations and layout, which the
        legend must then show.  One in another layout than the claim's is left out: it may
        hold in the claim's layout, and a "numerator layout" legend that only typos carry
        would give the answer away.  ``own_reading`` also leaves out those with other
        declarations (a question showing several formulas has one legend)."""
        claim = full_claim(e.id)
        canon_text = to_unicode(claim.latex)
        own = (claim.declarations, claim.layout)
        real = []
        for k, src in enumerate(claim.sources):
            if src.expect == "undecided" or src.reader_latex == claim.latex:
                continue
            if known_only and src.expect != "refuted":
                continue
            layout = src.layout or claim.layout
            differs = any(claim.symbols.get(name) != spec
                          for name, spec in src.symbols.items())
            if layout != claim.layout or (own_reading and differs):
                continue
            where = f"sheet {src.sheet[:3]}, line {src.line}"
            label = f"as written on {where}" + (f" ({src.note})" if src.note else "")
            real.append((label, src.reader_latex, src.latex,
                         lambda k=k: mutate.source_evidence(claim, k),
                         (claim.declarations_for(src), layout) if differs else own, None,
                         lambda lay, k=k: mutate.source_evidence(claim, k, layout=lay)))
        for i, w in enumerate(claim.wrong):
            real.append(("a typical mistake", w, w,
                         lambda w=w, i=i: mutate.decide(claim, w, key=("wrong", i)), own,
                         None, lambda lay, w=w, i=i: mutate.decide(claim, w, key=("wrong", i),
                                                                   layout=lay)))
        rng.shuffle(real)
        muts = [] if known_only else mutate.mutations(claim.latex)
        rng.shuffle(muts)
        auto = [(f"automatic mutation: {mutate.WHAT[m.what]}", m.latex, m.latex,
                 lambda m=m: mutate.decide(claim, m.latex), own, m.site,
                 lambda lay, m=m: mutate.decide(claim, m.latex, layout=lay)) for m in muts]
        # a form right under another convention is no typo to offer
        seen = {_flat(canon_text)} | {_flat(to_unicode(o["latex"])) for o in claim.conventions}
        for cand in real + auto:
            text = _flat(to_unicode(cand[1]))  # options that render alike are one option
            if text in seen:
                continue
            seen.add(text)
            yield cand
        return

    def _refuted(self, e, rng: random.Random, want: int, own_reading: bool = False):
        """Up to ``want`` variants the checker refutes now and the fairness rules keep:
        (label, latex, shown, evidence, reading, site)."""
        claim = full_claim(e.id)
        found, checks = [], 0
        for label, latex, shown, decide, leg, site, decide_in in self._candidates(
                e, rng, own_reading=own_reading):
            if checks >= MAX_CHECKS:
                break
            checks += 1
            ev = decide()
            if not mutate.refuted(ev):
                continue
            why = fairness.judge(claim, latex, ev, site=site, decls=leg[0], layout=leg[1],
                                 others=[f[1] for f in found], title=e.title,
                                 rules=self.rules, decide_in=decide_in)
            if why:
                self.removed[why] += 1
                continue
            found.append((label, latex, shown, ev, leg, site, decide_in))
            if len(found) >= want:
                break
        return found

    def _known(self, e, rng: random.Random, want: int, own_reading: bool = False):
        """Up to ``want`` variants the catalog tests guarantee are refuted, not checked yet:
        (label, latex, shown, decide, reading, site).  Only the fairness rules that need no
        checker run here, so a claim where another rule might remove a variant (a derivative,
        free coefficients) offers none: its question waits for the checker."""
        claim = full_claim(e.id)
        if self.rules and (fairness.has_derivative(claim.latex) or fairness.may_refit(claim)):
            return []
        out = []
        for cand in self._candidates(e, rng, known_only=True, own_reading=own_reading):
            rules = [r for r in fairness.CHEAP_RULES if r in self.rules]
            why = fairness.judge(claim, cand[1], None, decls=cand[4][0], layout=cand[4][1],
                                 others=[c[1] for c in out], title=e.title, rules=rules)
            if why:
                self.removed[why] += 1
                continue
            out.append(cand)
            if len(out) >= want:
                break
        return out

    def _title(self, e) -> str:
        """The claim's title with what would tell any of its wrong forms (sheet versions,
        ``wrong`` variants, automatic mutations) from the right one cut out
        (``fairness.title_gives_away``).  The same for every question of the claim: a title
        cut only when a typo is shown would itself say "typo".  A form whose giveaway would
        leave too little of the title is not offered (the ``title`` rule), so its spans are
        not cut here."""
        if "title" not in self.rules:
            return e.title
        if e.id not in self._titles:
            claim = full_claim(e.id)
            forms = ([s.reader_latex for s in claim.sources] + list(claim.wrong)
                     + [m.latex for m in mutate.mutations(claim.latex)])
            spans = []
            for latex in forms:
                got = fairness.title_gives_away(e.title, claim.latex, latex)
                if got and fairness.redact_title(e.title, got) is not None:
                    spans += got
            self._titles[e.id] = fairness.redact_title(e.title, spans) or e.title
        return self._titles[e.id]

    def _about(self, e, title: str, decls=None, latex=None, layout=None) -> str:
        """The title, naming the layout when the formula is a derivative it matters for."""
        decls = e.declarations if decls is None else decls
        layout = layout or e.layout
        if "layout" not in title and shows_layout(decls, latex or e.latex, layout):
            return f"{title}; {layout} layout"
        return title

    def _holds(self, e, rng: random.Random, cheap: bool) -> Question:
        canon = to_unicode(e.latex)
        typo = None
        if rng.random() < TYPO_SHARE:
            got = self._known(e, rng, 1) if cheap else self._refuted(e, rng, 1)
            typo = got[0] if got else None
        qid = f"{card_id(e.id, 'holds')}#{'typo' if typo else 'canonical'}"
        if typo is None:
            return Question(qid, card_id(e.id, "holds"), e.id, e.topic, "holds",
                            f"Holds or typo?  ({self._about(e, self._title(e))})", [canon],
                            ["holds", "typo"], 0,
                            legend=legend(e.declarations, e.latex, e.layout),
                            explanation=f"It holds: this is the catalog's checked form.\n"
                                        f"  {canon}")
        label, latex, shown, ev, (decls, layout), site, decide_in = typo
        head = [clip(f"Typo ({label})."), f"Right:  {canon}", f"Shown:  {to_unicode(latex)}"]
        if shown != latex:
            head.append(clip(f"as written: {shown}"))

        def explain(ev) -> str:
            return "\n".join(head + ["Counterexample:"] + ["  " + x for x in _cx_lines(ev)]
                             if mutate.refuted(ev) else head + [_UNREFUTED.format(_verdict(ev))])

        about = self._about(e, self._title(e), decls, latex, layout)
        q = Question(qid + ":" + latex, card_id(e.id, "holds"), e.id, e.topic, "holds",
                     f"Holds or typo?  ({about})", [to_unicode(latex)],
                     ["holds", "typo"], 1, legend=legend(decls, latex, layout),
                     parts={1: dict(latex=latex, site=site, evidence=None if cheap else ev,
                                    reading=(decls, layout), decide_in=decide_in)})
        if cheap:
            q.explanation = "\n".join(head + [CHECKING])
            q.finish = lambda: explain(ev())
        else:
            q.explanation = explain(ev)
        return q

    def _pick(self, e, rng: random.Random, cheap: bool = False) -> Question | None:
        got = (self._known(e, rng, 3, own_reading=True) if cheap
               else self._refuted(e, rng, 3, own_reading=True))
        if len(got) < 3:
            return None
        canon = to_unicode(e.latex)
        opts = [(canon, None, None)] + [(to_unicode(c[1]), (c[0], c[3]), c) for c in got]
        shown = " ".join([e.latex] + [c[1] for c in got])
        rng.shuffle(opts)
        answer = next(i for i, (_, why, _) in enumerate(opts) if why is None)
        parts = {i: dict(latex=c[1], site=c[5], evidence=None if cheap else c[3],
                         reading=c[4], decide_in=c[6]) for i, (_, _, c) in enumerate(opts) if c}
        opts = [(t, why) for t, why, _ in opts]

        def explain(evs) -> str:
            expl = [f"Right: {answer + 1}. {canon}"]
            for i, (text, why) in enumerate(opts):
                if why is not None:
                    ev = evs[i]
                    expl.append(clip(f"{i + 1} is wrong ({why[0]}):"))
                    expl += (["  " + x for x in _cx_lines(ev, 3)] if mutate.refuted(ev)
                             else ["  " + _UNREFUTED.format(_verdict(ev))])
            return "\n".join(expl)

        q = Question(f"{card_id(e.id, 'pick')}#" + "|".join(t for t, _ in opts),
                     card_id(e.id, "pick"), e.id, e.topic, "pick",
                     f"Which one is right?  "
                     f"({self._about(e, self._title(e))})", [],
                     [t for t, _ in opts], answer, parts=parts,
                     legend=legend(e.declarations, shown, e.layout))
        if cheap:
            q.explanation = f"Right: {answer + 1}. {canon}\n{CHECKING}"
            q.finish = lambda: explain({i: why[1]() for i, (_, why) in enumerate(opts) if why})
        else:
            q.explanation = explain({i: why[1] for i, (_, why) in enumerate(opts) if why})
        return q

    def _gap(self, e, rng: random.Random) -> Question | None:
        claim = full_claim(e.id)
        sites = mutate.gap_sites(claim.latex)
        rng.shuffle(sites)
        sites.sort(key=lambda st: st.what == "sign")  # exponents, factors, transposes first
        checks = 0
        site_rules = [r for r in ("left_side", "copied") if r in self.rules]
        for site in sites:
            if checks >= MAX_CHECKS:
                break
            # a gap on a left side, or one whose answer stands beside it, is not asked
            why = fairness.judge(claim, claim.latex, None, site=site, rules=site_rules,
                                 gap=True)
            if why:
                self.removed[why] += 1
                continue
            mark = site.original.strip()[0] if site.original.strip()[0] in "^_" else ""
            right = _fragment(site.original, mark)
            wrong = []
            for alt in site.alternatives:
                text = _fragment(alt, mark)
                if text == right or text in [w[0] for w in wrong]:
                    continue
                checks += 1
                latex = site.apply(claim.latex, alt)
                ev = mutate.decide(claim, latex)
                if not mutate.refuted(ev):
                    continue
                why = fairness.judge(claim, latex, ev, site=site, others=[w[2] for w in wrong],
                                     title=e.title,
                                     rules=[r for r in self.rules if r not in site_rules])
                if why:
                    self.removed[why] += 1
                    continue
                wrong.append((text, ev, latex))
            if not wrong:
                continue  # e.g. every replacement clashes in size: the gap is forced by types
            # a script's gap keeps its mark (e^▢) and the options read as its content (zⱼ)
            shown = to_unicode(site.apply(claim.latex, mark + r"{\square}"))
            opts = [(right, None, claim.latex)] + wrong
            rng.shuffle(opts)
            answer = next(i for i, (_, ev, _) in enumerate(opts) if ev is None)
            expl = [f"Right: {answer + 1}. {right}", f"  {to_unicode(claim.latex)}"]
            for i, (text, ev, _) in enumerate(opts):
                if ev is not None:
                    expl.append(f"{i + 1} ({text}) is refuted:")
                    expl += ["  " + x for x in _cx_lines(ev, 3)]
            parts = {i: dict(latex=latex, site=site, evidence=ev,
                             reading=(claim.declarations, claim.layout), decide_in=None)
                     for i, (_, ev, latex) in enumerate(opts) if ev is not None}
            about = self._about(e, self._title(e))
            return Question(f"{card_id(e.id, 'gap')}#{site.start}:{site.original}",
                            card_id(e.id, "gap"), e.id, e.topic, "gap",
                            f"Fill the gap ▢ ({GAP_WHAT[site.what]}): {about}", [shown],
                            [t for t, _, _ in opts], answer, explanation="\n".join(expl),
                            legend=legend(claim.declarations, claim.latex, claim.layout),
                            parts=parts)
        return None


_UNREFUTED = ("the checker did not refute it in this run ({}), although the catalog tests "
              "say it is wrong: please report this")


def _verdict(ev) -> str:
    return "no evidence" if ev is None else f"{ev.verdict}: {ev.detail}" if ev.detail \
        else ev.verdict


GAP_WHAT = {"exponent": "an exponent", "transpose": "transpose or inverse", "sign": "a sign",
            "fraction": "a fraction", "factor": "a factor", "index": "an index",
            "bound": "a bound of the sum"}


def _flat(text: str) -> str:
    """A rendered formula without its spaces: two options equal here look the same."""
    return re.sub(r"\s+", "", text)


def _fragment(latex: str, mark: str = "") -> str:
    """A gap option: a script's content when the gap keeps the script's mark, else the
    fragment itself."""
    if mark:
        text = script_content(latex)
        if text is not None:
            return text
    if not latex.strip():
        return "(nothing)"
    text = to_unicode(latex)
    return {"-": "−", "+": "+"}.get(text, text)

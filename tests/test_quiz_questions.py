"""Question generators: what is shown as wrong is refuted, what is shown as right is canonical."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from cheatsheet.quiz import mutate
from cheatsheet.quiz.compute import GENERATORS
from cheatsheet.quiz.render import to_unicode

MINI = Path(__file__).resolve().parent / "fixtures" / "claims"


@pytest.fixture
def bank(monkeypatch):
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(MINI))
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank

    return Bank(list(get_catalog()))


@pytest.mark.parametrize("latex, text", [
    (r"\mathbf{A}^T \mathbf{x}", "𝐀ᵀ 𝐱"),
    (r"x^{-1} + y_i^2", "x⁻¹ + yᵢ²"),
    (r"\frac{a + b}{2}", "(a + b)/2"),
    (r"\sum_{i=1}^{n} p_i \log p_i", "∑ᵢ₌₁ⁿ pᵢ log pᵢ"),
    (r"e^{\lambda(e^{t}-1)}", "e^(λ(eᵗ−1))"),  # one minus sign (U+2212) throughout
])
def test_render(latex, text):
    assert to_unicode(latex) == text


def test_mutations_cover_the_kinds():
    whats = {m.what for m in mutate.mutations(
        r"\text{Var}[\mathbf{A}\mathbf{X}] = \frac{1}{2} \mathbf{A} \Sigma_{ij}^{-1} "
        r"\mathbf{A}^T + x^2 - 2y")}
    assert {"transpose", "exponent", "sign", "factor", "index"} <= whats


def test_equivalent_mutation_is_not_refuted():
    from cheatsheet.catalog import Catalog

    claim = Catalog.load(MINI)["mini.sigmoid_derivative"]
    same = r"\frac{d}{dz}\sigma(z) = \sigma(z) - \sigma(z)^2"
    assert not mutate.refuted(mutate.decide(claim, same))
    wrong = r"\frac{d}{dz}\sigma(z) = \sigma(z)(1 + \sigma(z))"
    assert mutate.refuted(mutate.decide(claim, wrong))


def test_every_wrong_option_is_refuted(bank):
    from cheatsheet.catalog import get_catalog

    cat = get_catalog()
    built = {"holds": 0, "pick": 0, "gap": 0}
    for seed in range(4):
        for ref in bank.cards():
            if ref.kind == "compute":
                continue
            q = bank.build(ref, random.Random(seed))
            if q is None:
                continue
            built[q.kind] += 1
            claim = cat[q.claim_id]
            if q.kind == "holds":
                if q.answer == 0:
                    assert q.formulas == [to_unicode(claim.latex)]
                else:
                    # the counterexample's sides, or why there are none (sizes that clash)
                    assert "Counterexample" in q.explanation
                    assert "left side" in q.explanation or "why: " in q.explanation
            elif q.kind == "pick":
                assert q.options[q.answer] == to_unicode(claim.latex)
                assert len(set(q.options)) == 4
            else:
                assert "▢" in q.formulas[0] and len(q.options) >= 2
    assert all(built.values()), built


def test_pick_distractors_are_checker_refuted(bank):
    from cheatsheet.catalog import get_catalog

    cat = get_catalog()
    built = 0
    for ref in [r for r in bank.cards() if r.kind == "pick"]:
        q = bank.build(ref, random.Random(0))
        if q is None:  # mini.var_ax: its automatic mutations only clash in size
            continue
        built += 1
        claim = cat[ref.claim_id]
        texts = {to_unicode(l): l for l in claim.wrong + [m.latex for m in
                                                          mutate.mutations(claim.latex)]}
        for i, opt in enumerate(q.options):
            if i != q.answer:
                assert mutate.refuted(mutate.decide(claim, texts[opt]) if texts[opt] not in
                                      claim.wrong else mutate.decide(
                                          claim, texts[opt], key=("wrong", claim.wrong.index(
                                              texts[opt]))))
    assert built


def test_first_question_needs_no_checker(bank, tmp_path, monkeypatch):
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    def no_checker(*a, **k):
        raise AssertionError("the first question must not wait for the checker")

    monkeypatch.setattr("cheatsheet.verify.check.check_version", no_checker)
    monkeypatch.setattr(mutate, "_CACHE", {})
    for seed in range(12):
        s = Session(bank, Store(tmp_path / f"q{seed}.db"), seed=seed, count=3)
        q = s.next_question()
        assert q.kind in ("compute", "holds", "pick")


def test_first_question_is_as_varied_as_the_rest(bank, tmp_path):
    """Not always "holds" (the canonical form) or compute: a typo is shown about half of the
    time, with a variant the checker then refutes in this process."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    firsts = []
    # 80 seeds: the mini catalog's 9 cards share the first question with every compute card
    for seed in range(80):
        store = Store(tmp_path / f"v{seed}.db")
        s = Session(bank, store, seed=seed, count=3)
        q = s.next_question()
        firsts.append((q.kind, q.answer))
        if q.kind == "holds" and q.answer == 1:
            assert q.pending and "being checked" in q.explanation
            s.prefetch()  # the worker: checks the variant on screen first
            assert not q.pending
            claim = get_catalog()[q.claim_id]
            assert "Counterexample:" in q.explanation and "\n  at " in q.explanation
            assert any(k[0] == claim.id and mutate.refuted(v) and to_unicode(k[1]) ==
                       q.formulas[0] for k, v in mutate._CACHE.items())
            out = s.answer(q, "1", 2.0)  # wrong: the explanation is the complete one
            assert out.complete() == q.explanation and not out.pending
        store.close()
    holds = [a for k, a in firsts if k == "holds"]
    assert holds.count(1) >= 3 and holds.count(0) >= 3, firsts
    assert len({k for k, _ in firsts}) >= 2, firsts


def test_a_pending_explanation_is_completed_on_answer(bank, tmp_path):
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    for seed in range(30):
        s = Session(bank, Store(tmp_path / f"p{seed}.db"), seed=seed, count=2)
        q = s.next_question()
        if q.pending:
            out = s.answer(q, str(q.answer + 1), 2.0)  # answered before the worker ran
            assert out.pending and "being checked" in out.explanation
            assert "Counterexample:" in out.complete() or "is wrong" in out.complete()
            assert "being checked" not in out.complete()
            return
    pytest.fail("no seed gave a first question with variants to check")


def test_background_checks_wait_while_an_answer_is_processed(bank, tmp_path, monkeypatch):
    import threading
    import time

    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store
    from cheatsheet.verify import check

    calls = []
    real = check.check_version

    def counting(*a, **k):
        calls.append(threading.current_thread().name)
        return real(*a, **k)

    monkeypatch.setattr(check, "check_version", counting)
    monkeypatch.setattr(mutate, "_CACHE", {})
    kinds = ("gap",)  # every gap needs checks: the next question is built by checking
    from cheatsheet.catalog import get_catalog
    from cheatsheet.quiz.questions import Bank

    s = Session(Bank(list(get_catalog()), kinds=kinds), Store(tmp_path / "g.db"), seed=2,
                count=5)
    q = s.next_question()
    calls.clear()  # the first gap was checked on the main thread
    s.hold()  # the answer path starts
    try:
        worker = threading.Thread(target=s.prefetch, name="worker")
        worker.start()
        time.sleep(0.5)
        assert calls == [] and worker.is_alive()  # no check starts while held
        s.answer(q, str(q.answer + 1), 2.0)
        assert calls == []
    finally:
        s.release()  # feedback painted
    worker.join(30)
    assert not worker.is_alive() and calls and set(calls) == {"worker"}


@pytest.mark.parametrize("gen", GENERATORS, ids=[g.id for g in GENERATORS])
def test_compute_generators(gen):
    for seed in range(5):
        q = gen.make(random.Random(seed))
        assert q.numeric and q.explanation
        assert q.is_correct(q.parse(repr(q.value)))
        assert not q.is_correct(q.parse(repr(q.value * 1.5 + 1)))
        assert q.parse("nonsense") is None


def test_parse_options_and_numbers():
    from cheatsheet.quiz.questions import Question

    q = Question("x", "c/holds", "c", "t", "holds", "?", [], ["holds", "typo"], 1)
    assert q.parse("2") == 1 and q.parse("3") is None and q.parse("0") is None
    assert q.is_correct(q.parse("2")) and not q.is_correct(q.parse("1"))
    n = Question("y", "c/compute", "c", "t", "compute", "?", value=1 / 3)
    assert n.is_correct(n.parse("1/3")) and n.is_correct(n.parse("0.3334"))
    assert not n.is_correct(n.parse("0.3"))


def _session(bank, tmp_path, **kw):
    from cheatsheet.quiz.session import Session
    from cheatsheet.quiz.store import Store

    return Session(bank, Store(tmp_path / "again.db"), **kw)


def _wrong_text(q):
    return repr(q.value * 3 + 10) if q.numeric else str((q.answer + 1) % len(q.options) + 1)


def _right_text(q):
    return repr(q.value) if q.numeric else str(q.answer + 1)


@pytest.mark.parametrize("prefetch", [False, True])
def test_a_card_answered_wrong_comes_back_a_few_questions_later(bank, tmp_path, prefetch):
    from cheatsheet.quiz.session import AGAIN_GAP

    s = _session(bank, tmp_path, seed=3, count=8)
    cards = []
    while (q := s.next_question()) is not None:
        cards.append(q.card)
        if prefetch:
            s.prefetch()  # the app builds the next question before the answer comes in
        wrong = len(cards) == 1  # only the first question is missed
        outcome = s.answer(q, _wrong_text(q) if wrong else _right_text(q), 3.0)
        assert outcome.correct is not wrong
        if not prefetch:
            s.prefetch()
    assert len(cards) == 8  # --count is still the most questions asked
    assert cards[AGAIN_GAP + 1] == cards[0]  # after AGAIN_GAP other questions
    assert cards[0] not in cards[1:AGAIN_GAP + 1]
    ratings = [r["rating"] for r in s.store.reviews() if r["card"] == cards[0]]
    assert ratings[0] == 1 and len(ratings) == 2  # Again, then asked again


@pytest.mark.parametrize("count, again", [(10, 1), (19, 1), (50, 5)])
def test_comebacks_are_bounded_and_small_selections_grow(bank, tmp_path, count, again):
    # a selection of two compute cards, every answer wrong: each card comes back once per
    # 10 questions of --count, the session grows to 2 * (1 + that) questions (below --count)
    # and ends
    two = [r for r in bank.cards() if r.kind == "compute"][:2]
    bank.cards = lambda: two
    s = _session(bank, tmp_path, seed=1, count=count)
    assert s.total == 2 and s.max_again == again
    asked = []
    while (q := s.next_question()) is not None:
        asked.append(q.card)
        s.answer(q, _wrong_text(q), 3.0)
        assert len(asked) < 20
    assert sorted(asked) == sorted([c.card for c in two] * (1 + again))
    assert s.progress().startswith(f"question {len(asked)} of {len(asked)}")


def test_explanations_show_the_counterexample_instance(bank):
    """Every refuted option is explained with the symbol values of its counterexample, the
    lines ``cheatsheet show`` prints (``counterexample_lines``), not only the two sides."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.verify.report import counterexample_lines

    cat = get_catalog()
    seen = {"holds": 0, "pick": 0, "gap": 0}
    for seed in range(6):
        for ref in bank.cards():
            if ref.kind == "compute":
                continue
            q = bank.build(ref, random.Random(seed))
            if q is None or (q.kind == "holds" and q.answer == 0):
                continue
            claim = cat[q.claim_id]
            lines = q.explanation.splitlines()
            refuted = [i for i in range(len(q.options)) if i != q.answer]
            if q.kind == "holds":
                refuted = [None]
            for i in refuted:
                if q.kind == "holds":
                    latex = next(l for l in claim.wrong + [m.latex for m in mutate.mutations(
                        claim.latex)] + [s.reader_latex for s in claim.sources]
                        if to_unicode(l) == q.formulas[0])
                    head = next(k for k, x in enumerate(lines) if x == "Counterexample:")
                else:
                    head = next(k for k, x in enumerate(lines) if x.startswith(f"{i + 1} "))
                    latex = None
                block = lines[head + 1:head + 4]
                at = [x for x in block if x.strip().startswith("at ")]
                sides = [x for x in block if x.strip().startswith(("left side = ", "why: "))]
                assert at and sides, (q.kind, q.explanation)
                if latex is not None and latex in claim.wrong:
                    ev = mutate.decide(claim, latex, key=("wrong", claim.wrong.index(latex)))
                    assert at[0].strip() == counterexample_lines(ev.counterexample)[
                        [k for k, x in enumerate(counterexample_lines(ev.counterexample))
                         if x.startswith("at ")][0]][:160].rstrip() or at[0].endswith("…")
                assert all(len(x) <= 170 for x in lines)
                assert "rerun with --seed" not in q.explanation
            seen[q.kind] += 1
    assert all(seen.values()), seen


# -- rendering of the real catalog ------------------------------------------------------------

@pytest.fixture(scope="module")
def real_catalog():
    from cheatsheet.catalog import Catalog, claims_dir

    import os

    if os.environ.get("CHEATSHEET_CLAIMS"):
        pytest.skip("the real catalog is replaced by $CHEATSHEET_CLAIMS")
    return Catalog.load(claims_dir())


@pytest.mark.parametrize("claim_id, part", [
    ("cross_entropy.logits", "−log₂ softmax(z)_y"),  # was "-log ₂"
    ("kl.equal-variance-gaussians", "= 1/(2σ²) ‖μ_q − μₚ‖²"),  # was "1/2σ²" (reads σ²/2)
    ("mgf.normal", "𝔼[e^(t(μ + σZ))]"),  # was "μ+ σZ"
    ("perceptron.hyperplane_offset", "δ = −b/‖w‖"),  # was "δ= -b"
    ("word2vec.softmax_normalised", "∑ᵥ₌₁ᴺ exp(x_wᵀ yᵥ)/(∑_(μ=1)ᴺ"),  # was "^N (exp(…))"
    ("condition_number.eigenvalues", "κ(H) = |λₘₐₓ|/|λₘᵢₙ| ≥ 1"),
    ("conv.output_size", "⌊(Hᵢₙ + 2P − K)/S ⌋ + 1"),  # was "⌋+ 1"
    ("deriv.jacobian.shape", "N_rows = m, N_cols = n"),  # was "N_(rows)"
    ("sigmoid.definition", "σ(𝐱)ᵢ = 1/(1 + e^(−xᵢ))"),  # one minus sign
])
def test_render_real_catalog_formulas(real_catalog, claim_id, part):
    assert part in to_unicode(real_catalog[claim_id].latex)


def test_render_whole_catalog_spacing(real_catalog):
    import re

    from cheatsheet.quiz.render import OPERATOR_NAMES

    ops = "|".join(OPERATOR_NAMES)
    for claim in real_catalog:
        for latex in [claim.latex] + list(claim.wrong):
            text = to_unicode(latex)
            assert not re.search(r"\b(%s) [₀-₉ₐ-ₜᵢ-ᵪⱼ⁰-ⁿᵀ]" % ops, text), text
            assert not re.search(r"(?<![A-Za-z]{2})-|-(?![A-Za-z]{2})", text), text  # U+2212
            # a binary + or − is spaced on both sides or on neither
            for m in re.finditer(r"(?<=[\w)\]}|‖²ᵀ])( ?)([+−])( ?)(?=[\w(\[|‖∑√])", text):
                assert bool(m.group(1)) == bool(m.group(3)), (text, m.group(0))


def test_gap_options_for_exponents_read_as_exponents(bank):
    """A gap on an exponent shows the mark in the formula (e^▢) and options as exponents
    (tX, −tX), not as ^(tX)."""
    from cheatsheet.quiz.render import script_content

    seen = 0
    for seed in range(8):
        for ref in bank.cards():
            if ref.kind != "gap":
                continue
            q = bank.build(ref, random.Random(seed))
            if q is None:
                continue
            assert not any(o.startswith(("^", "_")) for o in q.options), q.options
            if "^▢" in q.formulas[0]:
                seen += 1
                assert "an exponent" in q.prompt or "transpose" in q.prompt
    assert seen
    assert script_content(r"^{z_j}") == "zⱼ" and script_content("^T") == "T"
    assert script_content("") == "(nothing)" and script_content(r"\frac{1}{2}") is None


def test_long_explanation_lines_are_clipped():
    from cheatsheet.quiz.render import CLIP, clip

    assert clip("x" * 500).endswith("…") and len(clip("x" * 500)) == CLIP
    assert clip("short") == "short"


def test_a_form_right_under_another_convention_is_never_offered_as_a_typo(real_catalog,
                                                                          monkeypatch):
    """Newton's step without its minus sign is right where the step is applied as x - d:
    a mutation that writes it (a dropped sign) must not be a distractor."""
    from types import SimpleNamespace

    from cheatsheet.quiz.questions import Bank

    claim = real_catalog["newton.step"]
    (other,) = claim.conventions
    dropped = SimpleNamespace(latex=other["latex"], what=next(iter(mutate.WHAT)), site=None)
    real = mutate.mutations
    monkeypatch.setattr(mutate, "mutations", lambda latex: [dropped] + real(latex))
    bank = Bank([claim])
    shown = {to_unicode(c[1]) for seed in range(3)
             for c in bank._candidates(claim, random.Random(seed))}
    assert shown, "the claim has wrong forms to offer"
    assert to_unicode(other["latex"]) not in shown

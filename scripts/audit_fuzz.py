"""Fuzz `cheatsheet audit`: mutated formulas from the source sheets must each get a finding.

Issue 8's robustness measure: thousands of formulas of the five sheets, each mutated by a few
random insertions, deletions and swaps of characters and LaTeX tokens, are read as a one-line
sheet (the Markdown reader, the splitter, conventions and habits all run) and decided. Each must
end in a finding (ok, wrong or unchecked); an exception escaping any stage, or a formula running
past its time limit (which must end it as unchecked), is a failure.

    python scripts/audit_fuzz.py [SEEDS_DIR] [--count 2000] [--seed 0] [--limit 6] [-v]
                                 [--show-wrong]

Prints how many formulas were decided, the findings per verdict, the slowest formula and its
time, the swallowed checker failures, time-outs and every exception or overrun with the mutated
formula that caused it. Exit status 1 if any formula raised, overran or got no finding.
Seeded: the same --seed and --count mutate the same formulas the same way.
"""
from __future__ import annotations

import argparse
import faulthandler
import os
import random
import re
import sys
import time
import traceback
import warnings
from collections import Counter
from pathlib import Path

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # as `cheatsheet audit` does

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

# LaTeX tokens worth inserting: structure that readers trip on
TOKENS = [r"\frac", r"\dfrac", r"\sum_{i=1}^{n}", r"\prod", r"\int", r"\left(", r"\right)",
          r"\left\|", r"\right\|", r"\begin{aligned}", r"\end{aligned}", r"\begin{cases}",
          r"\end{cases}", r"\\", "&", "{", "}", "^", "_", r"\mathbf{", r"\text{for }",
          r"\partial", r"\nabla", "^{-1}", "^T", r"\top", r"\sqrt{", r"\|", r"\mid", "|",
          r"\quad", r",", r"\operatorname{Var}", r"\mathbb{E}", r"\log", r"\exp", "=", r"\leq",
          "<", "+", "-", r"\cdot", r"\times", "(", ")", "[", "]", r"\{", r"\}", "$", "$$",
          r"\[", r"\]", "'", "!", r"\sim", r"\in", r"\mathbb{R}^{n}", r"\infty", r"\middle",
          r"\ ", "0", "1", "2", "x", "y", "X", r"\theta", r"\sigma", r"\lambda"]
CHARS = "\\{}^_$()[]|&=+-*/<>,.;:!' abcxyzXYZ012\n"
_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|[{}^_&$]|[A-Za-z]|\d+|\s+|.")
OPERATIONS = ("insert_char", "delete_char", "swap_chars", "insert_token", "delete_token",
              "swap_tokens", "retype")
# a typo a student makes: a token replaced by another of its kind (the formula stays readable,
# so matching and the checks run, not only the reader's refusal)
KINDS = [list("abcdfghkmnpqrstuvwxyz"), list("ABCDFGHKMNPQRSTUVWXYZ"), list("0123456789"),
         ["+", "-"], ["=", "<", ">", r"\leq", r"\geq"], [r"\log", r"\exp", r"\sin", r"\cos",
                                                        r"	anh", r"\sigma"],
         [r"lpha", r"eta", r"\gamma", r"\lambda", r"\mu", r"\sigma", r"	heta", r"\eta"],
         ["^", "_"], [r"	op", "T"], [r"rac", r"\dfrac"], [r"\sum", r"\prod"]]


def mutate(latex: str, rng: random.Random, edits: int | None = None) -> str:
    """``latex`` after 1-3 random insertions, deletions, swaps and retypings of characters or
    tokens (one edit most often: a formula still close to a real one reaches the checks)."""
    out = latex
    for _ in range(edits or rng.choice((1, 1, 1, 2, 3))):
        op = rng.choice(OPERATIONS)
        if op == "insert_char":
            k = rng.randint(0, len(out))
            out = out[:k] + rng.choice(CHARS) + out[k:]
        elif op == "delete_char" and out:
            k = rng.randrange(len(out))
            out = out[:k] + out[k + 1:]
        elif op == "swap_chars" and len(out) > 1:
            k = rng.randrange(len(out) - 1)
            out = out[:k] + out[k + 1] + out[k] + out[k + 2:]
        else:
            toks = _TOKEN.findall(out)
            if op == "insert_token" or not toks:
                k = rng.randint(0, len(toks))
                toks.insert(k, rng.choice(TOKENS))
            elif op == "delete_token":
                del toks[rng.randrange(len(toks))]
            elif op == "retype":
                spots = [(k, kind) for k, t in enumerate(toks) for kind in KINDS if t in kind]
                if spots:
                    k, kind = rng.choice(spots)
                    toks[k] = rng.choice([t for t in kind if t != toks[k]])
                    if toks[k][0] == "\\" and k + 1 < len(toks) and toks[k + 1][:1].isalpha():
                        toks[k] += " "
            elif len(toks) > 1:
                i, j = rng.sample(range(len(toks)), 2)
                toks[i], toks[j] = toks[j], toks[i]
            out = "".join(toks)
    return out


def seed_formulas(seeds_dir: Path) -> list[tuple[str, object]]:
    """(sheet name, formula) for every formula of the source sheets, in reading order."""
    from cheatsheet.sheets import formulas_of, read_sheet

    out = []
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        for seg in read_sheet(path).segments:
            out += [(path.name, f) for f in formulas_of(seg)]
    return out


def sheet_for(formula, latex: str) -> str:
    """A small sheet holding the mutated formula where the original stood: its headings, its
    words before and after, inline or display as it was written."""
    heads = "\n\n".join("#" * min(k + 1, 6) + " " + h.title
                        for k, h in enumerate(formula.segment.headings))
    seg = formula.segment
    math = f"$$\n{latex}\n$$" if seg.display else f"{seg.before} ${latex}$ {seg.after}"
    return f"{heads}\n\n{math}\n" if heads else f"{math}\n"


class Fuzz:
    def __init__(self, limit: float, seed: int, verbose: bool = False):
        from cheatsheet.catalog import get_catalog
        from cheatsheet.match import Matcher
        from cheatsheet.verify.audit import decide

        from cheatsheet.verify.audit.run import _warm_up

        decide.FORMULA_TIME_LIMIT = limit
        self.limit = limit
        self.decider = decide.Decider(get_catalog(), Matcher(get_catalog()), seed=seed)
        _warm_up()  # as the audit's workers start: the first formula is not charged the imports
        self.wrong: list[tuple[str, str, object]] = []  # (original, mutant, finding)
        self.verbose = verbose
        self.verdicts: Counter = Counter()
        self.swallowed: Counter = Counter()  # reasons that hide a failure: crashes, time-outs
        self.failures: list[str] = []
        self.slowest = (0.0, "")
        self.formulas = 0

    def run_one(self, name: str, text: str, original: str = "") -> None:
        """Read the small sheet and decide each of its formulas; record what happened."""
        from cheatsheet.verify.audit.run import jobs_of

        try:
            jobs = jobs_of(name, text)
        except Exception:  # noqa: BLE001 - what the fuzzer is for
            self.failures.append(f"reading raised:\n{text}\n{traceback.format_exc()}")
            return
        for job in jobs:
            start = time.perf_counter()
            # a hang the time limit does not end: dump the stacks and stop
            faulthandler.dump_traceback_later(self.limit * 3 + 30, exit=True,
                                              file=sys.__stderr__)
            try:
                finding = self.decider.decide(job.formula, job.conv, job.file, job.habits)
            except BaseException:  # noqa: BLE001
                self.failures.append(f"deciding raised on {job.formula.latex!r}:\n"
                                     f"{traceback.format_exc()}")
                continue
            finally:
                faulthandler.cancel_dump_traceback_later()
            spent = time.perf_counter() - start
            self.formulas += 1
            self.verdicts[finding.verdict] += 1
            if finding.verdict == "wrong":
                self.wrong.append((original, job.formula.latex, finding))
            if spent > self.slowest[0]:
                self.slowest = (spent, job.formula.latex)
            if spent > self.limit + 2.0:
                self.failures.append(f"overran its {self.limit:g} s limit ({spent:.1f} s): "
                                     f"{job.formula.latex!r}")
            reason = finding.reason
            for marker in ("the checker failed", "nested too deeply", "no decision within"):
                if reason.startswith(marker):
                    self.swallowed[reason] += 1
                    if self.verbose:
                        print(f"  {reason}: {job.formula.latex!r}")
            if finding.latex != job.formula.latex or finding.line != job.formula.line:
                self.failures.append(f"finding not about its formula: {finding}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("seeds_dir", nargs="?", default=str(DEFAULT_SEEDS))
    ap.add_argument("--count", type=int, default=2000, help="mutated formulas (default 2000)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the mutations (default 0)")
    ap.add_argument("--limit", type=float, default=6.0,
                    help="per-formula time limit in seconds (default 6, as the audit)")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print each swallowed failure and time-out as it happens")
    ap.add_argument("--show-wrong", action="store_true",
                    help="list each mutant found wrong with its original (to look for false "
                         "alarms: a mutation can leave a formula right)")
    args = ap.parse_args(argv)
    if not Path(args.seeds_dir).is_dir():
        print(f"audit_fuzz: {args.seeds_dir}: no such directory of sheets", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")
    import numpy as np

    np.seterr(all="ignore")
    t0 = time.perf_counter()
    base = seed_formulas(Path(args.seeds_dir))
    fuzz = Fuzz(args.limit, seed=0, verbose=args.verbose)
    rng = random.Random(args.seed)
    print(f"{len(base)} formulas in the sheets; mutating {args.count} "
          f"(seed {args.seed}, limit {args.limit:g} s per formula)", flush=True)
    for n in range(args.count):
        name, formula = rng.choice(base)
        latex = mutate(formula.latex, rng)
        fuzz.run_one(f"fuzz/{name}", sheet_for(formula, latex), formula.latex)
        if (n + 1) % 250 == 0:
            print(f"  {n + 1} mutated, {fuzz.formulas} formulas decided, "
                  f"{time.perf_counter() - t0:.0f} s", flush=True)
    spent = time.perf_counter() - t0
    v = fuzz.verdicts
    print(f"\nmutated formulas: {args.count}; formulas decided (after splitting): {fuzz.formulas}")
    print(f"findings: {v['ok']} ok, {v['wrong']} wrong, {v['unchecked']} unchecked")
    print(f"slowest formula: {fuzz.slowest[0]:.2f} s  {fuzz.slowest[1][:100]!r}")
    print(f"time: {spent:.0f} s, {spent / max(1, fuzz.formulas) * 1000:.0f} ms per formula")
    kinds = Counter(r.split(" (")[0].split(" within")[0] for r in fuzz.swallowed.elements())
    print("ended by the decider's guards: " + (", ".join(f"{k}: {n}" for k, n in kinds.items())
                                               or "none"))
    for reason, n in fuzz.swallowed.most_common(8):
        print(f"  {n:4d}  {reason}")
    if args.show_wrong:
        print("mutants found wrong (original, then mutant and the finding):")
        for original, mutant, f in fuzz.wrong:
            print(f"  {original}\n  -> {mutant}\n     [{f.claim or 'no claim'}] {f.reason}"
                  + (f"\n     right: {f.expected}" if f.expected else ""))
    print(f"exceptions, hangs or overruns: {len(fuzz.failures)}")
    for failure in fuzz.failures[:20]:
        print("  " + failure.replace("\n", "\n    "))
    return 1 if fuzz.failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Workers start with what the checks import on first use already imported by the parent
(verify/runner.py ``_preload_for_workers``), so no worker pays for those imports again."""
from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import json, os, sys
from cheatsheet.catalog import get_catalog
from cheatsheet.verify import runner

imported = set()
work = runner._work

def recording(i):  # in a worker: the modules each claim's check imported
    before = set(sys.modules)
    out = work(i)
    imported.update(set(sys.modules) - before)
    with open(os.environ["REPORT"] + f".{os.getpid()}", "w") as fh:
        json.dump(sorted(imported), fh)
    return out

runner._work = recording
# simplify's proofs import sympy.physics, a law's check sympy.stats (mgf.poisson: a quick one;
# mgf.normal's proof alone took 2 s), a sheet line the sheets' context
ids = ["softplus.sigmoid_integral", "gammafn.factorial", "mgf.poisson", "tanh.definition",
       "sigmoid.derivative"]
claims = [c for c in get_catalog() if c.id in ids]
results = runner.run_claims(claims, jobs=2)
print(json.dumps({r.id: r.verdict for r in results}))
"""


def test_workers_import_no_sympy_module_on_first_use(tmp_path):
    report = tmp_path / "imported"
    env = {"REPORT": str(report), "OPENBLAS_NUM_THREADS": "1", "CHEATSHEET_NO_CACHE": "1",
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    verdicts = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(verdicts) >= 4 and "proved" in verdicts.values()  # simplify and laws did run
    files = list(tmp_path.glob("imported.*"))
    assert files, "no worker reported"
    imported = set().union(*(json.loads(f.read_text()) for f in files))
    heavy = ("sympy.physics", "sympy.stats", "cheatsheet.verify.sheet_context")
    assert not {m for m in imported if m.startswith(heavy)}, imported

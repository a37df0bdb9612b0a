"""How much of the source sheets' math the reader reads: a floor so the share never slides back."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FLOOR = 62.0  # percent of all math segments; set just below the measured share (62.2%)


def _script():
    spec = importlib.util.spec_from_file_location("seed_parse_share", ROOT / "scripts" / "seed_parse_share.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed sheets not found at {SEEDS}")
def test_seed_parse_share_stays_above_floor():
    mod = _script()
    result = mod.measure(SEEDS)
    n, ok, share = mod.overall(result)
    print(f"\nseed parse share: {ok}/{n} = {share:.1f}%")
    assert n > 1000
    assert share >= FLOOR

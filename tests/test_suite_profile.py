"""benchmarks/suite_profile.py --cpu reads the per-test CPU files the suite's conftest writes
(``CHEATSHEET_TEST_CPU``): seconds summed per file, per test function and per worker."""
from __future__ import annotations

import importlib.util

from conftest import REPO


def _module():
    spec = importlib.util.spec_from_file_location("suite_profile",
                                                  REPO / "benchmarks" / "suite_profile.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cpu_files_are_summed_per_file_function_and_worker(tmp_path):
    one, two = tmp_path / "cpu.gw0", tmp_path / "cpu.gw1"
    # a parameter with spaces in it, and a worker's note, as conftest writes them
    one.write_text("1.500 4.000 tests/test_a.py::test_x[a b]\n"
                   "0.250 0.300 tests/test_a.py::test_x[c]\n"
                   "# reading memo CacheInfo(hits=1, misses=2, maxsize=8, currsize=2)\n",
                   encoding="utf-8")
    two.write_text("2.000 9.000 tests/test_b.py::test_y\n"
                   "0.125 0.200 tests/test_a.py::test_z\n", encoding="utf-8")
    (files, functions, count), workers = _module().profile_cpu([str(one), str(two)])
    assert files == {"tests/test_a.py": 1.875, "tests/test_b.py": 2.0}
    assert functions["tests/test_a.py::test_x"] == 1.75 and count["tests/test_a.py::test_x"] == 2
    assert functions["tests/test_a.py::test_z"] == 0.125 and count["tests/test_a.py"] == 3
    assert workers == {str(one): 1.75, str(two): 2.125}  # CPU, not the wall column

"""Running independent blocks of BLAS-heavy work in threads, one per core, each with
single-threaded BLAS.

Attention and convolution are chains of short BLAS products with NumPy steps (exp, copies,
sums) between them. With BLAS running its own threads, the NumPy steps leave the other cores
idle and BLAS's threads spin between the short products; on a busy machine they wait on one
another for whole time slices (attention forward went 35 -> 430 ms at load 9). Whole blocks
in threads, one per core, each with single-threaded BLAS (threadpoolctl limits it for the
length of the call), is what PyTorch's CPU kernels do; NumPy releases the GIL in its loops and
BLAS calls. Without threadpoolctl, or for small inputs, the blocks run in turn and BLAS keeps
its own threads.
"""
from __future__ import annotations

import os

import numpy as np

PARALLEL_MIN = 1 << 20  # elements of work below which threads cost more than they save
_STATE: dict = {}  # the BLAS thread controller and the thread pool, made on first use


def blas_controller():
    """threadpoolctl's controller of NumPy's BLAS, or None (threadpoolctl not installed)."""
    if "controller" not in _STATE:
        try:
            from threadpoolctl import ThreadpoolController

            _STATE["controller"] = ThreadpoolController()
        except Exception:  # noqa: BLE001 - not installed, or cannot inspect the libraries
            _STATE["controller"] = None
    return _STATE["controller"]


def block_threads(controller) -> int:
    """As many threads as BLAS would use itself (so OPENBLAS_NUM_THREADS=1, as in
    ``cheatsheet verify``'s workers, keeps everything on one core), at most the CPUs."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    blas = [i.get("num_threads") or 1 for i in controller.info() if i.get("user_api") == "blas"]
    return max(1, min([cpus] + blas)) if blas else 1


def threads_for(work: int, blocks: int) -> tuple[object, int]:
    """(controller, thread count) for ``blocks`` blocks totalling ``work`` elements; the count
    is 1 when the blocks should run in turn."""
    controller = blas_controller() if work >= PARALLEL_MIN and blocks > 1 else None
    return controller, (block_threads(controller) if controller is not None else 1)


def each_block(body, blocks, work: int) -> None:
    """``body(*block)`` for every block: in threads when the work is large, else in turn. The
    blocks must write disjoint outputs; an exception in one reaches the caller; the caller's
    NumPy error settings (per thread in NumPy) hold in every block."""
    blocks = list(blocks)
    controller, n = threads_for(work, len(blocks))
    if n < 2:
        for block in blocks:
            body(*block)
        return
    pool = _STATE.get("pool")
    if pool is None or _STATE.get("size") != n:
        from concurrent.futures import ThreadPoolExecutor  # only when threads are used

        pool = _STATE["pool"] = ThreadPoolExecutor(n, thread_name_prefix="cheatsheet-nn")
        _STATE["size"] = n
    err = np.geterr()

    def run(block):
        with np.errstate(**err):
            return body(*block)

    with controller.limit(limits=1, user_api="blas"):
        for future in [pool.submit(run, block) for block in blocks]:
            future.result()

"""Figure work in child processes, each under a memory cap and a time limit, that never outlive the build.

Every figure of `build`, `lint` and `watch` runs here, even a single one, so the limits always hold:
- a worker's address space is capped (RLIMIT_AS) and each task has a wall-clock limit (an alarm in the worker,
  and a hard kill from the parent if the worker stops answering);
- workers ignore Ctrl-C (the parent reports it once) and die with their parent (PR_SET_PDEATHSIG on Linux, and a
  watcher thread anywhere);
- a worker killed from outside (the out-of-memory killer, `kill -9`) costs only the tasks it was running: they
  are retried one at a time, and the one that kills its worker again is reported as a one-line error.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable

from diagrams.errors import DiagramError

WORKER_MEMORY_BYTES = 8 << 30       # per worker: no figure needs more than a fraction of this
FIGURE_TIME_LIMIT_S = 120           # per task (one figure, all its languages and formats); the slowest takes ~5 s
INTERRUPT_GRACE_S = 3              # after Ctrl-C, running figures may finish before their workers are killed
KILL_GRACE_S = 15                   # past the limit, the parent kills a worker that did not stop by itself


class FigureTimeout(DiagramError):
    """A figure's work went past FIGURE_TIME_LIMIT_S."""


def time_limit_message(seconds: float = FIGURE_TIME_LIMIT_S) -> str:
    return (f"the figure took longer than the time limit of {seconds:g} s (FIGURE_TIME_LIMIT_S) and was stopped")


def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:          # the parent died before prctl took effect
        os._exit(1)

    def watch():
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _init_worker(parent: int, memory_bytes: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # the parent says "interrupted", once
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})   # blocked by the parent while forking
    _die_with_parent(parent)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):
        pass


def _timed_call(fn: Callable, task, seconds: float):
    def on_alarm(signum, frame):
        raise FigureTimeout(time_limit_message(seconds), hint="make the figure smaller: fewer nodes, samples or steps")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn(task)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Crash:
    """What the parent knows of a task whose worker died or hung."""
    task: object
    message: str


def describe_exit(code: int | None, memory_bytes: int = WORKER_MEMORY_BYTES) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGKILL:
            return (f"its worker process was killed ({name}), most likely by the out-of-memory killer: the figure "
                    f"needs more memory than this machine gives it (limit {memory_bytes >> 30} GiB, "
                    f"WORKER_MEMORY_BYTES)")
        return f"its worker process was killed ({name})"
    if code is None:     # it died before the pool could say how (a fast kill races the pool's clean-up)
        return (f"its worker process died abruptly, most likely killed (SIGKILL) by the out-of-memory killer: "
                f"the figure needs more memory than this machine gives it (limit {memory_bytes >> 30} GiB, "
                f"WORKER_MEMORY_BYTES)")
    return f"its worker process exited unexpectedly (exit code {code})"


def run_tasks(fn: Callable, tasks: list, jobs: int, on_result: Callable, on_crash: Callable,
              time_limit: float = FIGURE_TIME_LIMIT_S, memory_bytes: int = WORKER_MEMORY_BYTES) -> None:
    """Run ``fn(task)`` for every task in at most ``jobs`` worker processes; ``on_result(i, result)`` as each
    finishes, in the parent. A task whose worker dies or hangs gets ``on_result(i, on_crash(task, message))``.

    ``fn`` must be a module-level function returning a picklable result; it reports its own errors."""
    if not tasks:
        return
    jobs = max(1, min(jobs, len(tasks)))
    queue = list(range(len(tasks)))      # indices still to run in the shared pool
    suspects: list[int] = []             # were running when a worker died: retried one at a time
    ctx = multiprocessing.get_context("fork") if sys.platform != "win32" else None

    def pool_of(n):
        return ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_init_worker,
                                   initargs=(os.getpid(), memory_bytes))

    def run(indices: list, width: int, alone: bool) -> None:
        pool = pool_of(width)
        running: dict = {}
        procs: dict = {}       # the pool forgets its processes when it breaks; their exit codes are kept here
        try:
            while indices or running:
                while indices and len(running) < width:
                    i = indices.pop(0)
                    # a worker forked now must not take a Ctrl-C before it can ignore it: block it meanwhile
                    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
                    try:
                        running[pool.submit(_timed_call, fn, tasks[i], time_limit)] = (i, time.monotonic())
                    finally:
                        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
                procs.update({p.pid: p for p in _processes(pool)})
                done, _ = wait(list(running), timeout=1.0, return_when=FIRST_COMPLETED)
                broken = False
                for fut in done:
                    i, _ = running.pop(fut)
                    try:
                        on_result(i, fut.result())
                    except BrokenProcessPool:
                        broken = True
                        if alone:
                            on_result(i, on_crash(tasks[i], describe_exit(_exit_code(procs.values()))))
                        else:
                            suspects.append(i)
                    except MemoryError:
                        on_result(i, on_crash(tasks[i], f"the task needs more than the memory limit of "
                                                        f"{memory_bytes >> 30} GiB (WORKER_MEMORY_BYTES)"))
                    except Exception as exc:    # the task's own error, when it did not report it itself
                        on_result(i, on_crash(tasks[i], str(exc) if isinstance(exc, DiagramError)
                                              else f"{type(exc).__name__}: {exc}"))
                now = time.monotonic()
                hung = [f for f, (i, t0) in running.items() if now - t0 > time_limit + KILL_GRACE_S]
                if hung:
                    for f in hung:
                        i, _ = running.pop(f)
                        on_result(i, on_crash(tasks[i], time_limit_message(time_limit)))
                    broken = True
                    _kill(pool)
                if broken:
                    for f, (i, _) in running.items():
                        (suspects if not alone else indices).append(i)
                    running.clear()
                    _kill(pool)
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool, procs = pool_of(width), {}
        except BaseException:
            # Ctrl-C or an error of ours: running tasks get a moment to finish their writes, then are killed
            pool.shutdown(wait=False, cancel_futures=True)
            wait(list(running), timeout=INTERRUPT_GRACE_S)
            _kill(pool)
            raise
        pool.shutdown(wait=True)

    run(queue, jobs, alone=False)
    while suspects:
        run([suspects.pop(0)], 1, alone=True)


def _processes(pool) -> list:
    return list((getattr(pool, "_processes", None) or {}).values())


def _exit_code(processes) -> int | None:
    """The exit code of the worker that died (a negative signal number), if any of them did."""
    codes = []
    for p in processes:
        p.join(timeout=1.0)
        codes.append(p.exitcode)
    dead = [c for c in codes if c not in (None, 0)]
    signalled = [c for c in dead if c < 0 and c != -signal.SIGTERM]   # the pool terminates the others
    return (signalled or dead or [None])[0]


def _kill(pool) -> None:
    for p in _processes(pool):
        if p.is_alive():
            try:
                p.kill()
            except (OSError, ValueError):
                pass

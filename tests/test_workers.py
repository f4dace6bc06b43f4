"""Builds that clean up after themselves: workers die with their parent, a killed build never blocks the next,
Ctrl-C is one line, a killed worker costs one figure at most, and every figure runs under limits."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diagrams import workers
from diagrams.build import BuildLock

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


# ---------------------------------------------------------------- run_tasks, in-process
def _work(task):
    kind, value = task
    if kind == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "sleep":
        time.sleep(value)
    if kind == "alloc":
        return len(bytearray(value))
    return value


def _crash(task, message):
    return ("crash", task, message)


def _run(tasks, jobs=2, **kw):
    out = {}
    workers.run_tasks(_work, tasks, jobs, lambda i, r: out.__setitem__(i, r), _crash, **kw)
    return [out[i] for i in range(len(tasks))]


def test_a_task_that_kills_its_worker_is_one_error_and_the_others_finish():
    tasks = [("ok", 1), ("ok", 2), ("kill", 0), ("ok", 3), ("ok", 4), ("ok", 5)]
    res = _run(tasks)
    assert [r for i, r in enumerate(res) if i != 2] == [1, 2, 3, 4, 5]
    kind, task, message = res[2]
    assert kind == "crash" and task == ("kill", 0)
    assert "SIGKILL" in message and "out-of-memory" in message and "8 GiB" in message


def test_a_task_over_the_time_limit_is_stopped_and_named():
    t0 = time.monotonic()
    res = _run([("sleep", 30), ("ok", 7)], time_limit=1.0)
    assert time.monotonic() - t0 < 10
    assert res[1] == 7
    kind, _, message = res[0]
    assert kind == "crash" and "time limit of 1 s" in message


def test_timeout_raises_figure_timeout_in_the_worker():
    with pytest.raises(workers.FigureTimeout, match="time limit of 0.5 s"):
        workers._timed_call(lambda t: time.sleep(5), None, 0.5)


def test_memory_cap_holds_for_a_single_task():
    res = _run([("alloc", 3 << 30), ("ok", 1)], jobs=1, memory_bytes=1 << 30)
    kind, _, message = res[0]
    assert kind == "crash" and "memory limit of 1 GiB" in message
    assert res[1] == 1


def test_describe_exit_names_the_signal():
    assert "SIGKILL" in workers.describe_exit(-9)
    assert "SIGSEGV" in workers.describe_exit(-11)
    assert "exit code 3" in workers.describe_exit(3)
    assert "SIGKILL" in workers.describe_exit(None) and "out-of-memory" in workers.describe_exit(None)


# ---------------------------------------------------------------- the lock
def test_lock_is_not_inherited_and_a_dead_holder_releases_it(tmp_path):
    code = ("import sys, time, os; sys.path.insert(0, %r)\n"
            "from pathlib import Path\nfrom diagrams.build import BuildLock\n"
            "with BuildLock(Path(%r)):\n"
            "    pid = os.fork()\n"
            "    if pid == 0:\n        time.sleep(30); os._exit(0)\n"
            "    print(pid, flush=True); time.sleep(30)\n") % (str(ROOT), str(tmp_path))
    holder = subprocess.Popen([PY, "-c", code], stdout=subprocess.PIPE, text=True)
    child = int(holder.stdout.readline())
    try:
        holder.kill()            # the build dies; its forked child (a stand-in for a worker) lives on
        holder.wait()
        t0 = time.monotonic()
        with BuildLock(tmp_path):
            pass
        assert time.monotonic() - t0 < 2
    finally:
        os.kill(child, signal.SIGKILL)


def test_a_waiting_build_says_whom_it_waits_for(tmp_path):
    messages = []
    code = ("import sys, time; sys.path.insert(0, %r)\n"
            "from pathlib import Path\nfrom diagrams.build import BuildLock\n"
            "with BuildLock(Path(%r)):\n    print('locked', flush=True); time.sleep(1.5)\n") % (str(ROOT), str(tmp_path))
    holder = subprocess.Popen([PY, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    with BuildLock(tmp_path, messages.append):
        pass
    holder.wait()
    assert len(messages) == 1
    assert f"process {holder.pid}" in messages[0] and str(tmp_path) in messages[0]


# ---------------------------------------------------------------- the command line, end to end
def _specs(tmp_path, n=8) -> Path:
    specs = tmp_path / "specs"
    (specs / "rlhf").mkdir(parents=True)
    (specs / "chapters.yaml").write_text((ROOT / "specs" / "chapters.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    for i in range(n):
        (specs / "rlhf" / f"fig{i}.yaml").write_text(
            f"id: fig{i}\nchapter: rlhf\ntitle: {{en: Figure {i}, zh: 图{i}}}\nlayout: grid\nnodes:\n"
            + "".join(f"  n{k}: {{text: {{en: Node {k}, zh: 节点{k}}}, at: [{k % 4}, {k // 4}]}}\n" for k in range(12)),
            encoding="utf-8")
    return specs


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(v) for v in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def _start_build(specs, out, *extra):
    return subprocess.Popen([PY, "-m", "diagrams", "--specs", str(specs), "build", "--out", str(out), "-j", "2",
                             "--format", "svg,png", *extra], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_workers(proc, n=2, timeout=20) -> list[int]:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        kids = _children(proc.pid)
        if len(kids) >= n:
            return kids
        time.sleep(0.05)
    raise AssertionError("the build started no workers")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_a_killed_build_and_the_next_build_runs(tmp_path, sig):
    specs, out = _specs(tmp_path), tmp_path / "out"
    proc = _start_build(specs, out)
    kids = _wait_for_workers(proc)
    proc.send_signal(sig)
    proc.wait(timeout=10)
    t0 = time.monotonic()
    while any(_alive(k) for k in kids) and time.monotonic() - t0 < 5:
        time.sleep(0.1)
    assert not any(_alive(k) for k in kids), "workers outlived their build"
    again = _start_build(specs, out)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err


def test_ctrl_c_prints_one_line(tmp_path):
    specs, out = _specs(tmp_path), tmp_path / "out"
    proc = _start_build(specs, out)
    kids = _wait_for_workers(proc)
    os.killpg(proc.pid, signal.SIGINT)        # the terminal sends it to the whole group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("interrupted"), err
    time.sleep(0.5)
    assert not any(_alive(k) for k in kids)


def test_a_killed_worker_does_not_break_the_build(tmp_path):
    specs, out = _specs(tmp_path), tmp_path / "out"
    proc = _start_build(specs, out)
    kids = _wait_for_workers(proc)
    os.kill(kids[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and "BrokenProcessPool" not in err
    built = sorted(p.stem for p in (out / "en").glob("*.svg") if not p.name.endswith(".slides.svg"))
    failed = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(built) + len(failed) == 8 and len(failed) <= 1
    # the cache knows every figure that was built: a second build has nothing to do for them
    again = subprocess.run([PY, "-m", "diagrams", "--specs", str(specs), "build", "--out", str(out), "-j", "2",
                            "--format", "svg,png"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert f"{len(built)} up to date" in again.stdout or "8 up to date" in again.stdout, again.stdout


def test_lint_runs_each_figure_in_a_worker(tmp_path, monkeypatch):
    from diagrams import cli

    calls = []
    real = workers.run_tasks
    monkeypatch.setattr(workers, "run_tasks", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    specs = _specs(tmp_path, 2)
    cli.main(["--specs", str(specs), "lint", "--theme", "house"])
    assert len(calls) == 1 and len(calls[0]) == 2


def test_a_single_figure_build_runs_under_the_limits(tmp_path, monkeypatch):
    from diagrams.build import build

    calls = []
    real = workers.run_tasks
    monkeypatch.setattr(workers, "run_tasks", lambda *a, **k: calls.append(len(a[1])) or real(*a, **k))
    rep = build(_specs(tmp_path, 1), tmp_path / "out", jobs=1, formats=("svg",), log=None, progress=False)
    assert rep.built == ["fig0"] and calls == [1]

"""Gradient accumulation and activation recomputation schedules (diagrams/numeric/training.py), checked against
values derived by hand and by an independent step-by-step simulation."""
import numpy as np
import pytest

from diagrams.numeric import compute, training


# ------------------------------------------------------------------------------ gradient accumulation
def test_conventional_training_updates_after_every_batch():
    out = training.accumulation_schedule(3, 1)
    assert out["update"] == [1, 2, 3] and out["updates"] == 3 and out["groups"] == [[1], [2], [3]]


def test_accumulating_three_micro_batches_gives_one_update():
    out = training.accumulation_schedule(3, 3, micro_batch_size=8)
    assert out["update"] == [1, 1, 1] and out["updates"] == 1 and out["groups"] == [[1, 2, 3]]
    assert out["effective_batch_size"] == 24


def test_a_last_partial_group_still_updates():
    out = training.accumulation_schedule(7, 3)
    assert out["update"] == [1, 1, 1, 2, 2, 2, 3] and out["updates"] == 3 and out["groups"][-1] == [7]


@pytest.mark.parametrize("n, k", [(0, 1), (3, 0)])
def test_accumulation_rejects_empty_schedules(n, k):
    with pytest.raises(ValueError):
        training.accumulation_schedule(n, k)


def test_accumulated_gradient_equals_the_full_batch_gradient():
    # least squares L(w) = mean_i (x_i . w - y_i)^2 / 2 on 12 samples in 3 micro-batches of 4
    rng = np.random.default_rng(0)
    x, y, w = rng.normal(size=(12, 3)), rng.normal(size=12), rng.normal(size=3)
    full = x.T @ (x @ w - y) / 12
    micro = [x[i:i + 4].T @ (x[i:i + 4] @ w - y[i:i + 4]) / 4 for i in (0, 4, 8)]
    assert training.accumulated_gradient(micro) == pytest.approx(full)


# ------------------------------------------------------------------------------ recomputation
def _simulate(n, stored):
    """Independent event-by-event simulation: numbered steps, a memory of activations; a backward step that
    lacks A_k walks back to the closest activation in memory (A_0 = input) and re-runs the hops from it."""
    step, events = 0, []
    for k in range(1, n + 1):
        step += 1
        events.append(("forward", k - 1, k, step))
    step += 1
    events.append(("loss", n, None, step))
    memory = {0} | set(stored)
    for k in range(n, 0, -1):
        step += 1
        if k not in memory:
            j = k - 1
            while j not in memory:
                j -= 1
            for i in range(j, k):
                events.append(("recompute", i, i + 1, step))
        events.append(("backward", k, None, step))
    return events


@pytest.mark.parametrize("n, stored", [(4, []), (4, [1, 3]), (4, [1, 2, 3, 4]), (5, [2]), (6, [3, 6]), (1, [])])
def test_schedule_matches_simulation(n, stored):
    out = training.recompute_schedule(n, stored)
    ev = _simulate(n, stored)
    assert out["forward"] == [s for kind, _, _, s in ev if kind == "forward"]
    assert out["loss"] == next(s for kind, _, _, s in ev if kind == "loss")
    assert out["backward"] == [s for kind, k, _, s in sorted((e for e in ev if e[0] == "backward"), key=lambda e: e[1])]
    for i in range(n):
        assert out["hop_steps"][i] == sorted(s for kind, a, _, s in ev if kind == "recompute" and a == i)
    assert out["recomputed_hops"] == sum(1 for e in ev if e[0] == "recompute")


def test_conventional_training_recomputes_nothing():
    out = training.recompute_schedule(4, [1, 2, 3, 4])
    assert out["forward"] == [1, 2, 3, 4] and out["loss"] == 5 and out["backward"] == [9, 8, 7, 6]
    assert out["recomputed_hops"] == 0 and out["kept"] == 4 and all(out["stored"])


def test_checkpointing_every_other_activation():
    # the gradient-checkpointing figure: A1 and A3 kept; A4 is re-run from A3 in step 6, A2 from A1 in step 8
    out = compute("training.recompute")
    assert out["stored"] == [True, False, True, False] and out["kept"] == 2
    assert out["recompute"] == [[], [[1, 2]], [], [[3, 4]]]
    assert out["hop_steps"] == [[], [8], [], [6]] and out["recomputed_hops"] == 2


def test_full_recomputation_reruns_the_chain_for_every_backward_step():
    out = training.recompute_schedule(4, [])
    # hop A1 -> A2 again in steps 6, 7, 8; A2 -> A3 in 6, 7; A3 -> A4 in 6; Input -> A1 in 6..9
    assert out["hop_steps"] == [[6, 7, 8, 9], [6, 7, 8], [6, 7], [6]]
    assert out["recomputed_hops"] == 4 + 3 + 2 + 1 and out["kept"] == 0


@pytest.mark.parametrize("n, stored", [(0, []), (4, [5]), (4, [0])])
def test_recompute_rejects_bad_layers(n, stored):
    with pytest.raises(ValueError):
        training.recompute_schedule(n, stored)


def test_registry_defaults_are_the_figures_examples():
    assert compute("training.accumulation")["update"] == [1, 1, 1]
    assert compute("training.recompute")["backward"] == [9, 8, 7, 6]

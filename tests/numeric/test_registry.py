import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from diagrams.numeric import COMPUTATIONS, compute

ARGS = {
    "returns.undiscounted": {"rewards": [1, 2]},
    "returns.discounted": {"rewards": [1, 2], "gamma": 0.5},
    "returns.to_go": {"rewards": [1, 2], "gamma": 0.5},
    "returns.mc_estimate": {"sampled_returns": [1, 3]},
    "returns.td": {"reward": 1, "value": 0.5, "next_value": 2, "gamma": 0.9},
    "returns.n_step": {"rewards": [1, 2, 3], "values": [0, 1, 2], "t": 0, "n": 2, "gamma": 0.9},
    "gae.compute": {"rewards": [1, 0, 1], "values": [0.5, 0.5, 0.5]},
    "exploration.max_overestimation": {"n_samples": 1000},
    "exploration.epsilon_greedy": {"q": [1, 2, 3], "epsilon": 0.1},
    "policy.advantage": {"q": [1, 2, 3]},
    "policy.importance_sampling": {"f": [1, 2], "p": [0.5, 0.5], "p_prime": [0.25, 0.75]},
    "policy.ppo_objective": {"ratio": [0.5, 1.5], "adv": 1.0},
    "policy.token_kl": {"logits": [[0, 1], [1, 0]], "ref_logits": [[0, 0], [0, 0]], "token_ids": [1, 0]},
    "policy.kl_rewards": {"kl": [0.1, 0.2], "score": 1.0},
    "preference.reward_model": {"r_chosen": [1.0, 2.0], "r_rejected": [0.0, 3.0]},
    "preference.dpo": {"logp_chosen": -1, "logp_ref_chosen": -2, "logp_rejected": -3, "logp_ref_rejected": -2},
    "lm.softmax": {"logits": [1, 2, 3]},
    "lm.softmax_temperature": {"logits": [1, 2, 3], "temperatures": [0.5, 1, 2]},
    "lm.log_softmax": {"logits": [1, 2, 3]},
    "lm.cross_entropy": {"logits": [[1, 2], [2, 1]], "targets": [0, 0], "mask": [1, 0]},
    "lm.sample": {"probs": [0.5, 0.5], "n": 5, "tokens": ["a", "b"]},
    "lm.top_k": {"probs": [0.1, 0.5, 0.4], "k": 2, "tokens": ["a", "b", "c"]},
    "lm.top_p": {"probs": [0.1, 0.5, 0.4], "p": 0.8, "tokens": ["a", "b", "c"]},
    "lm.packing": {"lengths": [2, 3]},
    "rope.rotation_matrix": {"pos": 2, "head_dim": 4},
    "norm.batch_norm": {"x": [[1, 2], [3, 4]]},
    "norm.layer_norm": {"x": [[1, 2], [3, 4]]},
    "norm.rms_norm": {"x": [[1, 2], [3, 4]]},
    "mcts.uct": {"w": [1, 0], "n": [2, 0], "n_parent": 2},
    "mcts.puct": {"q": [0.1, 0.2], "prior": [0.5, 0.5], "n": [1, 0], "n_parent": 1},
    "mcts.backup": {"path": [{"N": 1, "W": 0.0}, {"N": 0, "W": 0.0}], "value": 1.0, "two_player": True},
    "metrics.confusion": {"y_true": [1, 0], "y_pred": [1, 1]},
    "metrics.report": {"y_true": [1, 0, 1], "scores": [0.9, 0.4, 0.3]},
    "metrics.roc": {"y_true": [1, 0, 1], "scores": [0.9, 0.4, 0.3]},
    "metrics.pr": {"y_true": [1, 0, 1], "scores": [0.9, 0.4, 0.3]},
    "formats.bit_pattern": {"value": 0.1, "name": "BF16"},
}


def _assert_plain(obj):
    if isinstance(obj, dict):
        assert all(isinstance(k, str) for k in obj)
        for v in obj.values():
            _assert_plain(v)
    elif isinstance(obj, list):
        for v in obj:
            _assert_plain(v)
    else:
        assert obj is None or type(obj) in (bool, int, float, str), type(obj)


@pytest.mark.parametrize("name", sorted(COMPUTATIONS))
def test_every_computation_returns_plain_data(name):
    out = compute(name, ARGS.get(name, {}))
    _assert_plain(out)
    json.dumps(out)  # serialisable (inf allowed as Python float)


def test_specific_results_through_registry():
    assert compute("rope.table", {"positions": [4095], "dims": [0]})["cycles"] == [pytest.approx(651.739, abs=1e-3)]
    beam = compute("lm.beam_search", {"beam": 2, "steps": 3})
    assert beam["best"] == "How are you ?"
    tk = compute("lm.top_k", ARGS["lm.top_k"])
    assert tk["tokens"] == ["b", "c"] and tk["kept"] == [False, True, True]
    tp = compute("lm.top_p", ARGS["lm.top_p"])
    assert tp["tokens"] == ["b", "c"] and tp["cumulative"] == pytest.approx([0.5, 0.9, 1.0])
    assert compute("lm.packing", {"lengths": [1, 1]})["mask"] == [[1, 0], [0, 1]]
    assert compute("lm.alibi", {"n_heads": 2, "seq_len": 2})["bias"][0] == [[0.0, -math.inf], [-1 / 16, 0.0]]
    assert compute("policy.advantage", {"q": [1, 3]}) == {"v": 2.0, "advantage": [-1.0, 1.0]}
    assert compute("formats.int_layouts")[-1]["values"] == [-1, 1]


def test_unknown_name_lists_close_matches():
    with pytest.raises(KeyError, match="rope.table"):
        compute("rope.tabel", {})
    with pytest.raises(KeyError, match="lm.top_p"):
        compute("lm.topp", {})


def test_numeric_package_is_self_contained():
    root = Path(__file__).resolve().parents[2]
    for py in (root / "diagrams" / "numeric").glob("*.py"):
        for line in py.read_text(encoding="utf-8").splitlines():
            s = line.strip()
            if s.startswith(("import ", "from ")) and "diagrams" in s:
                assert s.startswith(("from diagrams.numeric", "import diagrams.numeric")), (py.name, s)
            assert "matplotlib" not in s or not s.startswith(("import", "from")), (py.name, s)
    code = ("import sys, diagrams.numeric; "
            "bad = [m for m in sys.modules if m.startswith('matplotlib') or "
            "(m.startswith('diagrams.') and not m.startswith('diagrams.numeric'))]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)

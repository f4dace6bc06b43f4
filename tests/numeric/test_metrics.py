import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from diagrams.numeric import metrics as Mt

Y = [1, 1, 0, 1, 0, 0]
S = [0.9, 0.8, 0.7, 0.6, 0.3, 0.1]


def test_confusion_and_scores_by_hand():
    cm = Mt.confusion_matrix([1, 1, 0, 0, 1], [1, 0, 1, 0, 1])
    assert cm == {"tp": 2, "fp": 1, "fn": 1, "tn": 1}
    rep = Mt.classification_report(Y, S, threshold=0.65)
    assert (rep["tp"], rep["fp"], rep["fn"], rep["tn"]) == (2, 1, 1, 2)
    assert rep["precision"] == pytest.approx(2 / 3) and rep["recall"] == pytest.approx(2 / 3)
    assert rep["f1"] == pytest.approx(2 / 3) and rep["accuracy"] == pytest.approx(4 / 6)
    assert Mt.f1_score(1.0, 0.5) == pytest.approx(2 / 3)
    assert Mt.precision(0, 0) == 0.0


def test_roc_by_hand():
    r = Mt.roc(Y, S)
    assert r["fpr"].tolist() == pytest.approx([0, 0, 0, 1 / 3, 1 / 3, 2 / 3, 1])
    assert r["tpr"].tolist() == pytest.approx([0, 1 / 3, 2 / 3, 2 / 3, 1, 1, 1])
    assert r["auc"] == pytest.approx(8 / 9)


def test_pr_by_hand():
    r = Mt.pr_curve(Y, S)
    assert r["precision"].tolist() == pytest.approx([1, 1, 2 / 3, 3 / 4, 3 / 5, 1 / 2])
    assert r["recall"].tolist() == pytest.approx([1 / 3, 2 / 3, 2 / 3, 1, 1, 1])


def test_pr_spans_recall_0_to_1():
    """The drawn P-R curve starts at (recall 0, precision 1) and ends at recall 1 with precision = P / (P + N)."""
    r = Mt.pr(Y, S)
    assert r["recall"][0] == 0 and r["precision"][0] == 1 and r["thresholds"][0] == np.inf
    assert r["recall"][-1] == 1 and r["precision"][-1] == pytest.approx(1 / 2)
    assert r["recall"].tolist()[1:] == pytest.approx(Mt.pr_curve(Y, S)["recall"].tolist())
    assert np.all(np.diff(r["recall"]) >= 0)
    assert len(r["recall"]) == len(r["precision"]) == len(r["thresholds"])


def test_roc_runs_from_origin_to_one_one():
    for y, s in ((Y, S), ([1, 0, 1, 1, 0, 0, 1, 0], [0.9, 0.9, 0.8, 0.7, 0.7, 0.5, 0.3, 0.3])):
        r = Mt.roc(y, s)
        assert (r["fpr"][0], r["tpr"][0]) == (0, 0) and (r["fpr"][-1], r["tpr"][-1]) == (1, 1)
        assert np.all(np.diff(r["fpr"]) >= 0) and np.all(np.diff(r["tpr"]) >= 0)


def test_auc_trapezoid():
    assert Mt.auc([0, 1], [0, 1]) == pytest.approx(0.5)
    assert Mt.auc([0, 0.5, 1], [0, 1, 1]) == pytest.approx(0.75)


@settings(max_examples=40, deadline=None)
@given(data=st.lists(st.tuples(st.booleans(), st.integers(0, 5)), min_size=2, max_size=20))
def test_roc_auc_equals_pairwise_ranking_probability(data):
    y = [d[0] for d in data]
    if all(y) or not any(y):
        return
    s = [float(d[1]) for d in data]
    pos = [si for yi, si in zip(y, s) if yi]
    neg = [si for yi, si in zip(y, s) if not yi]
    mw = np.mean([1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg])
    assert Mt.roc(y, s)["auc"] == pytest.approx(mw)

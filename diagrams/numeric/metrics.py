"""Binary classification metrics on toy scores: confusion matrix, P/R/F1, ROC, PR, AUC."""
from __future__ import annotations

import numpy as np


def confusion_matrix(y_true, y_pred) -> dict:
    """Counts TP = #(y=1, yhat=1), FP = #(y=0, yhat=1), FN = #(y=1, yhat=0), TN = #(y=0, yhat=0)."""
    y = np.asarray(y_true).astype(bool)
    p = np.asarray(y_pred).astype(bool)
    return {"tp": int(np.sum(y & p)), "fp": int(np.sum(~y & p)),
            "fn": int(np.sum(y & ~p)), "tn": int(np.sum(~y & ~p))}


def precision(tp: int, fp: int) -> float:
    """P = TP / (TP + FP) (0 if nothing is predicted positive)."""
    return tp / (tp + fp) if tp + fp else 0.0


def recall(tp: int, fn: int) -> float:
    """R = TP / (TP + FN) (true-positive rate)."""
    return tp / (tp + fn) if tp + fn else 0.0


def f1_score(p: float, r: float) -> float:
    """F1 = 2 P R / (P + R) (harmonic mean)."""
    return 2 * p * r / (p + r) if p + r else 0.0


def classification_report(y_true, scores, threshold: float = 0.5) -> dict:
    """Predict yhat = [score >= threshold]; return the confusion counts, precision, recall, F1, accuracy."""
    cm = confusion_matrix(y_true, np.asarray(scores, dtype=float) >= threshold)
    p, r = precision(cm["tp"], cm["fp"]), recall(cm["tp"], cm["fn"])
    acc = (cm["tp"] + cm["tn"]) / sum(cm.values())
    return {**cm, "precision": p, "recall": r, "f1": f1_score(p, r), "accuracy": acc}


def _counts(y_true, scores):
    """TP(th), FP(th) for th over the distinct scores, descending (predict positive iff s >= th)."""
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(scores, dtype=float)
    th = np.unique(s)[::-1]
    pred = s[None, :] >= th[:, None]
    return th, (pred & y).sum(axis=1), (pred & ~y).sum(axis=1), int(y.sum()), int((~y).sum())


def roc_curve(y_true, scores) -> dict:
    """TPR = TP/P and FPR = FP/N at each threshold (distinct scores, descending, +inf first -> (0,0))."""
    th, tp, fp, pos, neg = _counts(y_true, scores)
    return {"thresholds": np.concatenate([[np.inf], th]),
            "fpr": np.concatenate([[0.0], fp / neg]), "tpr": np.concatenate([[0.0], tp / pos])}


def pr_curve(y_true, scores) -> dict:
    """Precision TP/(TP+FP) and recall TP/P at each threshold (distinct scores, descending)."""
    th, tp, fp, pos, _ = _counts(y_true, scores)
    return {"thresholds": th, "precision": tp / (tp + fp), "recall": tp / pos}


def auc(x, y) -> float:
    """Trapezoid rule: sum_k (x_{k+1} - x_k) (y_k + y_{k+1}) / 2."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2.0))


def roc(y_true, scores) -> dict:
    """ROC curve plus its area (trapezoid)."""
    curve = roc_curve(y_true, scores)
    return {**curve, "auc": auc(curve["fpr"], curve["tpr"])}


def pr(y_true, scores) -> dict:
    """The P-R curve as drawn, spanning recall 0 to 1: started at (recall 0, precision 1) (threshold +inf: nothing
    predicted positive), then one point per threshold down to the lowest score (recall 1, precision = share of
    positives); plus its trapezoid area."""
    curve = pr_curve(y_true, scores)
    r = np.concatenate([[0.0], curve["recall"]])
    p = np.concatenate([[1.0], curve["precision"]])
    return {"thresholds": np.concatenate([[np.inf], curve["thresholds"]]), "precision": p, "recall": r,
            "auc": auc(r, p)}

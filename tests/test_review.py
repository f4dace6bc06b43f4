"""`llm-rl-diagrams diff`: the figures a change touches, rendered before and after; those that look different get
before, after and a highlighted difference, the others are skipped."""
import subprocess

import numpy as np
from PIL import Image

from conftest import MINIMAL
from diagrams.cli import main


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True,
                   capture_output=True)


def test_diff_writes_before_after_and_difference_of_what_changed_only(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "project"
    for fid in ("one", "two", "three"):
        p = repo / "specs" / "ch" / f"{fid}.yaml"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(MINIMAL.format(id=fid, chapter="ch"), encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    one = repo / "specs" / "ch" / "one.yaml"
    one.write_text(one.read_text().replace("text: Beta", "text: Gamma delta"), encoding="utf-8")   # en and zh
    two = repo / "specs" / "ch" / "two.yaml"
    two.write_text(two.read_text() + "# a comment only\n", encoding="utf-8")       # touched, looks the same
    monkeypatch.chdir(repo)
    assert main(["diff", "--base", "HEAD"]) == 0
    out = repo / "build" / "diff"
    for lang in ("en", "zh"):
        before, after, diff = (out / lang / f"one.{k}.png" for k in ("before", "after", "diff"))
        assert before.exists() and after.exists() and diff.exists()
        d = Image.open(diff).convert("RGB")
        assert (np.asarray(d) == (220, 30, 30)).all(axis=-1).any()   # the changed pixels, in red
        assert not (out / lang / "two.diff.png").exists()            # rendered, identical, skipped
        assert not (out / lang / "three.before.png").exists()        # not touched, not rendered
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "| one | en | changed |" in summary and "| one | zh | changed |" in summary and "two" not in summary.split(
        "|---|")[-1]
    assert "1 of 2 rendered figures look different" in summary


def test_diff_of_a_change_that_touches_no_figure(tmp_path, monkeypatch):
    repo = tmp_path / "project"
    p = repo / "specs" / "ch" / "one.yaml"
    p.parent.mkdir(parents=True)
    p.write_text(MINIMAL.format(id="one", chapter="ch"), encoding="utf-8")
    (repo / "notes.txt").write_text("x")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    (repo / "notes.txt").write_text("y")
    monkeypatch.chdir(repo)
    assert main(["diff"]) == 0
    assert "touches no figure" in (repo / "build" / "diff" / "summary.md").read_text(encoding="utf-8")


def test_diff_names_a_bad_revision(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "project"
    (repo / "specs" / "ch").mkdir(parents=True)
    _git(repo, "init", "-q")
    monkeypatch.chdir(repo)
    assert main(["diff", "--base", "no-such-rev"]) == 2
    err = capsys.readouterr().err
    assert "no-such-rev" in err and "--base" in err

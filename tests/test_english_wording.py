"""English figures carry no Chinese punctuation and none of the originals' typos (the typography issue's
figures): each English text the figure draws is checked."""
import glob

import pytest

from diagrams.pipeline import load_figure, render
from diagrams.scene import TextItem
from diagrams.theme import load_theme

FIGURES = ["perf-optimization-map", "language-search-tree", "quantization-formats", "mcts", "mcts-four-steps",
           "token-id-mapping", "lora-1", "lora-2", "dpo", "dpo-beta", "gradient-checkpointing",
           "full-recomputation", "forward-backward", "classification-metrics", "rope-frequencies"]
CJK_PUNCT = set("、：，（）。；！？")
TYPOS = ["FLoat", "donot", "I donot known", "the policy model are", "Checkpoint(", "DPO(", "Propagation",
         "Backtracking Update"]


@pytest.mark.parametrize("fid", FIGURES)
def test_english_text_has_no_chinese_punctuation_or_copied_typos(fid):
    spec = glob.glob(f"specs/*/{fid}.yaml")[0]
    fig = load_figure(spec)
    ctx = render(fig, "en", load_theme()).ctx
    texts = [t.text for t in ctx.scene.texts if isinstance(t, TextItem)]
    words = " ".join(texts + [fig.title.en])
    assert not CJK_PUNCT & set(words), [t for t in texts if CJK_PUNCT & set(t)]
    for typo in TYPOS:
        assert typo not in words, typo


def test_chinese_lora_captions_have_no_english():
    for fid in ("lora-1", "lora-2"):
        fig = load_figure(glob.glob(f"specs/*/{fid}.yaml")[0])
        title = fig.title.zh
        assert "of" not in title and title.startswith("LoRA（")

"""The figure lists of README.md and README_zh.md are generated from the specs, and the committed ones match."""
import pytest

from conftest import MINIMAL, ROOT, SPECS
from diagrams import readme
from diagrams.cli import main


@pytest.fixture(scope="module")
def items():
    return readme.entries(SPECS)      # every spec, read once for this module


def test_committed_readmes_are_up_to_date_with_the_specs(items):
    stale = readme.stale(SPECS, items=items)
    assert stale == [], f"{', '.join(p.name for p in stale)} out of date with specs/: run `make readme`"


def test_every_spec_carries_a_title_and_description_in_both_languages(items):
    for e in items:
        assert e["title"]["en"].strip() and e["title"]["zh"].strip(), e["id"]
        assert e["description"] and e["description"]["en"].strip() and e["description"]["zh"].strip(), \
            f"{e['id']}: add `description: {{en: ..., zh: ...}}` to its spec"


def test_readmes_list_every_spec_under_its_chapter(items):
    en = (ROOT / "README.md").read_text(encoding="utf-8")
    zh = (ROOT / "README_zh.md").read_text(encoding="utf-8")
    for e in items:
        rel = e["spec"].relative_to(ROOT).as_posix()
        assert f"]({rel})" in en and f"]({rel})" in zh, e["id"]
    assert "### RLHF and RLAIF" in en and "### RLHF与RLAIF" in zh


def _tmp_project(tmp_path, make_specs):
    spec = MINIMAL.format(id="one", chapter="rlhf").replace(
        "title: {en: A test figure, zh: 测试图}",
        "order: 90\ntitle: {en: \"A *test* figure\", zh: 测试图}\n"
        "description: {en: Shows a | pipe., zh: 展示一个竖线。}")
    spec2 = MINIMAL.format(id="two", chapter="dpo").replace("title: {en: A test figure, zh: 测试图}",
                                                           "order: 18\ntitle: {en: Second, zh: 第二}")
    specs = make_specs({"rlhf/one": spec, "dpo/two": spec2})
    root = tmp_path / "proj"
    root.mkdir()
    for name in ("README.md", "README_zh.md"):
        (root / name).write_text(f"# {name}\n\nintro\n\n{readme.START}\nold list\n{readme.END}\n\nafter\n",
                                 encoding="utf-8")
    return specs, root


def test_generation_groups_by_chapter_in_book_order(tmp_path, make_specs):
    specs, root = _tmp_project(tmp_path, make_specs)
    assert len(readme.stale(specs, root)) == 2
    readme.write(specs, root)
    assert readme.stale(specs, root) == []
    en = (root / "README.md").read_text(encoding="utf-8")
    zh = (root / "README_zh.md").read_text(encoding="utf-8")
    assert "old list" not in en and en.startswith("# README.md\n\nintro\n") and en.endswith("after\n")
    assert en.index("### DPO") < en.index("### RLHF and RLAIF")             # chapters in book order
    assert "- **18. Second** ([spec](../specs/dpo/two.yaml))" in en
    assert "**90. A \\*test\\* figure**" in en and "Shows a \\| pipe." in en  # Markdown-safe
    assert "### RLHF与RLAIF" in zh and "测试图" in zh and "展示一个竖线。" in zh
    assert "2 figures in 2 chapters" in en and "共 2 章 2 幅图" in zh
    before = en
    readme.write(specs, root)                                                 # idempotent
    assert (root / "README.md").read_text(encoding="utf-8") == before


def test_an_edited_spec_makes_the_readme_stale(tmp_path, make_specs):
    specs, root = _tmp_project(tmp_path, make_specs)
    readme.write(specs, root)
    p = specs / "dpo" / "two.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("Second", "Renamed"), encoding="utf-8")
    assert [x.name for x in readme.stale(specs, root)] == ["README.md"]      # the zh title did not change


def test_missing_markers_are_an_error():
    with pytest.raises(ValueError, match="figures:start"):
        readme.splice("# no markers\n", "list\n")


def test_cli_readme_check_and_write(tmp_path, make_specs, capsys):
    specs, root = _tmp_project(tmp_path, make_specs)
    args = ["--specs", str(specs), "readme", "--root", str(root)]
    assert main(args + ["--check"]) == 1
    assert "README.md is out of date with the specs: run `make readme`" in capsys.readouterr().out
    assert main(args) == 0
    assert main(args + ["--check"]) == 0
    (root / "README_zh.md").write_text("no markers\n", encoding="utf-8")
    assert main(args) == 2
    assert "figures:start" in capsys.readouterr().err

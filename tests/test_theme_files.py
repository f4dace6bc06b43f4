"""Theme files are read with the strict spec loader too: a colour named twice is an error, not a silent override."""
from pathlib import Path

import pytest

from diagrams.spec.loader import load_yaml
from diagrams.theme import TEMPLATES, load_theme


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("theme*.yaml")), ids=lambda p: p.stem)
def test_theme_file_has_no_duplicate_keys_and_valid_colours(path: Path):
    data = load_yaml(path)  # raises SpecError on a duplicate key
    for name, value in data.get("palette", {}).items():
        assert str(value).startswith("#") and len(str(value)) in (4, 7), f"{name}: {value}"


def test_every_theme_knows_every_house_colour():
    house = load_theme("house")
    for name in ("colorblind", "dark"):
        other = load_theme(name)
        assert set(house.palette) <= set(other.palette), set(house.palette) - set(other.palette)

"""Property-based tests: random specs from the JSON Schema and random bytes either build or fail with the
project's own error type — never with an unexpected exception. Example counts are bounded for CI."""
import copy
import functools
import json
import os

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diagrams.errors import DiagramError
from diagrams.pipeline import load_figure, render
from diagrams.spec.validate import schema

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _finite_schema() -> dict:
    """The spec schema with recursion unrolled once (containers hold leaf nodes) and small collections."""
    s = copy.deepcopy(schema())
    defs = s["$defs"]
    leaf = copy.deepcopy(defs["node"])
    for key in ("rows", "cols"):
        leaf["properties"].pop(key)
    for key in ("data", "args", "component", "compute"):  # free-form objects: covered by the component tests
        leaf["properties"].pop(key)
        defs["node"]["properties"].pop(key)
    defs["leaf"] = leaf
    defs["leaves"] = {"type": "object", "maxProperties": 3, "propertyNames": {"pattern": "^[a-z]{1,3}$"},
                      "additionalProperties": {"$ref": "#/$defs/leaf"}}
    defs["node"]["properties"]["rows"] = {"$ref": "#/$defs/leaves"}
    defs["node"]["properties"]["cols"] = {"$ref": "#/$defs/leaves"}
    defs["nodes"]["maxProperties"] = 4
    defs["nodes"]["propertyNames"] = {"pattern": "^[a-z]{1,3}$"}
    s["properties"]["edges"]["maxItems"] = 4
    defs["plain"] = {"type": ["string", "integer"], "maxLength": 40}
    for name in ("col_widths", "row_heights"):
        s["properties"][name]["maxItems"] = 4
    return s


@functools.lru_cache(maxsize=1)
def _spec_strategy():
    """Built once: canonicalising the schema is the expensive part."""
    from hypothesis_jsonschema import from_schema

    return from_schema(_finite_schema())


def _check(path, text):
    path.write_text(text, encoding="utf-8")
    try:
        fig = load_figure(path)
        from diagrams.theme import load_theme

        for lang in ("en", "zh"):
            svg = render(fig, lang, load_theme()).svg
            import xml.etree.ElementTree as ET

            ET.fromstring(svg)
    except DiagramError as exc:
        msg = str(exc)
        assert "\n" not in msg and msg.startswith(str(path)), msg


@FUZZ
@given(data=st.data())
def test_random_specs_build_or_fail_cleanly(tmp_path, data):
    spec = data.draw(_spec_strategy())
    spec["id"], spec["chapter"] = "fuzz", "ch"
    names = list((spec.get("nodes") or {}).keys())
    for e in spec.get("edges", []) or []:
        if names:  # point most edges at real nodes so routing and labels run
            e["from"] = data.draw(st.sampled_from(names))
            e["to"] = data.draw(st.sampled_from(names))
    folder = tmp_path / "ch"
    folder.mkdir(exist_ok=True)
    _check(folder / "fuzz.yaml", yaml.safe_dump(spec, allow_unicode=True))


@FUZZ
@given(raw=st.binary(max_size=400))
def test_random_bytes_fail_cleanly(tmp_path, raw):
    folder = tmp_path / "ch"
    folder.mkdir(exist_ok=True)
    path = folder / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        load_figure(path)
    except DiagramError as exc:
        assert "\n" not in str(exc)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@ \n\t01.,?$\\")), max_size=200))
def test_random_yaml_like_text_fails_cleanly(tmp_path, text):
    folder = tmp_path / "ch"
    folder.mkdir(exist_ok=True)
    path = folder / "fuzz.yaml"
    path.write_text("id: fuzz\nchapter: ch\ntitle: T\n" + text, encoding="utf-8")
    try:
        fig = load_figure(path)
        from diagrams.theme import load_theme

        render(fig, "en", load_theme())
    except DiagramError as exc:
        assert "\n" not in str(exc)

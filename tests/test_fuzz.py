"""Property-based tests: random specs from the JSON Schema, random component data and computation args, and
random bytes either build or fail with the project's own error type — never with an unexpected exception, never
with a hang. Example counts are bounded for CI (FUZZ_EXAMPLES, default 60); every run draws a new random seed,
printed with a failure: ``FUZZ_SEED=<seed> FUZZ_EXAMPLES=<n> pytest tests/test_fuzz.py`` repeats the run."""
import contextlib
import copy
import functools
import inspect
import json
import os
import random
import signal

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, note, seed, settings
from hypothesis import strategies as st

from conftest import SPECS
from diagrams.errors import DiagramError
from diagrams.numeric import COMPUTATIONS
from diagrams.pipeline import load_figure, render
from diagrams.spec.validate import schema

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
SEED = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(2 ** 32))
DEADLINE_S = float(os.environ.get("FUZZ_DEADLINE", "30"))     # seconds one example may take: longer is a hang
_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=False, print_blob=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                            HealthCheck.data_too_large, HealthCheck.filter_too_much])


def FUZZ(test):
    """Bounded examples from the run's seed; the seed goes with every failure (hypothesis' report and a note)."""
    return seed(SEED)(_SETTINGS(test))


def _seeded():
    note(f"FUZZ_SEED={SEED} FUZZ_EXAMPLES={EXAMPLES} reproduces this run")


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
        _one_located_line_per_problem(exc, path)


def _one_located_line_per_problem(exc, path):
    """A spec with several mistakes gets them all, one line each, each located in the spec."""
    for line in str(exc).splitlines():
        assert line.startswith(str(path)) or line.startswith("… and "), line


@FUZZ
@given(data=st.data())
def test_random_specs_build_or_fail_cleanly(tmp_path, data):
    _seeded()
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
@example(raw=b"(:")     # a mapping with no keys: several schema errors at once
def test_random_bytes_fail_cleanly(tmp_path, raw):
    _seeded()
    folder = tmp_path / "ch"
    folder.mkdir(exist_ok=True)
    path = folder / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        load_figure(path)
    except DiagramError as exc:
        _one_located_line_per_problem(exc, path)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"#%@ \n\t01.,?$\\")), max_size=200))
def test_random_yaml_like_text_fails_cleanly(tmp_path, text):
    _seeded()
    folder = tmp_path / "ch"
    folder.mkdir(exist_ok=True)
    path = folder / "fuzz.yaml"
    path.write_text("id: fuzz\nchapter: ch\ntitle: T\n" + text, encoding="utf-8")
    try:
        fig = load_figure(path)
        from diagrams.theme import load_theme

        render(fig, "en", load_theme())
    except DiagramError as exc:
        _one_located_line_per_problem(exc, path)


# ------------------------------------------------------------------ components and computations
# The generation grammar is what the specs use: per component, the nodes of specs/ that draw it (their data,
# compute and args); per computation, the args the specs give it and its signature in the numeric registry.
# A generated figure takes one such node and mutates it — values of the wrong type, huge or negative numbers,
# long or unicode strings, empty lists, keys of other nodes of the same component, another computation with
# arguments made from its signature — next to an ordinary node whose text has placeholders of a computation.
# Only a DiagramError (one located line) or a rendered figure may come out: any other exception, or an example
# that runs longer than FUZZ_DEADLINE seconds (a hang), fails the test, which prints its seed.


def _plain(v):
    """Loaded spec values (position-aware dict/list subclasses) as plain data for yaml.safe_dump."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


@functools.lru_cache(maxsize=1)
def _grammar():
    """({component: [example node, …]}, {computation: [example args, …]}, [ordinary nodes with compute]) from
    every spec."""
    from diagrams.spec.loader import load_yaml

    components, computations, computing = {}, {}, []

    def walk(nodes):
        for node in (nodes or {}).values():
            if not isinstance(node, dict):
                continue
            if node.get("compute"):
                computations.setdefault(node["compute"], []).append(_plain(node.get("args") or {}))
                if not node.get("component") and node.get("text"):
                    computing.append({k: _plain(node[k]) for k in ("text", "compute", "args") if k in node})
            if node.get("component"):
                example = {k: _plain(node[k]) for k in ("component", "data", "compute", "args") if k in node}
                components.setdefault(node["component"], []).append(example)
                for s in (node.get("data") or {}).get("series") or [] if node["component"] == "chart" else []:
                    if isinstance(s, dict) and s.get("compute"):
                        computations.setdefault(s["compute"], []).append(_plain(s.get("args") or {}))
            for key in ("rows", "cols"):
                walk(node.get(key))

    for path in sorted(SPECS.glob("*/*.yaml")):
        walk(load_yaml(path).get("nodes"))
    return components, computations, computing


def _often(draw, tenths: int) -> bool:
    """True in about ``tenths`` of ten draws, or less: hypothesis prefers (and shrinks to) the first of a
    sampled list, so the first is False, the realistic choice (and ``integers(0, 9) == 0`` would be often)."""
    return draw(st.sampled_from([False] * (10 - tenths) + [True] * tenths))


HUGE = [10 ** 7, 2 * 10 ** 7, 10 ** 9, -10 ** 9, 2 ** 63, 10 ** 15, 1e300, -1e300, 1e-300]
WORDS = ["", " ", "max", "left", "end", "none", "true", "0-", "1-3", "r0c0", ".2f", "d", "{value}", "{value.0:.2f}",
         "{args.x}", "{x:>1000}", "{:.4g}", "$x^2$", "$\\frac{a$", "**bold", "a\nb", "<script>", "中文", "🙂",
         "W" * 3000, "probs", "result", "ids.0", "alpha", "x" * 200]


def _scalars():
    return st.one_of(
        st.none(), st.booleans(), st.integers(-5, 60), st.sampled_from(HUGE),
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), st.sampled_from(WORDS),
        st.text(max_size=12))


def _values():
    """Any JSON-like value, small or hostile."""
    return st.recursive(
        _scalars(),
        lambda inner: st.one_of(st.lists(inner, max_size=6),
                                st.dictionaries(st.sampled_from(["en", "zh", "at", "text", "from", "x", "y",
                                                                 "bar", "color", "kind", "range"]), inner,
                                                max_size=3)),
        max_leaves=12)


def _mutate(draw, value, depth=0):
    """``value`` (from a spec) changed a little: one of its parts replaced, dropped, repeated or re-typed."""
    if depth and not _often(draw, 4):
        return value                                   # a part kept (most of a realistic value stays realistic)
    if _often(draw, 2):
        return draw(_values())                        # anything
    if isinstance(value, list):
        if not value or depth > 3:
            return draw(st.sampled_from([[], [None], value * 50, [[]]]))
        i = draw(st.integers(0, len(value) - 1))
        op = draw(st.sampled_from(["change", "change", "drop", "repeat"]))
        if op == "drop":
            return value[:i] + value[i + 1:]
        if op == "repeat":
            return value + value[i:i + 1] * draw(st.integers(1, 40))
        return value[:i] + [_mutate(draw, value[i], depth + 1)] + value[i + 1:]
    if isinstance(value, dict):
        if not value or depth > 3:
            return draw(st.sampled_from([{}, {"en": "a"}, {"en": 1, "zh": [2]}]))
        key = draw(st.sampled_from(sorted(value, key=str)))
        out = dict(value)
        if _often(draw, 3):
            out.pop(key)
        else:
            out[key] = _mutate(draw, value[key], depth + 1)
        return out
    if isinstance(value, bool):
        return draw(st.sampled_from([not value, 1, "yes", None]))
    if isinstance(value, (int, float)):
        return draw(st.sampled_from([0, -1, -value, value * 1000, value + 0.5, str(value), [value]] + HUGE))
    if isinstance(value, str):
        return draw(st.sampled_from([value * 200, value + "🙂中", "", value.upper(), value + "}", value + ".9",
                                     {"en": value}, 3]))
    return draw(_values())


def _signature_args(draw, name):
    """Args for computation ``name``: from its signature, with the specs' values and defaults as seeds; a few of
    them mutated or left to their default."""
    fn = COMPUTATIONS[name]
    examples = _grammar()[1].get(name) or [{}]
    base = dict(draw(st.sampled_from(examples)))
    params = [(arg, p) for arg, p in inspect.signature(fn).parameters.items() if p.kind is not p.VAR_KEYWORD]
    for arg, p in params:          # required args the example lacks (a computation the specs never use)
        if arg not in base and p.default is inspect.Parameter.empty:
            base[arg] = draw(st.sampled_from([[0.1, 0.2, 0.7], [1, 2, 3], 3, "a"]))
    if params:
        for arg, p in draw(st.lists(st.sampled_from(params), max_size=draw(st.sampled_from([1, 0, 2, 3])),
                                    unique_by=lambda ap: ap[0])):
            if _often(draw, 2):
                base.pop(arg, None)                     # its default
            else:
                seed_value = base.get(arg, p.default)
                if seed_value is inspect.Parameter.empty:
                    seed_value = None
                base[arg] = _mutate(draw, _plain(list(seed_value) if isinstance(seed_value, tuple) else seed_value))
    if _often(draw, 1):
        base[draw(st.sampled_from(["nonsense", "kwargs", "x"]))] = draw(_values())
    return base


@st.composite
def _component_figure(draw):
    components, _, computing = _grammar()
    name = draw(st.sampled_from(sorted(components)))
    examples = components[name]
    node = dict(draw(st.sampled_from(examples)))
    data = dict(node.get("data") or {})
    grammar = sorted({k for ex in examples for k in (ex.get("data") or {})})
    if grammar and _often(draw, 3):
        for key in draw(st.lists(st.sampled_from(grammar), min_size=1, max_size=3, unique=True)):
            donor = draw(st.sampled_from([ex for ex in examples if key in (ex.get("data") or {})]))
            data[key] = donor["data"][key]              # a key of another node of this component
    keys = sorted(data, key=str)
    for key in draw(st.lists(st.sampled_from(keys), max_size=draw(st.sampled_from([1, 0, 2, 3])), unique=True)) \
            if keys else []:
        if _often(draw, 1):
            data.pop(key)
        else:
            data[key] = _mutate(draw, data[key])          # a few keys changed: the rest stays as the spec wrote it
    node["data"] = data if not _often(draw, 1) else draw(st.sampled_from([[], "text", 3, None]))
    how = draw(st.sampled_from(["keep", "keep", "keep", "args", "args", "other"]))
    if how == "other":
        node["compute"] = draw(st.sampled_from(sorted(COMPUTATIONS)))     # any computation
        node["args"] = _signature_args(draw, node["compute"])
    elif how == "args" and node.get("compute"):
        node["args"] = _signature_args(draw, node["compute"])
    node["at"] = [0, 0]
    nodes = {"c": node, "p": {"text": draw(st.sampled_from(["P", "$p_\\theta$", "中文 " * 3])), "at": [0, 300]}}
    if _often(draw, 5):     # an ordinary node with computed numbers in its text, as the specs write them
        n = dict(draw(st.sampled_from(computing)))
        if _often(draw, 5):
            n["args"] = _signature_args(draw, n["compute"])
        if _often(draw, 2):
            path = draw(st.sampled_from(["", ".0", ".1", ".-1", ".probs", ".x.0", ".steps.0", ".ids"]))
            fmt = draw(st.sampled_from(["", ":.2f", ":d", ":.1%", ":floor:.0f", ":>20", ":>200", ":e", ":q"]))
            n["text"] = f"v = {{value{path}{fmt}}}"
        nodes["n"] = {**n, "at": [400, 0]}
    edges = [{"from": "p", "to": draw(st.sampled_from(["c", "c", "c", "c.bar0", "c.r0c0", "c.axes", "c.FP32"]))}
             for _ in range(draw(st.sampled_from([0, 0, 1, 2])))]
    return {"id": "fuzz", "chapter": "ch", "title": {"en": "Fuzz", "zh": "模糊"}, "layout": "free", "nodes": nodes,
            "edges": edges}


class ExampleTimeout(Exception):
    """An example ran past FUZZ_DEADLINE (a hang, or a spec that makes the machine work far too long)."""


@contextlib.contextmanager
def _deadline(seconds: float):
    """Interrupt the example after ``seconds`` (hypothesis' own deadline only reports slowness afterwards)."""
    def stop(signum, frame):
        raise ExampleTimeout(f"the example ran longer than FUZZ_DEADLINE = {seconds:g} s (FUZZ_SEED={SEED})")

    old = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@FUZZ
@given(spec=_component_figure(), lang=st.sampled_from(["en", "zh"]))
def test_random_component_data_and_args_build_or_fail_cleanly(tmp_path, spec, lang):
    folder = tmp_path / "ch"
    folder.mkdir(exist_ok=True)
    path = folder / "fuzz.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, width=10_000), encoding="utf-8")
    _seeded()
    try:
        with _deadline(DEADLINE_S):
            fig = load_figure(path)
            from diagrams.theme import load_theme

            svg = render(fig, lang, load_theme()).svg
            import xml.etree.ElementTree as ET

            ET.fromstring(svg)
        event(f"{spec['nodes']['c']['component']}: rendered")   # --hypothesis-show-statistics shows the mix
    except DiagramError as exc:
        msg = str(exc)
        event(f"{spec['nodes']['c']['component']}: refused")
        for line in msg.splitlines():     # one located line per problem
            assert line.startswith(str(path)) or line.startswith("… and "), f"{msg} (FUZZ_SEED={SEED})"
    except Exception as exc:
        exc.add_note(f"FUZZ_SEED={SEED} FUZZ_EXAMPLES={EXAMPLES} reproduces this run")
        raise

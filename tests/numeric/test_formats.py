import math
import struct

import ml_dtypes
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from diagrams.numeric import formats as F


def _by_name(rows):
    return {r["name"]: r for r in rows}


def test_float_layout_constants():
    f = _by_name(F.float_layouts())
    assert list(f) == ["FP64", "FP32", "TF32", "BF16", "FP16", "FP8 E4M3", "FP8 E5M2"]
    bits = {n: (r["bits"], r["sign_bits"], r["exponent_bits"], r["fraction_bits"]) for n, r in f.items()}
    assert bits == {"FP64": (64, 1, 11, 52), "FP32": (32, 1, 8, 23), "TF32": (19, 1, 8, 10),
                    "BF16": (16, 1, 8, 7), "FP16": (16, 1, 5, 10), "FP8 E4M3": (8, 1, 4, 3),
                    "FP8 E5M2": (8, 1, 5, 2)}
    for r in f.values():
        assert r["sign_bits"] + r["exponent_bits"] + r["fraction_bits"] == r["bits"]
        assert r["min"] == -r["max"]
    assert f["FP16"]["max"] == 65504.0
    assert f["BF16"]["max"] == pytest.approx(3.3895e38, rel=1e-4)
    assert f["FP8 E4M3"]["max"] == 448.0
    assert f["FP8 E5M2"]["max"] == 57344.0
    assert f["FP32"]["epsilon"] == 2.0 ** -23
    assert f["FP16"]["min_subnormal"] == 2.0 ** -24
    assert f["FP8 E4M3"]["min_subnormal"] == 2.0 ** -9
    assert f["FP64"]["max"] == struct.unpack(">d", bytes.fromhex("7fefffffffffffff"))[0]


def test_ieee_formula_matches_finfo():
    f = _by_name(F.float_layouts())
    for name in ("FP64", "FP32", "BF16", "FP16", "FP8 E5M2"):
        lim = F.ieee_limits(f[name]["exponent_bits"], f[name]["fraction_bits"])
        for key in ("exponent_bias", "max", "min_normal", "min_subnormal", "epsilon"):
            assert f[name][key] == lim[key], (name, key)
    # E4M3FN is not IEEE-like: no infinities, so its max (448) exceeds the IEEE-style 240
    assert F.ieee_limits(4, 3)["max"] == 240.0


def test_tf32_derived():
    t = F.float_layout("TF32")
    assert t.exponent_bias == 127
    assert t.max == (2 - 2 ** -10) * 2.0 ** 127
    assert t.min_normal == np.finfo(np.float32).smallest_normal
    assert t.min_subnormal == 2.0 ** -136 and t.epsilon == 2.0 ** -10


def test_int_layouts():
    i = _by_name(F.int_layouts())
    assert (i["INT32"]["min"], i["INT32"]["max"]) == (-2 ** 31, 2 ** 31 - 1)
    assert (i["UINT64"]["min"], i["UINT64"]["max"]) == (0, 2 ** 64 - 1)
    assert (i["INT8"]["min"], i["INT8"]["max"], i["INT8"]["value_bits"]) == (-128, 127, 7)
    assert (i["UINT8"]["value_bits"], i["UINT8"]["sign_bits"]) == (8, 0)
    assert (i["INT4"]["min"], i["INT4"]["max"]) == F.twos_complement_range(4) == (-8, 7)
    assert (i["UINT4"]["min"], i["UINT4"]["max"]) == F.twos_complement_range(4, False) == (0, 15)
    assert (i["INT2"]["min"], i["INT2"]["max"]) == (-2, 1)
    if hasattr(ml_dtypes, "int2"):
        assert i["INT2"]["min"] == int(ml_dtypes.iinfo(ml_dtypes.int2).min)
    assert i["TWN"]["values"] == (-1, 0, 1) and i["INT1"]["values"] == (-1, 1)
    for name in ("INT64", "INT16", "UINT32", "UINT16"):
        signed = not name.startswith("U")
        assert (i[name]["min"], i[name]["max"]) == F.twos_complement_range(i[name]["bits"], signed)


def test_bit_patterns_by_hand():
    one = F.bit_pattern(1.0, "FP32")
    assert (one["sign"], one["exponent"], one["fraction"]) == ("0", "01111111", "0" * 23)
    m2 = F.bit_pattern(-2.0, "FP16")
    assert (m2["sign"], m2["exponent"], m2["fraction"]) == ("1", "10000", "0" * 10)
    e4 = F.bit_pattern(448.0, "FP8 E4M3")
    assert e4["bits"] == "01111110"
    assert F.bit_pattern(1.0, "BF16")["bits"] == "0011111110000000"
    # TF32 rounds to nearest even at 10 fraction bits
    assert F.bit_pattern(1 + 2 ** -11, "TF32")["decoded"] == 1.0
    assert F.bit_pattern(1 + 3 * 2 ** -11, "TF32")["decoded"] == 1 + 2 ** -9
    assert len(F.bit_pattern(1.0, "TF32")["bits"]) == 19


@settings(max_examples=40, deadline=None)
@given(x=st.floats(1e-3, 1e3), neg=st.booleans(),
       name=st.sampled_from(["FP32", "TF32", "BF16", "FP16", "FP8 E5M2"]))
def test_bit_pattern_decodes_by_formula(x, neg, name):
    x = -x if neg else x
    bp = F.bit_pattern(x, name)
    lay = F.float_layout(name)
    s, e, f = int(bp["sign"]), int(bp["exponent"], 2), int(bp["fraction"], 2)
    if 0 < e < 2 ** lay.exponent_bits - 1:
        value = (-1) ** s * 2.0 ** (e - lay.exponent_bias) * (1 + f / 2 ** lay.fraction_bits)
        assert value == bp["decoded"]
        assert abs(value - x) <= abs(x) * lay.epsilon / 2 * (1 + 1e-12)

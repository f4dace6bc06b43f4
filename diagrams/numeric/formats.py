"""Number formats: float layouts (FP64 ... FP8) and integer ranges (INT64 ... INT1)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import ml_dtypes
import numpy as np

FLOAT_DTYPES = {
    "FP64": np.float64, "FP32": np.float32, "FP16": np.float16,
    "BF16": ml_dtypes.bfloat16, "FP8 E4M3": ml_dtypes.float8_e4m3fn, "FP8 E5M2": ml_dtypes.float8_e5m2,
}
FLOAT_ORDER = ("FP64", "FP32", "TF32", "BF16", "FP16", "FP8 E4M3", "FP8 E5M2")
_UINT_FOR_BITS = {8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}


@dataclass(frozen=True)
class FloatLayout:
    name: str
    bits: int
    sign_bits: int
    exponent_bits: int
    fraction_bits: int
    exponent_bias: int
    max: float
    min: float
    min_normal: float
    min_subnormal: float
    epsilon: float


@dataclass(frozen=True)
class IntLayout:
    name: str
    bits: int
    signed: bool
    sign_bits: int
    value_bits: int
    min: int
    max: int
    values: tuple | None = None


def ieee_limits(exponent_bits: int, fraction_bits: int) -> dict:
    """IEEE-754-style limits (top exponent reserved for inf/NaN), bias = 2^(e-1) - 1:
    max = (2 - 2^-f) 2^bias, min_normal = 2^(1-bias), min_subnormal = 2^(1-bias-f), eps = 2^-f."""
    bias = 2 ** (exponent_bits - 1) - 1
    return {"exponent_bias": bias, "max": (2.0 - 2.0 ** -fraction_bits) * 2.0 ** bias,
            "min_normal": 2.0 ** (1 - bias), "min_subnormal": 2.0 ** (1 - bias - fraction_bits),
            "epsilon": 2.0 ** -fraction_bits}


def _finfo(dtype):
    return np.finfo(dtype) if dtype in (np.float64, np.float32, np.float16) else ml_dtypes.finfo(dtype)


def float_layout(name: str) -> FloatLayout:
    """Layout of one float format; numbers from numpy.finfo / ml_dtypes.finfo.

    TF32 is not a numpy dtype: it is derived by formula (ieee_limits) as 1 sign, 8 exponent
    (bias 127, as FP32) and 10 fraction bits (19 bits used, stored in 32)."""
    if name == "TF32":
        lim = ieee_limits(8, 10)
        return FloatLayout("TF32", 19, 1, 8, 10, lim["exponent_bias"], lim["max"], -lim["max"],
                           lim["min_normal"], lim["min_subnormal"], lim["epsilon"])
    fi = _finfo(FLOAT_DTYPES[name])
    bias = 1 - int(np.log2(float(fi.smallest_normal)))
    return FloatLayout(name, int(fi.bits), 1, int(fi.nexp), int(fi.nmant), bias, float(fi.max),
                       float(fi.min), float(fi.smallest_normal), float(fi.smallest_subnormal),
                       float(fi.eps))


def float_layouts(names=FLOAT_ORDER) -> list[dict]:
    """Layouts (bit counts, range, epsilon) for FP64, FP32, TF32, BF16, FP16, FP8 E4M3, FP8 E5M2."""
    return [asdict(float_layout(n)) for n in names]


def _int_dtype_layout(name: str, dtype) -> IntLayout:
    info = ml_dtypes.iinfo(dtype) if dtype in (ml_dtypes.int4, ml_dtypes.uint4) else np.iinfo(dtype)
    signed = int(info.min) < 0
    return IntLayout(name, int(info.bits), signed, int(signed), int(info.bits) - int(signed),
                     int(info.min), int(info.max))


def twos_complement_range(bits: int, signed: bool = True) -> tuple[int, int]:
    """Signed: [-2^(n-1), 2^(n-1) - 1]; unsigned: [0, 2^n - 1]."""
    return (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1)


def _arith_layout(name: str, bits: int, signed: bool) -> IntLayout:
    lo, hi = twos_complement_range(bits, signed)
    return IntLayout(name, bits, signed, int(signed), bits - int(signed), lo, hi)


def int_layouts() -> list[dict]:
    """Ranges of INT64 ... UINT8 (numpy.iinfo), INT4/UINT4 (ml_dtypes.iinfo), INT2 [-2, 1]
    (two's complement arithmetic), ternary TWN {-1, 0, +1} and binary INT1 {-1, +1} (data)."""
    rows = [_int_dtype_layout(n, getattr(np, n.lower()))
            for n in ("INT64", "UINT64", "INT32", "UINT32", "INT16", "UINT16", "INT8", "UINT8")]
    for name, signed in (("INT4", True), ("UINT4", False)):
        dtype = getattr(ml_dtypes, name.lower(), None)
        rows.append(_int_dtype_layout(name, dtype) if dtype is not None else _arith_layout(name, 4, signed))
    rows.append(_arith_layout("INT2", 2, True))
    rows.append(IntLayout("TWN", 2, True, 1, 1, -1, 1, (-1, 0, 1)))
    rows.append(IntLayout("INT1", 1, True, 1, 0, -1, 1, (-1, 1)))
    return [asdict(r) for r in rows]


def _tf32_bits(value: float) -> int:
    """FP32 bits rounded to nearest-even at 10 fraction bits, kept as the top 19 bits."""
    u = int(np.array(value, dtype=np.float32).view(np.uint32))
    u = (u + 0x0FFF + ((u >> 13) & 1)) & 0xFFFFE000
    return u >> 13


def bit_pattern(value: float, name: str = "FP32") -> dict:
    """Encode value (round to nearest) as sign | exponent | fraction bit strings; decoded is the
    value actually represented, = (-1)^s 2^(E - bias) (1 + F / 2^f) for normal numbers."""
    lay = float_layout(name)
    if name == "TF32":
        raw = _tf32_bits(value)
        decoded = float(np.array(raw << 13, dtype=np.uint32).view(np.float32))
    else:
        x = np.array(value, dtype=FLOAT_DTYPES[name])
        raw = int(x.view(_UINT_FOR_BITS[lay.bits]))
        decoded = float(x)
    s = format(raw, f"0{lay.bits}b")
    e = lay.exponent_bits
    return {"name": name, "value": float(value), "decoded": decoded, "bits": s,
            "sign": s[0], "exponent": s[1:1 + e], "fraction": s[1 + e:]}

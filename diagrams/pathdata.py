"""SVG path data and transforms as plain geometry: absolute move/line/cubic/close segments.

Renderers without SVG's path grammar (PPTX custom geometry) draw these; quadratic curves and elliptical arcs
become cubic Béziers, relative commands become absolute, and an affine transform can be applied to the points.
"""
from __future__ import annotations

import math
import re

Point = tuple[float, float]
# (a, b, c, d, e, f) as in SVG's matrix(): x' = a x + c y + e, y' = b x + d y + f
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}


def parse_path(d: str) -> list[tuple]:
    """Path data → [("M", p), ("L", p), ("C", c1, c2, p), ("Z",)] with absolute points."""
    tokens = _TOKEN.findall(d or "")
    out: list[tuple] = []
    i = 0
    cmd = None
    x = y = 0.0
    start = (0.0, 0.0)
    last_ctrl = None       # the previous curve's second control point (for S and T)
    last_kind = None
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "Zz":
                out.append(("Z",))
                x, y = start
                last_ctrl, last_kind = None, "Z"
                continue
        elif cmd is None:
            break
        n = _ARGS[cmd.upper()]
        if i + n > len(tokens) or any(tok.isalpha() for tok in tokens[i:i + n]):
            break                                  # malformed tail: what was read so far stands
        a = [float(v) for v in tokens[i:i + n]]
        i += n
        rel = cmd.islower()
        up = cmd.upper()
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if up == "M":
            x, y = a[0] + ox, a[1] + oy
            start = (x, y)
            out.append(("M", (x, y)))
            cmd = "l" if rel else "L"              # further pairs are line-tos
            last_kind = "M"
        elif up == "L":
            x, y = a[0] + ox, a[1] + oy
            out.append(("L", (x, y)))
            last_kind = "L"
        elif up == "H":
            x = a[0] + ox
            out.append(("L", (x, y)))
            last_kind = "L"
        elif up == "V":
            y = a[0] + oy
            out.append(("L", (x, y)))
            last_kind = "L"
        elif up == "C":
            c1, c2, p = (a[0] + ox, a[1] + oy), (a[2] + ox, a[3] + oy), (a[4] + ox, a[5] + oy)
            out.append(("C", c1, c2, p))
            x, y = p
            last_ctrl, last_kind = c2, "C"
        elif up == "S":
            c1 = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_kind == "C" else (x, y)
            c2, p = (a[0] + ox, a[1] + oy), (a[2] + ox, a[3] + oy)
            out.append(("C", c1, c2, p))
            x, y = p
            last_ctrl, last_kind = c2, "C"
        elif up in "QT":
            if up == "Q":
                q, p = (a[0] + ox, a[1] + oy), (a[2] + ox, a[3] + oy)
            else:
                q = (2 * x - last_ctrl[0], 2 * y - last_ctrl[1]) if last_kind == "Q" else (x, y)
                p = (a[0] + ox, a[1] + oy)
            out.append(_quad_to_cubic((x, y), q, p))
            x, y = p
            last_ctrl, last_kind = q, "Q"
        elif up == "A":
            p = (a[5] + ox, a[6] + oy)
            out.extend(_arc_to_cubics((x, y), a[0], a[1], a[2], bool(a[3]), bool(a[4]), p))
            x, y = p
            last_kind = "A"
    return out


def _quad_to_cubic(p0: Point, q: Point, p: Point) -> tuple:
    c1 = (p0[0] + 2 / 3 * (q[0] - p0[0]), p0[1] + 2 / 3 * (q[1] - p0[1]))
    c2 = (p[0] + 2 / 3 * (q[0] - p[0]), p[1] + 2 / 3 * (q[1] - p[1]))
    return ("C", c1, c2, p)


def _arc_to_cubics(p0: Point, rx: float, ry: float, phi_deg: float, large: bool, sweep: bool, p: Point) -> list:
    """An SVG elliptical arc (endpoint form) as cubic Béziers of at most a quarter turn each."""
    if p0 == p:
        return []
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        return [("L", p)]
    phi = math.radians(phi_deg % 360)
    cos, sin = math.cos(phi), math.sin(phi)
    dx, dy = (p0[0] - p[0]) / 2, (p0[1] - p[1]) / 2
    x1 = cos * dx + sin * dy
    y1 = -sin * dx + cos * dy
    lam = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry)
    if lam > 1:                                   # radii too small: scaled up, as SVG says
        s = math.sqrt(lam)
        rx, ry = rx * s, ry * s
    num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1
    den = rx * rx * y1 * y1 + ry * ry * x1 * x1
    coef = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        coef = -coef
    cx1, cy1 = coef * rx * y1 / ry, -coef * ry * x1 / rx
    cx = cos * cx1 - sin * cy1 + (p0[0] + p[0]) / 2
    cy = sin * cx1 + cos * cy1 + (p0[1] + p[1]) / 2

    def angle(ux, uy, vx, vy):
        a = math.atan2(ux * vy - uy * vx, ux * vx + uy * vy)
        return a

    t1 = angle(1, 0, (x1 - cx1) / rx, (y1 - cy1) / ry)
    dt = angle((x1 - cx1) / rx, (y1 - cy1) / ry, (-x1 - cx1) / rx, (-y1 - cy1) / ry)
    if not sweep and dt > 0:
        dt -= 2 * math.pi
    elif sweep and dt < 0:
        dt += 2 * math.pi
    n = max(1, math.ceil(abs(dt) / (math.pi / 2) - 1e-9))
    step = dt / n
    k = 4 / 3 * math.tan(step / 4)
    out = []

    def at(t):
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        return (cos * ex - sin * ey + cx, sin * ex + cos * ey + cy)

    def deriv(t):
        ex, ey = -rx * math.sin(t), ry * math.cos(t)
        return (cos * ex - sin * ey, sin * ex + cos * ey)

    t = t1
    for i in range(n):
        a0, a1 = at(t), at(t + step)
        d0, d1 = deriv(t), deriv(t + step)
        c1 = (a0[0] + k * d0[0], a0[1] + k * d0[1])
        c2 = (a1[0] - k * d1[0], a1[1] - k * d1[1])
        end = p if i == n - 1 else a1
        out.append(("C", c1, c2, end))
        t += step
    return out


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m ∘ n: apply n first, then m."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
            b * e2 + d * f2 + f)


def apply(m: Matrix, p: Point) -> Point:
    a, b, c, d, e, f = m
    return (a * p[0] + c * p[1] + e, b * p[0] + d * p[1] + f)


def translate(dx: float, dy: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, dx, dy)


def rotate(deg: float, cx: float = 0.0, cy: float = 0.0) -> Matrix:
    r = math.radians(deg)
    cos, sin = math.cos(r), math.sin(r)
    m = (cos, sin, -sin, cos, 0.0, 0.0)
    return multiply(translate(cx, cy), multiply(m, translate(-cx, -cy)))


def scale_of(m: Matrix) -> float:
    """The mean linear scale of a transform (for stroke widths and font sizes)."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


def rotation_of(m: Matrix) -> float:
    """The transform's rotation in degrees, clockwise on screen (y down)."""
    return math.degrees(math.atan2(m[1], m[0]))


_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")


def parse_transform(text: str | None) -> Matrix:
    m = IDENTITY
    for name, args in _TRANSFORM.findall(text or ""):
        v = [float(a) for a in re.findall(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", args)]
        if name == "matrix" and len(v) == 6:
            t = tuple(v)
        elif name == "translate" and v:
            t = translate(v[0], v[1] if len(v) > 1 else 0.0)
        elif name == "scale" and v:
            t = (v[0], 0.0, 0.0, v[1] if len(v) > 1 else v[0], 0.0, 0.0)
        elif name == "rotate" and v:
            t = rotate(v[0], *(v[1:3] if len(v) >= 3 else ()))
        elif name == "skewX" and v:
            t = (1.0, 0.0, math.tan(math.radians(v[0])), 1.0, 0.0, 0.0)
        elif name == "skewY" and v:
            t = (1.0, math.tan(math.radians(v[0])), 0.0, 1.0, 0.0, 0.0)
        else:
            continue
        m = multiply(m, t)
    return m


def transform_segments(segments: list[tuple], m: Matrix) -> list[tuple]:
    if m == IDENTITY:
        return segments
    return [(s[0], *(apply(m, p) for p in s[1:])) for s in segments]


def segments_bounds(segments: list[tuple]):
    """(x0, y0, x1, y1) of all points, control points included; None when there are none."""
    pts = [p for s in segments for p in s[1:]]
    if not pts:
        return None
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def to_d(segments: list[tuple]) -> str:
    """Absolute segments → compact path data (M, L, C, Z)."""
    def n(v):
        s = f"{v:.3f}".rstrip("0").rstrip(".")
        return "0" if s in ("-0", "") else s

    parts = []
    for s in segments:
        if s[0] == "Z":
            parts.append("Z")
        else:
            parts.append(s[0] + " ".join(f"{n(p[0])} {n(p[1])}" for p in s[1:]))
    return "".join(parts)

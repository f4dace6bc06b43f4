"""matplotlib's mathtext parser, extended where it falls short of TeX for the book's formulas.

* ``\\displaystyle`` at the start of a formula sets it in display style (TeX's ``$$…$$``): fractions that are
  not inside a script or another fraction are full size (``\\frac`` acts as ``\\dfrac``), big operators
  (``\\sum``, ``\\prod``, …) take their large display glyph with the limits above and below.
* Limits of big operators: the operator's box is as wide as its widest limit, and a thin space separates it
  from its neighbours (TeX's Op spacing), so ``\\sum_{j=1}\\sum_{i=1}`` no longer runs ``j = 1i = 1``.
* Sub- and superscripts are set without the spaces around ``=``, ``+``, ``-`` (TeX's script style):
  ``R_{t+1}``, ``\\sum_{i=1}``.
* Primes (``'``, ``^{\\prime}``, ``^\\prime``) are the font's prime glyph, which is already drawn at
  superscript height, placed right after their symbol (mathtext raised it a second time, far from the symbol).
* ``\\left``/``\\right`` delimiters grow symmetrically about the math axis (TeX's rule), so a delimiter around a
  tall fraction covers it above and below.
"""
from __future__ import annotations

import re

from matplotlib import _mathtext as mt

DISPLAY = r"\displaystyle"
BIG_OPS = {r"\sum", r"\prod", r"\coprod", r"\bigcap", r"\bigcup", r"\bigsqcup", r"\bigvee", r"\bigwedge",
           r"\bigodot", r"\bigotimes", r"\bigoplus", r"\biguplus", r"\int", r"\oint", r"\iint", r"\iiint"}
THIN = 0.16667          # TeX's thin space, in em (3 mu)
DISPLAY_OP_FONT = "1"   # STIX's first size variant: the display size of a big operator (about 1.4×)
_FRAC_ARGS = {r"\frac": 2, r"\dfrac": 2, r"\tfrac": 2, r"\binom": 2, r"\genfrac": 6}
# s'_t: mathtext reads the prime and the subscript as two atoms (the script then hangs on nothing); TeX reads
# s^{\prime}_t. Written as s_t' the two belong to one atom again.
_PRIME_THEN_SUB = re.compile(r"('+)(_(?:\{[^{}]*\}|\\[A-Za-z]+|[^\s{}\\]))")
# written before a formula by the engine (never by a spec): ``\reachdelims{D}{i,j}`` makes the i-th, j-th
# ``\left`` (0 = the first in the source) reach D em below the baseline, over what is drawn under the formula
REACH = re.compile(r"^\s*\\reachdelims\{([0-9.]+)\}\{([0-9,]*)\}")
_LEFT_RIGHT = re.compile(r"\\(left|right)(?![A-Za-z])")
_CMD = re.compile(r"\\[A-Za-z]+|\\.|.", re.S)


def display_fracs(tex: str) -> str:
    """``\\frac`` → ``\\dfrac`` where TeX's display style reaches: outside sub/superscripts and outside the
    arguments of another fraction (those stay in text style, as in TeX)."""
    out = []
    stack: list[bool] = []                 # per open brace group: does display style end inside it?
    pending: list[tuple[int, bool]] = []   # arguments still to come: (the group depth they belong to, ends?)
    for tok in _CMD.findall(tex):
        inside = any(stack)
        mine = bool(pending) and pending[0][0] == len(stack)
        if tok == "{":
            stack.append(pending.pop(0)[1] if mine else False)
        elif tok == "}":
            if stack:
                stack.pop()
        elif tok.isspace():
            pass
        elif tok in ("_", "^"):
            pending.insert(0, (len(stack), True))
        elif tok in _FRAC_ARGS:
            if mine:
                pending.pop(0)             # \frac as the one-token argument of a script: it opens its own
            if tok == r"\frac" and not inside and not mine:
                tok = r"\dfrac"
            pending[0:0] = [(len(stack), True)] * _FRAC_ARGS[tok]
        elif mine:
            pending.pop(0)                 # a one-token argument (x^2, \frac12): no group opens
        out.append(tok)
    return "".join(out)


def _spaced_symbol(node):
    """A relation or binary operator mathtext wrapped in spaces: ``Hlist([Kern, Char, Kern…])``."""
    ch = getattr(node, "children", None)
    if not isinstance(node, mt.Hlist) or not ch or not isinstance(ch[0], mt.Kern):
        return None
    chars = [c for c in ch if not isinstance(c, mt.Kern)]
    if len(chars) == 1 and isinstance(chars[0], mt.Char) and chars[0].c in mt.Parser._spaced_symbols:
        return chars[0]
    return None


def _unspace(node):
    """Script style: drop the spaces mathtext put around relations and operators in a script."""
    char = _spaced_symbol(node)
    if char is not None:
        return char
    ch = getattr(node, "children", None)
    if isinstance(node, mt.Hlist) and ch:
        new = [_unspace(c) for c in ch]
        if any(a is not b for a, b in zip(new, ch)):
            out = mt.Hlist(new, do_kern=False)
            out.shift_amount = node.shift_amount
            return out
    return node


def _only_primes(node) -> int:
    """How many prime glyphs ``node`` is made of (0 when it holds anything else)."""
    if isinstance(node, mt.Char):
        return 1 if node.c in (r"\prime", "\u2032") else 0
    if isinstance(node, mt.Hlist):
        n = 0
        for c in node.children:
            if isinstance(c, mt.Kern):
                continue
            k = _only_primes(c)
            if not k:
                return 0
            n += k
        return n
    return 0


class Parser(mt.Parser):
    """mathtext's parser with display style, TeX script spacing, attached primes and symmetric delimiters."""

    _display = False
    _reach: tuple[float, set] | None = None
    _closing: list[int] = []
    _closed = 0

    def parse(self, s, fonts_object, fontsize, dpi):
        body = s[1:-1] if len(s) >= 2 and s[0] == s[-1] == "$" else s
        self._reach, self._closed = None, 0
        m = REACH.match(body)
        if m:
            body = body[m.end():]
            self._reach = (float(m.group(1)) * fontsize, {int(i) for i in m.group(2).split(",") if i})
            # which \left each \right closes: the delimiters are built in the order of their \right
            stack, self._closing, count = [], [], 0
            for t in _LEFT_RIGHT.finditer(body):
                if t.group(1) == "left":
                    stack.append(count)
                    count += 1
                elif stack:
                    self._closing.append(stack.pop())
        stripped = body.lstrip()
        display = stripped.startswith(DISPLAY) and not stripped[len(DISPLAY):len(DISPLAY) + 1].isalpha()
        if display:
            body = display_fracs(stripped[len(DISPLAY):])
        body = _PRIME_THEN_SUB.sub(r"\2\1", body)
        self._display = display
        try:
            return super().parse(f"${body}$", fonts_object, fontsize, dpi)
        finally:
            self._display = False

    # ------------------------------------------------------------------ big operators
    def symbol(self, s, loc, toks):
        c = toks["sym"]
        if self._display and c in BIG_OPS:
            state = self.get_state().copy()
            fonts = [f for f, _ in state.fontset.get_sized_alternatives_for_symbol(state.font, c)]
            if DISPLAY_OP_FONT in fonts:
                state.font = DISPLAY_OP_FONT
                return [mt.Char(c, state)]   # named as before: is_overunder / is_dropsub know it
        return super().symbol(s, loc, toks)

    def _op_space(self):
        return self._make_space(THIN)

    # ------------------------------------------------------------------ scripts
    def subsuper(self, s, loc, toks):
        nucleus = toks.get("nucleus", mt.Hbox(0))
        subsuper = list(toks.get("subsuper", []))
        napostrophes = len(toks.get("apostrophes", []))
        if not subsuper and not napostrophes:
            return nucleus
        sub = sup = None
        rest = subsuper
        while rest:
            op, arg, *rest = rest
            if op == "_":
                if sub is not None:
                    raise mt.ParseFatalException("Double subscript")
                sub = _unspace(arg)
            else:
                if sup is not None:
                    raise mt.ParseFatalException("Double superscript")
                sup = _unspace(arg)
        primes = napostrophes + (_only_primes(sup) if sup is not None else 0)
        if primes and (sup is None or _only_primes(sup)):
            # the prime glyph already sits at superscript height: set it at full size, next to its symbol
            state = self.get_state()
            mark = mt.Hlist([mt.Char(r"\prime", state) for _ in range(primes)])
            if sub is None:
                return [mt.Hlist([nucleus, mark])]
            # a subscript goes under the prime, as in TeX: the prime overlays the start of the script
            (res,) = super().subsuper(s, loc, {"nucleus": nucleus, "subsuper": ["_", sub]})
            kids = list(res.children)
            script_w = sum(k.width for k in kids[1:])
            kids[1:1] = [mark, mt.Kern(-mark.width)]
            if mark.width > script_w:
                kids.append(mt.Kern(mark.width - script_w))
            return [mt.Hlist(kids, do_kern=False)]
        parts = []
        if sub is not None:
            parts += ["_", sub]
        if sup is not None:
            parts += ["^", sup]
        result = super().subsuper(s, loc, {"nucleus": nucleus, "subsuper": parts,
                                           "apostrophes": toks.get("apostrophes", [])})
        if self.is_overunder(nucleus) and (sub is not None or sup is not None):
            # an operator with limits is an Op atom: a thin space on either side (TeX's spacing)
            result = [mt.Hlist([self._op_space(), *result, self._op_space()])]
        return result

    # ------------------------------------------------------------------ delimiters
    def auto_delim(self, toks):
        extra = None
        if self._reach is not None:
            k = self._closed
            self._closed += 1
            if k < len(self._closing) and self._closing[k] in self._reach[1]:
                extra = self._reach[0]
        if extra is None:
            return super().auto_delim(toks)
        strut = mt.Hbox(0)
        strut.depth = extra
        return self._auto_sized_delimiter(toks["left"], [strut, *toks["mid"].as_list()], toks["right"])

    def _auto_sized_delimiter(self, front, middle, back):
        boxes = [x for x in middle if not isinstance(x, str)]
        if boxes:
            state = self.get_state()
            axis = state.fontset.get_axis_height(state.font, state.fontsize, state.dpi)
            height = max(x.height for x in boxes)
            depth = max(x.depth for x in boxes)
            reach = max(height - axis, depth + axis)
            if reach > 0 and (height - axis) != (depth + axis):
                # a zero-width strut stretches the content symmetrically about the axis, as TeX sizes
                # delimiters (mathtext sized them to the content's own height and depth)
                strut = mt.Hbox(0)
                strut.height, strut.depth = axis + reach, reach - axis
                middle = [strut, *middle]
        return super()._auto_sized_delimiter(front, middle, back)

"""chart legend `frame`: a rounded white box with a visible outline around the legend (off by default)."""
import re

from conftest import render_nodes
from diagrams.scene import RawItem
from diagrams.theme import load_theme

NODES = """\
p:
  component: chart
  at: [0, 0]
  compute: preference.reward_loss_curve
  args: {{z_min: -6, z_max: 6, num: 61}}
  data:
    size: [500, 300]
    margins: [60, 20, 20, 50]
    frame: box
    series:
      - {{x: z, y: loss, label: Loss}}
    legend: {legend}
"""


def _markup(make_specs, legend: str) -> str:
    r = render_nodes(make_specs, NODES.format(legend=legend))
    (raw,) = [it for it in r.ctx.scene.items if isinstance(it, RawItem)]
    return raw.markup


def _rounded_paths(markup: str) -> list[str]:
    """Paths with quadratic corners: the legend's fancy box (nothing else in this chart has them)."""
    return [m for m in re.findall(r"<path [^>]*/>", markup) if " Q " in m]


def test_no_frame_by_default(make_specs):
    assert _rounded_paths(_markup(make_specs, "{at: upper right}")) == []


def test_frame_true_draws_an_outlined_white_box(make_specs):
    theme = load_theme()
    (box,) = _rounded_paths(_markup(make_specs, "{at: upper right, frame: true}"))
    assert 'fill="#FFFFFF"' in box
    assert f'stroke="{theme.palette["grey-2"].upper()}"' in box
    m = re.search(r'stroke-width="([\d.]+)"', box)
    assert m is None or float(m.group(1)) > 0            # absent: SVG's default width 1


def test_frame_colour_names_the_outline(make_specs):
    theme = load_theme()
    (box,) = _rounded_paths(_markup(make_specs, "{at: upper right, frame: grey-4}"))
    assert f'stroke="{theme.palette["grey-4"].upper()}"' in box


def _legend_texts_y(make_specs, legend: str) -> list[float]:
    r = render_nodes(make_specs, NODES.format(legend=legend))
    (raw,) = [it for it in r.ctx.scene.items if isinstance(it, RawItem)]
    return [float(y) for y in re.findall(r'<text[^>]*\by="([-\d.]+)"[^>]*>Loss</text>', raw.markup)]


def test_legend_above_sits_over_the_plot_area(make_specs):
    """`at: above`: outside the plot, centred over it (its text higher than the plot's top edge, y = 20)."""
    (above,) = _legend_texts_y(make_specs, "{at: above}")
    (inside,) = _legend_texts_y(make_specs, "{at: upper right}")
    assert above < 20 < inside

#!/usr/bin/env python3
"""Copy a few built figures into docs/gallery/ for the README's small gallery (run after `make diagrams`).

The README shows these SVGs; they are our renders (crediting the original work in their footer), refreshed by
hand when a showcased figure changes, so ordinary engine edits don't churn the repository.
"""
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOWCASE = [("en", "ppo-four-models"), ("zh", "beam-search"), ("en", "rlhf-ppo-training"), ("zh", "rope-dims"),
            ("en", "quantization-formats"), ("en", "ppo-clip")]


def main() -> int:
    out = ROOT / "docs" / "gallery"
    out.mkdir(parents=True, exist_ok=True)
    for lang, fid in SHOWCASE:
        src = ROOT / "build" / lang / f"{fid}.svg"
        if not src.exists():
            print(f"missing {src}: run `make diagrams` first", file=sys.stderr)
            return 1
        shutil.copyfile(src, out / f"{fid}.{lang}.svg")
        print(f"docs/gallery/{fid}.{lang}.svg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

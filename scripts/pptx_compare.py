#!/usr/bin/env python3
"""Side-by-side check of the PPTX export: LibreOffice Impress's rendering of <id>.pptx (left) next to our PNG
(right), one image per figure and language.

  .venv/bin/python scripts/pptx_compare.py dpo ppo-policy-update temperature --out docs/pptx-check

Needs LibreOffice Impress and poppler (make test-office installs them).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_WIDTH = 1800          # px of the written image (the renders are scaled down to fit side by side)
DPI = 192                 # our PNG is 2× the SVG's 96 px per inch


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ids", nargs="+")
    ap.add_argument("--out", type=Path, default=Path("build/pptx-check"))
    args = ap.parse_args()
    from PIL import Image, ImageDraw, ImageFont

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp) / "build"
        subprocess.run([sys.executable, "-m", "diagrams", "build", "--out", str(build), "--format", "png,pptx",
                        *args.ids], check=True, cwd=ROOT)
        for lang in ("en", "zh"):
            pdf_dir = Path(tmp) / f"lo-{lang}"
            for fid in args.ids:
                subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless",
                                "--convert-to", "pdf", "--outdir", str(pdf_dir), str(build / lang / f"{fid}.pptx")],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
                subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(pdf_dir / f"{fid}.pdf"),
                                str(pdf_dir / fid)], check=True, timeout=120)
                left = Image.open(pdf_dir / f"{fid}.png").convert("RGB")
                right = Image.open(build / lang / f"{fid}.png").convert("RGB")
                gap, head = 40, 60
                w, h = left.width + gap + right.width, max(left.height, right.height) + head
                sheet = Image.new("RGB", (w, h), "white")
                sheet.paste(left, (0, head))
                sheet.paste(right, (left.width + gap, head))
                draw = ImageDraw.Draw(sheet)
                font = ImageFont.load_default(size=36)
                draw.text((10, 8), "LibreOffice Impress, from the PPTX", fill="black", font=font)
                draw.text((left.width + gap + 10, 8), "our PNG", fill="black", font=font)
                draw.line([(left.width + gap // 2, 0), (left.width + gap // 2, h)], fill="#C00000", width=3)
                if sheet.width > MAX_WIDTH:
                    sheet = sheet.resize((MAX_WIDTH, round(sheet.height * MAX_WIDTH / sheet.width)), Image.LANCZOS)
                target = args.out / f"{fid}-{lang}.png"
                sheet.save(target, optimize=True)
                print(target)


if __name__ == "__main__":
    main()

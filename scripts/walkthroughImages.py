"""Makes the walkthrough's images (media/walkthrough/*.png) from the e2e screenshots.

    npm test            (writes test-results/screenshots/*.png)
    /usr/bin/python3 scripts/walkthroughImages.py      (needs Pillow: Debian's python3-pil)

Each screenshot (1600x1000, the whole workbench) is cropped to the editor area, scaled down
and reduced to a 256-colour palette, so the images add well under 1 MB to the .vsix.
"""
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / 'test-results' / 'screenshots'
OUT = ROOT / 'media' / 'walkthrough'
WIDTH = 880
# The editor area of a 1600x1000 screenshot: right of the side bar, below the title bar,
# above the status bar.
EDITOR = (348, 38, 1600, 978)

IMAGES = {
    'review-editor-light.png': 'review-editor-light.png',
    'review-editor-dark.png': 'review-editor-dark.png',
    'review-editor-high-contrast.png': 'review-editor-hc.png',
    'compare-two-runs.png': 'compare-two-runs.png',
    'report-light.png': 'report-light.png',
    'report-dark.png': 'report-dark.png',
}


def convert(src: Path, dst: Path) -> None:
    img = Image.open(src).convert('RGB')
    if img.size == (1600, 1000):
        img = img.crop(EDITOR)
    h = round(img.height * WIDTH / img.width)
    img = img.resize((WIDTH, h), Image.LANCZOS).quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    img.save(dst, optimize=True)
    print(f'{dst.relative_to(ROOT)}: {img.width}x{img.height}, {dst.stat().st_size // 1024} KB')


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    missing = [s for s in IMAGES if not (SHOTS / s).exists()]
    if missing:
        print(f'missing screenshots (run npm test first): {", ".join(missing)}', file=sys.stderr)
    for src, dst in IMAGES.items():
        if (SHOTS / src).exists():
            convert(SHOTS / src, OUT / dst)
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main())

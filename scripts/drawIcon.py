"""Draws media/icon.png (128x128): two overlapping transcript columns and a check mark.

    /usr/bin/python3 scripts/drawIcon.py      (needs Pillow: Debian's python3-pil)

Drawn at 4x and downscaled, for smooth edges.
"""
from pathlib import Path

from PIL import Image, ImageDraw

S = 4  # supersampling factor
N = 128 * S
BLUE = (46, 109, 180, 255)        # background
BLUE_DARK = (30, 78, 138, 255)    # check mark
PAPER = (255, 255, 255, 255)
PAPER_BACK = (214, 229, 246, 255)  # the column behind
LINE = (160, 188, 222, 255)        # "text" lines on the columns


def box(x0, y0, x1, y1):
    return [x0 * S, y0 * S, x1 * S, y1 * S]


img = Image.new('RGBA', (N, N), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
d.rounded_rectangle(box(4, 4, 124, 124), radius=24 * S, fill=BLUE)

# Back column (baseline), then front column (trained) overlapping it.
d.rounded_rectangle(box(22, 20, 70, 100), radius=7 * S, fill=PAPER_BACK)
for i, w in enumerate([34, 28, 34, 22, 30]):
    y = 32 + i * 12
    d.rounded_rectangle(box(29, y, 29 + w, y + 4), radius=2 * S, fill=LINE)

d.rounded_rectangle(box(54, 30, 104, 110), radius=7 * S, fill=PAPER, outline=BLUE, width=3 * S)
for i, w in enumerate([34, 26, 34]):
    y = 42 + i * 12
    d.rounded_rectangle(box(62, y, 62 + w, y + 4), radius=2 * S, fill=LINE)

# Check mark on the front column.
d.line([(66 * S, 90 * S), (76 * S, 100 * S), (96 * S, 78 * S)], fill=BLUE_DARK, width=8 * S, joint='curve')
for x, y in [(66, 90), (96, 78)]:
    r = 4 * S
    d.ellipse([x * S - r, y * S - r, x * S + r, y * S + r], fill=BLUE_DARK)

out = Path(__file__).resolve().parent.parent / 'media' / 'icon.png'
img.resize((128, 128), Image.LANCZOS).save(out, optimize=True)
print(f'{out} ({out.stat().st_size} bytes)')

"""Pictures for the demo site, drawn with Pillow so the repository ships no binary files."""

import io
import math
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

CJK_FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
]


def _font(size):
    for path in CJK_FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size, index=2)  # the SC face of the collection
    return ImageFont.load_default(size=size)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def logo_png():
    size = 512
    image = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(11, 58, 110))
    draw.ellipse((44, 44, size - 44, size - 44), outline=(217, 180, 74), width=14)
    font = _font(250)
    draw.text((size / 2, size / 2 + 6), "岳", font=font, fill=(255, 255, 255), anchor="mm")
    return _png(image)


def _gradient(width, height, top, bottom):
    image = PILImage.new("RGB", (width, height), top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image, draw


def hero_png():
    """Dawn over a lake: layered hills and ripples."""
    width, height = 1600, 600
    image, draw = _gradient(width, height, (28, 74, 128), (214, 150, 90))
    draw.ellipse((1080, 160, 1260, 340), fill=(250, 214, 140))
    for layer, colour in enumerate([(40, 70, 96), (26, 52, 76)]):
        base = 380 + layer * 40
        points = [(0, height)]
        for x in range(0, width + 40, 40):
            y = base - 70 * math.sin(x / (230 + layer * 90) + layer) - 30 * math.sin(x / 70)
            points.append((x, y))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    draw.rectangle((0, 470, width, height), fill=(22, 58, 92))
    for row in range(8):
        y = 480 + row * 15
        for x in range(-40, width, 120):
            offset = (row * 37) % 120
            draw.line([(x + offset, y), (x + offset + 60, y)], fill=(120, 150, 180), width=2)
    return _png(image)


def cover_png(colour):
    width, height = 1280, 720
    light = tuple(min(255, c + 70) for c in colour)
    image, draw = _gradient(width, height, light, colour)
    for i in range(6):
        r = 140 + i * 90
        draw.ellipse(
            (width - r, height - r, width + r, height + r), outline=(255, 255, 255), width=3
        )
    return _png(image)

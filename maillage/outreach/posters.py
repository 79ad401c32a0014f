"""A capteur's printable poster: A4 portrait, its personal link as a QR code, the network's name.

One layout drawn once with Pillow at 150 dpi (1240 × 1754 px), saved as PNG or as a one-page A4
PDF. Pure: no request, no database write.

The text is set in Atkinson Hyperlegible (Braille Institute, SIL OFL 1.1), drawn for low-vision
readers, which suits a poster read in passing next to a till. Its two files sit in fonts/, copied
from the pinned PyPI wheel fontpkg-atkinson-hyperlegible by scripts/vendor_assets.py: Pillow's
built-in scalable font has no accented letters (é, à, ç, œ come out as boxes), and the fonts of
the machine cannot be relied on (a fresh Debian may have none).
"""

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

DPI = 150
WIDTH, HEIGHT = 1240, 1754  # A4 (210 × 297 mm) at 150 dpi
MARGIN = 90  # 15 mm
TEXT_WIDTH = WIDTH - 2 * MARGIN
QR_MIN_PX = round(9 / 2.54 * DPI)  # the code, quiet zone aside, is never under 9 cm
QR_MAX_PX = 720
QR_BORDER = 4  # quiet zone, in modules (the standard's minimum)

BRAND, BRAND_DARK, INK, MUTED, PAPER = "#1f4e8c", "#163a69", "#1b1b29", "#4a4a5c", "#ffffff"
FONTS = Path(__file__).resolve().parent / "fonts"
NBSP = "\u00a0"
BREAK = "\n"

TITLE = f"Besoin d’un coup de main pour l’emploi, la formation, les papiers{NBSP}?"
SCAN = f"Ou scannez ce code avec votre téléphone{NBSP}:"


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "AtkinsonHyperlegible-Bold.ttf" if bold else "AtkinsonHyperlegible-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size)


@dataclass
class _Block:
    """Lines of words, each word with its font, wrapped to the text width."""

    lines: list[list[tuple[str, ImageFont.FreeTypeFont]]]
    line_height: int

    @property
    def height(self) -> int:
        return len(self.lines) * self.line_height


def _wrap(runs: list[tuple[str, ImageFont.FreeTypeFont]], width: int, line_height: int) -> _Block:
    """Break runs of text at spaces (never at no-break spaces) and at the runs that are BREAK;
    cut a word too long for a line."""
    lines: list[list[tuple[str, ImageFont.FreeTypeFont]]] = [[]]
    for text, font in runs:
        if text == BREAK:
            lines.append([])
            continue
        for word in text.split(" "):
            if word:
                _place(lines, word, font, width)
    return _Block([line for line in lines if line], line_height)


def _place(lines, word: str, font: ImageFont.FreeTypeFont, width: int) -> None:
    """Add the word to the last line, or to a new one when it does not fit."""
    while font.getlength(word) > width:  # a name with no space at all: cut it
        cut = max(i for i in range(1, len(word)) if font.getlength(word[:i]) <= width)
        if lines[-1]:
            lines.append([])
        lines[-1].append((word[:cut], font))
        lines.append([])
        word = word[cut:]
    if lines[-1] and _line_width([*lines[-1], (word, font)]) > width:
        lines.append([])
    lines[-1].append((word, font))


def _line_width(line) -> float:
    return sum(font.getlength(word) for word, font in line) + sum(
        font.getlength(" ") for _, font in line[1:]
    )


def _draw_block(draw: ImageDraw.ImageDraw, block: _Block, top: int, fill: str) -> int:
    """Draw the block centred; return the y below it."""
    for line in block.lines:
        x = (WIDTH - _line_width(line)) / 2
        baseline = top + round(block.line_height * 0.8)
        for word, font in line:
            draw.text((x, baseline), word, font=font, fill=fill, anchor="ls")
            x += font.getlength(word) + font.getlength(" ")
        top += block.line_height
    return top


@dataclass
class _Layout:
    title: _Block
    body: _Block
    scan: _Block
    url: _Block
    network: _Block
    module_px: int
    qr_size: int  # modules, quiet zone included

    @property
    def qr_px(self) -> int:
        return self.module_px * self.qr_size


HEADER_PAD, GAP, FOOTER_PAD = 70, 56, 44


def _height(layout: _Layout) -> int:
    header = HEADER_PAD * 2 + layout.title.height
    footer = FOOTER_PAD * 2 + layout.network.height + 44
    middle = layout.body.height + GAP + layout.scan.height + layout.qr_px + layout.url.height
    return header + GAP + middle + GAP + footer


def _layout(referrer, url: str, qr: segno.QRCode) -> _Layout:
    """The largest text and code that fit the page (a long capteur name takes more lines)."""
    qr_size = qr.symbol_size(scale=1, border=QR_BORDER)[0]
    title = _wrap([(TITLE, _font(76, bold=True))], TEXT_WIDTH, 92)
    link = _wrap([(url, _font(34, bold=True))], TEXT_WIDTH, 44)
    network = _wrap([(referrer.network.name, _font(46, bold=True))], TEXT_WIDTH, 56)
    for body_size in (48, 44, 40, 36, 32, 28):
        bold = _font(body_size, bold=True)
        regular = _font(body_size)
        body = _wrap(
            [
                ("Parlez-en à", regular),
                (f"{referrer.name}{NBSP}:", bold),
                (BREAK, regular),
                ("on vous met en relation avec les bonnes personnes, près de chez vous.", regular),
                (BREAK, regular),
                ("C’est gratuit.", bold),
            ],
            TEXT_WIDTH,
            round(body_size * 1.3),
        )
        scan_size = min(body_size, 38)
        scan = _wrap([(SCAN, _font(scan_size))], TEXT_WIDTH, round(scan_size * 1.3))
        largest = QR_MAX_PX // qr_size
        smallest = min(largest, -(-QR_MIN_PX // (qr_size - 2 * QR_BORDER)))
        for module_px in range(largest, smallest - 1, -1):
            layout = _Layout(title, body, scan, link, network, module_px, qr_size)
            if _height(layout) <= HEIGHT:
                return layout
    return layout  # the smallest: some text may run off, the code still reads


def _qr_image(qr: segno.QRCode, module_px: int) -> Image.Image:
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=module_px, border=QR_BORDER, dark=INK, light=PAPER)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def render_image(*, referrer, url: str) -> Image.Image:
    qr = segno.make(url, error="h", boost_error=False)
    layout = _layout(referrer, url, qr)
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)

    header = HEADER_PAD * 2 + layout.title.height
    draw.rectangle((0, 0, WIDTH, header), fill=BRAND)
    _draw_block(draw, layout.title, HEADER_PAD, PAPER)

    footer = FOOTER_PAD * 2 + layout.network.height + 44
    draw.rectangle((0, HEIGHT - footer, WIDTH, HEIGHT), fill=BRAND_DARK)
    y = _draw_block(draw, layout.network, HEIGHT - footer + FOOTER_PAD, PAPER)
    draw.text((WIDTH / 2, y + 34), "Maillage", font=_font(30), fill=PAPER, anchor="ms")

    # The middle: spread the spare height evenly between the body, the code and the footer.
    middle = layout.body.height + layout.scan.height + layout.qr_px + layout.url.height
    spare = (HEIGHT - header - footer - middle) // 3
    y = _draw_block(draw, layout.body, header + spare, INK) + spare
    y = _draw_block(draw, layout.scan, y, MUTED)
    image.paste(_qr_image(qr, layout.module_px), ((WIDTH - layout.qr_px) // 2, y))
    _draw_block(draw, layout.url, y + layout.qr_px, INK)
    return image


def render_poster(*, referrer, url: str, fmt: str) -> bytes:
    """The poster as PNG or PDF bytes (``fmt`` is "png" or "pdf")."""
    if fmt not in ("png", "pdf"):
        raise ValueError(f"Format d'affiche inconnu : {fmt}")
    image = render_image(referrer=referrer, url=url)
    buffer = io.BytesIO()
    if fmt == "png":
        image.save(buffer, "PNG", dpi=(DPI, DPI))
    else:
        # Pillow embeds the page as a JPEG: at full chroma and high quality, text and code stay
        # sharp once printed.
        image.save(
            buffer,
            "PDF",
            resolution=DPI,
            quality=95,
            subsampling=0,
            title=f"Affiche — {referrer.name}",
        )
    return buffer.getvalue()

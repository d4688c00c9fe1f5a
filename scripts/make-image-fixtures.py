#!/usr/bin/env python3
"""Generates the image-module test fixtures in test/fixtures/images/ (committed; each < 30 KB).

Run with Debian's Pillow: `apt-get install python3-pil` then
    /usr/bin/python3 scripts/make-image-fixtures.py
Pillow is deliberately an encoder independent of the decoders under test (mozjpeg, libwebp,
fast-png), and its ImageOps.exif_transpose is the reference the EXIF fixtures are checked
against here. Malformed files are built by editing bytes; 16-bit RGBA PNG and the huge-header
PNG are written by a minimal PNG writer below (Pillow cannot write 16-bit colour). Output is
deterministic (no randomness, no timestamps).
"""
import io
import os
import struct
import zlib

from PIL import Image, ImageOps

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'images')
os.makedirs(OUT, exist_ok=True)

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
W, H = 48, 32  # quadrants of 24x16: JPEG blocks never straddle two colours


def quadrants(w=W, h=H):
    """Upright test card: top-left red, top-right green, bottom-left blue, bottom-right white."""
    im = Image.new('RGB', (w, h))
    im.paste(RED, (0, 0, w // 2, h // 2))
    im.paste(GREEN, (w // 2, 0, w, h // 2))
    im.paste(BLUE, (0, h // 2, w // 2, h))
    im.paste(WHITE, (w // 2, h // 2, w, h))
    return im


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(data)
    assert len(data) < 30 * 1024, f'{name} is {len(data)} bytes'


def encoded(im, fmt, **opts):
    buf = io.BytesIO()
    im.save(buf, fmt, **opts)
    return buf.getvalue()


def png_bytes(width, height, bit_depth, color_type, raw_rows, extra_chunks=()):
    """Minimal PNG writer: rows are already-serialised sample bytes; filter 0 on every row."""
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)
    ihdr = struct.pack('>IIBBBBB', width, height, bit_depth, color_type, 0, 0, 0)
    idat = zlib.compress(b''.join(b'\x00' + row for row in raw_rows), 9)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + b''.join(chunk(k, d) for k, d in extra_chunks) + chunk(b'IDAT', idat) + chunk(b'IEND', b'')


# --- EXIF orientation 1..8: stored so that displaying per the tag gives the upright card -------
# Pillow's exif_transpose applies these to the stored image; the stored image is the inverse.
DISPLAY_OP = {2: Image.FLIP_LEFT_RIGHT, 3: Image.ROTATE_180, 4: Image.FLIP_TOP_BOTTOM, 5: Image.TRANSPOSE,
              6: Image.ROTATE_270, 7: Image.TRANSVERSE, 8: Image.ROTATE_90}
INVERSE_OP = {**DISPLAY_OP, 6: Image.ROTATE_90, 8: Image.ROTATE_270}
upright = quadrants()
for o in range(1, 9):
    stored = upright if o == 1 else upright.transpose(INVERSE_OP[o])
    exif = Image.Exif()
    exif[0x0112] = o
    data = encoded(stored, 'JPEG', quality=95, subsampling=0, exif=exif.tobytes())
    check = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    assert check.size == (W, H), (o, check.size)
    for (x, y), colour in {(6, 4): RED, (42, 4): GREEN, (6, 28): BLUE, (42, 28): WHITE}.items():
        assert all(abs(a - b) < 30 for a, b in zip(check.getpixel((x, y)), colour)), (o, x, y, check.getpixel((x, y)))
    write(f'orientation-{o}.jpg', data)

# --- JPEG variants ---------------------------------------------------------------------------
write('baseline-420.jpg', encoded(upright, 'JPEG', quality=90, subsampling=2))
write('progressive.jpg', encoded(upright, 'JPEG', quality=90, progressive=True))
write('grey.jpg', encoded(upright.convert('L'), 'JPEG', quality=95))
# Adobe CMYK (inverted, as Photoshop writes it): libjpeg-turbo cannot convert it to RGB.
write('cmyk.jpg', encoded(upright.convert('CMYK'), 'JPEG', quality=95))

# --- PNG variants ----------------------------------------------------------------------------
write('rgb.png', encoded(upright, 'PNG'))
rgba = upright.convert('RGBA')
rgba.putalpha(Image.new('L', (W, H), 255))
rgba.paste((0, 0, 0, 0), (0, 0, W // 2, H // 2))  # top-left fully transparent (black under it)
rgba.paste((255, 0, 0, 128), (W // 2, 0, W, H // 2))  # top-right half-transparent red
write('rgba.png', encoded(rgba, 'PNG'))
write('grey.png', encoded(upright.convert('L'), 'PNG'))
la = upright.convert('L').convert('LA')
la.paste((0, 0), (0, 0, W // 2, H // 2))  # transparent black top-left
write('grey-alpha.png', encoded(la, 'PNG'))
write('palette.png', encoded(upright.convert('P', palette=Image.ADAPTIVE, colors=4), 'PNG', bits=2))
pal = upright.convert('P', palette=Image.ADAPTIVE, colors=4)
red_index = min(range(4), key=lambda i: sum(abs(a - b) for a, b in zip(pal.getpalette()[i * 3:i * 3 + 3], RED)))
write('palette-trns.png', encoded(pal, 'PNG', transparency=red_index))  # red becomes transparent
write('grey-1bit.png', encoded(upright.convert('L').point(lambda v: 255 if v > 128 else 0).convert('1'), 'PNG'))
# 16-bit grey (Pillow mode I;16) and 16-bit RGBA (hand-written): values chosen so that the
# 16->8 bit rounding is observable (0x8080 -> 128, 0xff00 -> 254, 0x00ff -> 1).
grey16_rows = [b''.join(struct.pack('>H', 0x8080 if x < 4 else 0xFF00) for x in range(8)) for _ in range(4)]
write('grey-16.png', png_bytes(8, 4, 16, 0, grey16_rows))
rgba16_rows = [b''.join(struct.pack('>HHHH', 0xFFFF, 0x00FF, 0x8080, 0xFFFF if x < 4 else 0x0000) for x in range(8)) for _ in range(4)]
write('rgba-16.png', png_bytes(8, 4, 16, 6, rgba16_rows))

# --- WebP ------------------------------------------------------------------------------------
write('lossy.webp', encoded(upright, 'WEBP', quality=90, method=6))
write('lossless.webp', encoded(rgba, 'WEBP', lossless=True))

# --- Refused: other or animated formats ------------------------------------------------------
frames = [quadrants(16, 16), quadrants(16, 16).transpose(Image.ROTATE_90)]
write('animated.png', encoded(frames[0], 'PNG', save_all=True, append_images=frames[1:], duration=100, loop=0))
write('animated.webp', encoded(frames[0], 'WEBP', save_all=True, append_images=frames[1:], duration=100, loop=0, lossless=True))
write('animated.gif', encoded(frames[0], 'GIF', save_all=True, append_images=frames[1:], duration=100, loop=0))
write('still.gif', encoded(frames[0], 'GIF'))
write('image.bmp', encoded(quadrants(8, 8), 'BMP'))
# HEIC: only the ISO-BMFF 'ftyp' box a real HEIC starts with (brand heic); enough to be sniffed.
write('header-only.heic', struct.pack('>I', 24) + b'ftypheic' + struct.pack('>I', 0) + b'mif1heic')

# --- Refused: malformed or too large ---------------------------------------------------------
baseline = encoded(upright, 'JPEG', quality=90)
# Cut inside the entropy-coded data (the usual interrupted upload): headers intact, no EOI.
# A 96x64 card with a diagonal gradient has enough scan data (~2 KB) to cut into.
gradient = Image.linear_gradient('L').resize((96, 64)).rotate(30, fillcolor=0)
card = Image.merge('RGB', (gradient, gradient.transpose(Image.FLIP_LEFT_RIGHT), quadrants(96, 64).convert('L')))
card_jpeg = encoded(card, 'JPEG', quality=90)
first_scan = card_jpeg.index(b'\xff\xda')
cut = first_scan + (len(card_jpeg) - first_scan) // 2
assert cut > first_scan + 200
write('truncated.jpg', card_jpeg[:cut])
write('truncated-header.jpg', baseline[:300])
# Cut the same way, then an EOI appended: passes the structural check, so libjpeg's "premature
# end of data segment" warning is what must catch it.
write('cut-scan-with-eoi.jpg', card_jpeg[:cut] + b'\xff\xd9')
write('zero-bytes.jpg', b'')
write('text-posing-as.png', b'This is a text file that was renamed to photo.png.\n')
write('truncated.png', encoded(upright, 'PNG')[:-30])
lossy = encoded(upright, 'WEBP', quality=90)
write('truncated.webp', lossy[: len(lossy) // 2])
# A valid tiny PNG whose IHDR declares 100000x100000 (10 gigapixels): must be refused from the
# header alone, long before anything is inflated.
write('huge-dimensions.png', png_bytes(100000, 100000, 8, 2, [b'\x00' * 3]))
# A tiny JPEG whose frame header declares 60000x60000 (3.6 gigapixels).
sof = baseline.index(b'\xff\xc0')
write('huge-dimensions.jpg', baseline[: sof + 5] + struct.pack('>HH', 60000, 60000) + baseline[sof + 9:])
# Frame header patched to 12-bit precision (libjpeg-turbo's 8-bit build cannot decode it).
write('12-bit.jpg', baseline[: sof + 4] + b'\x0c' + baseline[sof + 5:])

print('fixtures written to', os.path.normpath(OUT))

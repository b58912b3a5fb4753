"""Checking and re-encoding uploaded photographs (Pillow, no Django).

A photo is accepted only when Pillow reads it as a JPEG, PNG or WebP image within the byte and
pixel limits. It is then decoded and encoded again, which drops every metadata block (EXIF with
GPS positions, XMP, comments) except the colour profile; the EXIF orientation is applied to the
pixels first so that the picture still stands the right way up.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
WEB_LONG_SIDE = 1600
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class ImageRefused(Exception):
    """Why a file is not taken: `reason` is one of "not_image", "too_big", "too_many_pixels"."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Encoded:
    data: bytes
    width: int
    height: int


@dataclass(frozen=True)
class Processed:
    extension: str
    full: Encoded
    web: Encoded


def _encode(image: Image.Image, kind: str, icc: bytes | None) -> Encoded:
    out = io.BytesIO()
    options: dict[str, object] = {}
    if icc:
        options["icc_profile"] = icc
    if kind == "JPEG":
        options.update(quality=85, optimize=True, progressive=True)
    elif kind == "WEBP":
        options.update(quality=85, method=4)
    else:
        options.update(optimize=True)
    image.save(out, format=kind, **options)
    return Encoded(out.getvalue(), image.width, image.height)


def process(stream: IO[bytes], size: int) -> Processed:
    """The re-encoded image and its web-size copy, or ImageRefused."""
    if size > MAX_BYTES:
        raise ImageRefused("too_big")
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as probe:
                kind = probe.format or ""
                width, height = probe.size
                if kind not in FORMATS:
                    raise ImageRefused("not_image")
                if width * height > MAX_PIXELS:
                    raise ImageRefused("too_many_pixels")
                probe.verify()
            stream.seek(0)
            with Image.open(stream) as image:
                image.load()
                icc = image.info.get("icc_profile")
                upright = ImageOps.exif_transpose(image)
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused("too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRefused("not_image") from None
    if kind == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    elif kind != "JPEG" and upright.mode not in ("RGB", "RGBA", "L", "LA"):
        upright = upright.convert("RGBA")
    # A fresh image without `info`, so that nothing of the original's metadata is written back.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    full = _encode(clean, kind, icc)
    web_image = clean.copy()
    web_image.thumbnail((WEB_LONG_SIDE, WEB_LONG_SIDE), Image.Resampling.LANCZOS)
    web = _encode(web_image, kind, icc)
    return Processed(FORMATS[kind], full, web)

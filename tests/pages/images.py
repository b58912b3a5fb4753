"""Image files for the photo tests."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories.pages import image_bytes


def exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # camera maker
    exif[0x0112] = 6  # orientation: turned 90° clockwise
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (43.0, 15.0, 0.0)
    return exif.tobytes()


def upload(
    data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


__all__ = ["exif_with_gps", "image_bytes", "opened", "upload"]

"""Uploaded pictures (logos, photos) are checked by content and re-encoded before they are kept:
whatever the file claims to be, only pixels Pillow could decode are stored, as a fresh PNG or
JPEG without the original's metadata or any script it carried."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 25_000_000  # decompression bombs: a small file that decodes to a huge picture
ACCEPTED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def reencode_image(upload, *, max_side=800):
    """Returns a ContentFile holding the re-encoded picture, or raises ValidationError."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
        )
    try:
        upload.seek(0)
        probe = Image.open(upload)
        if probe.format not in ACCEPTED_FORMATS:
            raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF picture."))
        if probe.width * probe.height > MAX_PIXELS:
            raise ValidationError(_("The picture has too many pixels."))
        probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("This file is not a picture we can read. Upload a PNG, JPEG, WebP or GIF.")
        ) from None
    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side))
    has_alpha = image.mode in ("RGBA", "LA", "P")
    buffer = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
        extension = "jpg"
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")

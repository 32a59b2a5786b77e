"""PDF/X for both of the book's files: WeasyPrint's `pdf_variant`, finished where it falls short.

WeasyPrint (`weasyprint/pdf/pdfx.py`) knows PDF/X-1a, X-3, X-4 and X-5g: it writes the PDF
version, the GTS_PDFXVersion (in the Info dictionary for X-1a and X-3, in the XMP metadata for
all), `Trapped: False`, an OutputIntent and TrimBox and BleedBox on every page. What it lacks,
the finisher here adds, on WeasyPrint's own PDF objects before they are written:

- the OutputIntent's profile: WeasyPrint's variants ask for a CMYK output intent, which it can
  only write when the document declares a CMYK profile. Lulu and KDP print from RGB, so the
  intent is sRGB (the sRGB2014.icc WeasyPrint ships), named as the ICC registry names it;
  X-1a, which needs every colour in CMYK, is not offered rather than faked;
- GTS_PDFXVersion in the Info dictionary for X-4 too, where older preflight tools look;
- a BleedBox as large as the bleed (WeasyPrint stops it 10 pt from the trim: a case wrap's
  0.75 in would be lost), and, where a service wants no bleed at the bound edge (KDP), the
  MediaBox and BleedBox cut back to the trim on that side;
- an XMP DocumentID made from the pages' content (WeasyPrint draws a random one for X-4), so
  the same book always gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from importlib import resources
from typing import Any

import pydyf

from memorybook.print_services import PrintService

OUTPUT_CONDITION = "sRGB IEC61966-2.1"
"""The OutputIntent's condition, as the ICC's registry (www.color.org) names sRGB."""
PT_PER_IN = 72
_PDFX_NAMES = {"pdf/x-3": "PDF/X-3:2003", "pdf/x-4": "PDF/X-4"}


def pdf_options(service: PrintService, *, inside_bleed: bool) -> dict[str, Any]:
    """WeasyPrint's `write_pdf` options for the service's PDF/X, with the finisher."""
    variant = service.pdf_variant
    bleed_pt = service.bleed_in * PT_PER_IN

    def finish(_document: Any, pdf: pydyf.PDF) -> None:
        _srgb_intent(pdf)
        _info_version(pdf, _PDFX_NAMES[variant])
        _boxes(pdf, 0.0 if inside_bleed else bleed_pt)
        _document_id(pdf)

    return {
        "pdf_variant": variant,
        # Not WeasyPrint's `srgb` (it leaves the profile's file open) nor its variants' default
        # `device-cmyk` (groups and gradients would be declared CMYK): a name it has no
        # profile for, so colours stay DeviceRGB, which the sRGB OutputIntent defines.
        "output_intent": "device-rgb",
        "pdf_identifier": True,
        "finisher": finish,
    }


def _objects(pdf: pydyf.PDF, reference: Any) -> Any:
    """The object a `N 0 R` reference points to."""
    return pdf.objects[int(bytes(reference).split()[0])]


def _pages(pdf: pydyf.PDF) -> list[Any]:
    """The page dictionaries, in order (pydyf lists the kids as number, 0, R triples)."""
    return [pdf.objects[number] for number in pdf.pages["Kids"][::3]]


@functools.cache
def srgb_profile() -> bytes:
    """The ICC's sRGB profile (sRGB2014.icc, v2), as WeasyPrint ships it."""
    return resources.files("weasyprint.pdf").joinpath("sRGB2014.icc").read_bytes()


def _srgb_intent(pdf: pydyf.PDF) -> None:
    """The OutputIntent: printed from sRGB, the profile embedded (WeasyPrint's own `srgb`
    intent leaves its profile file open, a ResourceWarning)."""
    profile = pydyf.Stream([srgb_profile()], pydyf.Dictionary({"N": 3}), compress=True)
    pdf.add_object(profile)
    intent = pydyf.Dictionary(
        {
            "Type": "/OutputIntent",
            "S": "/GTS_PDFX",
            "OutputConditionIdentifier": pydyf.String(OUTPUT_CONDITION),
            "OutputCondition": pydyf.String(OUTPUT_CONDITION),
            "RegistryName": pydyf.String("http://www.color.org"),
            "Info": pydyf.String(f"{OUTPUT_CONDITION} (sRGB2014.icc)"),
            "DestOutputProfile": profile.reference,
        }
    )
    pdf.catalog["OutputIntents"] = pydyf.Array([intent])


def _info_version(pdf: pydyf.PDF, version: str) -> None:
    pdf.info["GTS_PDFXVersion"] = pydyf.String(version)


def _boxes(pdf: pydyf.PDF, inside_pt: float) -> None:
    """BleedBox = MediaBox on every page; with `inside_pt`, the bound edge's bleed cut off
    (pages alternate: the first is a right-hand page, bound on its left)."""
    for number, page in enumerate(_pages(pdf)):
        left, top, right, bottom = (float(value) for value in page["MediaBox"])
        if inside_pt and number % 2 == 0:
            left += inside_pt
        elif inside_pt:
            right -= inside_pt
        page["MediaBox"] = pydyf.Array([left, top, right, bottom])
        page["BleedBox"] = pydyf.Array([left, top, right, bottom])


def _document_id(pdf: pydyf.PDF) -> None:
    """Replace WeasyPrint's random XMP DocumentID with one made from the pages' content."""
    digest = hashlib.sha256()
    for page in _pages(pdf):
        digest.update(_objects(pdf, page["Contents"]).data)
        digest.update(repr(sorted(_boxes_of(page))).encode())
    metadata = _objects(pdf, pdf.catalog["Metadata"])
    identifier = f"xmp.did:{uuid.UUID(bytes=digest.digest()[:16])}".encode()
    chunks = [_replace_id(bytes(chunk), identifier) for chunk in metadata.stream]
    metadata.stream = chunks


def _boxes_of(page: Any) -> list[tuple[str, str]]:
    return [(key, str(page[key])) for key in ("MediaBox", "TrimBox") if key in page]


def _replace_id(chunk: bytes, identifier: bytes) -> bytes:
    start = chunk.find(b"xmp.did:")
    if start < 0:
        return chunk
    end = chunk.index(b"<", start)
    return chunk[:start] + identifier + chunk[end:]

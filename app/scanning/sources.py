"""Scanned pages from the office scanner's files: PDF (image-only scans, any number of pages, rasterized
with pypdfium2), multi-page TIFF, JPEG and PNG, as 8-bit grey numpy arrays.

Pages are addressed as (input path, 0-based index) so that worker processes can load their own pages
instead of passing images between processes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.models.errors import AppraisalError

PDF_DPI = 200  # rasterizing a scanned PDF: the registered page is ~8 px/mm anyway
IMAGE_SUFFIXES = {".tif", ".tiff", ".jpg", ".jpeg", ".png"}


class SourceError(AppraisalError):
    """An input that cannot be read at all (missing, damaged, not a PDF or an image)."""


@dataclass(frozen=True)
class PageRef:
    input: str  # the path as given
    index: int  # 0-based page within the input

    @property
    def name(self) -> str:
        return Path(self.input).name


def _is_pdf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"%PDF-"


def count_pages(path_text: str) -> int:
    """How many pages an input holds; SourceError (Chinese, naming the file) when it cannot be read."""
    path = Path(path_text)
    if not path.is_file():
        raise SourceError(f"找不到输入文件 {path_text}")
    try:
        if _is_pdf(path):
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(str(path))
            try:
                return len(document)
            finally:
                document.close()
        from PIL import Image

        with Image.open(path) as image:
            return getattr(image, "n_frames", 1)
    except SourceError:
        raise
    except Exception as exc:  # pdfium/PIL raise many kinds; all mean the same to the clerk
        raise SourceError(f"无法读取 {path.name}：不是 PDF、TIFF、JPEG 或 PNG 文件，或文件已损坏（{exc}）") from exc


_open_pdfs: dict[str, object] = {}  # per process: a worker reads many pages of one PDF


def load_page(ref: PageRef) -> np.ndarray:
    """One page as a 2-D uint8 array (grey), at the file's own resolution (PDF: PDF_DPI)."""
    path = Path(ref.input)
    try:
        if _is_pdf(path):
            import pypdfium2 as pdfium

            document = _open_pdfs.get(ref.input)
            if document is None:
                if len(_open_pdfs) > 4:
                    for old in _open_pdfs.values():
                        old.close()  # type: ignore[attr-defined]
                    _open_pdfs.clear()
                document = _open_pdfs[ref.input] = pdfium.PdfDocument(str(path))
            page = document[ref.index]  # type: ignore[index]
            bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
            array = np.array(bitmap.to_numpy())
            page.close()
            return array[:, :, 0] if array.ndim == 3 else array
        from PIL import Image

        with Image.open(path) as image:
            image.seek(ref.index)
            grey = image.convert("L")
            return np.asarray(grey, dtype=np.uint8).copy()
    except Exception as exc:
        raise SourceError(f"无法读取 {path.name} 第 {ref.index + 1} 页（{exc}）") from exc


def close_sources() -> None:
    for document in _open_pdfs.values():
        document.close()  # type: ignore[attr-defined]
    _open_pdfs.clear()

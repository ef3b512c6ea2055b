"""Render one page of each printed document (demo year) to PNG for the docs, plus the print page.

    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/render_documents.py

Writes docs/screenshots/print-<document>.png (pdftoppm, 60 dpi) and print-page.png (the 打印与导出 page
with a notice preview, the window placed as on a 1280×800 laptop) from a throw-away database; and for the documents an office signs and sends:
print-notice-pages.png (every page of the notice, dated and with 抄送), print-notice-docx.png (the Word file as
LibreOffice renders it, the office's face names mapped to this machine's faces), print-certificate-preprinted.png
(the text alone, laid over a drawn stand-in of the stock) and print-results-last.png (the signature lines)."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from shots import ROOT, make_app, settle  # first: puts the repository on sys.path, a throw-away data folder

from app.documents.data import gather
from app.documents.export import DOCUMENTS, render_document
from app.models.db import open_database
from app.models.demo import build_demo_year

# Not page 1 of the plain PDF: print-detail.png is one chosen unit's page (tools/screenshot_explanation.py), and
# print-certificate-calibration.png is drawn for the pre-printed stock below.
DRAWN_ELSEWHERE = ("detail", "certificate-calibration")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "demo.sqlite")
        build_demo_year(db)
        data = gather(db, 2017)
        for doc in DOCUMENTS:
            if doc in DRAWN_ELSEWHERE:
                continue
            pdf = Path(folder) / f"{doc}.pdf"
            pdf.write_bytes(render_document(data, doc))
            stem = args.out / f"print-{doc}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                check=True,
            )
            print(f"{stem}.png")
        render_signed_documents(data, Path(folder), args.out, args.dpi)
        screenshot_page(db, args.out / "print-page.png")
        db.close()
    return 0


def pages_png(pdf: Path, target: Path, dpi: int, first: int = 1, last: int | None = None) -> None:
    """Pages first…last of a PDF side by side in one PNG (grey gaps), as pdftoppm renders them."""
    from PIL import Image

    stem = pdf.with_suffix("")
    command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first)] + (["-l", str(last)] if last else [])
    subprocess.run([*command, str(pdf), str(stem)], check=True)
    images = [Image.open(p).convert("RGB") for p in sorted(pdf.parent.glob(f"{stem.name}-*.png"))]
    sheet = Image.new(
        "RGB", (sum(i.width for i in images) + 12 * (len(images) - 1), max(i.height for i in images)), "grey"
    )
    x = 0
    for image in images:
        sheet.paste(image, (x, 0))
        x += image.width + 12
    sheet.save(target)
    for page in pdf.parent.glob(f"{stem.name}-*.png"):
        page.unlink()
    print(target)


FONT_ALIASES = {  # the office's faces → what this machine has, so LibreOffice shows the Word file as the PDF
    "方正小标宋简体": "AR PL SungtiL GB",
    "仿宋": "AR PL SungtiL GB",
    "宋体": "AR PL SungtiL GB",
    "楷体": "AR PL UKai CN",
    "黑体": "WenQuanYi Micro Hei",
}


def render_signed_documents(data, folder: Path, out: Path, dpi: int) -> None:
    from dataclasses import replace
    from datetime import date

    from app.documents.certificate_layout import PREPRINTED, CertificateSettings
    from app.documents.notice_docx import notice_docx_bytes

    notice = replace(data.notice, cc="市委办公室，市政府办公室，市人力资源和社会保障局")
    dated = replace(data, notice=notice, assessment_date=date(2018, 1, 15))
    pdf = folder / "notice-dated.pdf"
    pdf.write_bytes(render_document(dated, "notice"))
    pages_png(pdf, out / "print-notice-pages.png", 40)
    docx = folder / "notice.docx"
    docx.write_bytes(notice_docx_bytes(dated))
    if shutil.which("soffice"):
        config = folder / "fonts.conf"
        aliases = "".join(
            f"<alias binding='same'><family>{office}</family><prefer><family>{here}</family></prefer></alias>"
            for office, here in FONT_ALIASES.items()
        )
        config.write_text(
            f"<?xml version='1.0'?><fontconfig><include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
            f"{aliases}</fontconfig>",
            "utf-8",
        )
        env = {**os.environ, "FONTCONFIG_FILE": str(config)}
        profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"
        subprocess.run(
            ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder / "lo"), str(docx)],
            check=True,
            capture_output=True,
            env=env,
            timeout=300,
        )
        pages_png(folder / "lo" / "notice.pdf", out / "print-notice-docx.png", 40)
    stock = CertificateSettings(mode=PREPRINTED)
    pre = folder / "certificate-preprinted.pdf"
    pre.write_bytes(render_document(replace(dated, certificate=stock), "certificates"))
    over_stock(pre, out / "print-certificate-preprinted.png", dpi)
    calibration = folder / "calibration.pdf"
    calibration.write_bytes(render_document(replace(dated, certificate=stock), "certificate-calibration"))
    pages_png(calibration, out / "print-certificate-calibration.png", dpi)
    results = folder / "results-last.pdf"
    results.write_bytes(render_document(dated, "results"))
    from pypdf import PdfReader

    last = len(PdfReader(str(results)).pages)
    pages_png(results, out / "print-results-last.png", dpi, last, last)


def over_stock(pdf: Path, target: Path, dpi: int) -> None:
    """The pre-printed certificate's text laid over a drawn stand-in for the office's stock (red border, title), to
    show where the text lands."""
    from PIL import Image, ImageChops, ImageDraw, ImageFont

    stem = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)], check=True
    )
    text = Image.open(f"{stem}.png").convert("RGB")
    stock = Image.new("RGB", text.size, (255, 250, 235))
    draw = ImageDraw.Draw(stock)
    mm = dpi / 25.4
    draw.rectangle((10 * mm, 10 * mm, text.width - 10 * mm, text.height - 10 * mm), outline=(200, 30, 30), width=6)
    draw.rectangle((14 * mm, 14 * mm, text.width - 14 * mm, text.height - 14 * mm), outline=(200, 150, 40), width=2)
    title = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "gbsn00lp.ttf"), int(22 * mm))
    draw.text((text.width / 2, 38 * mm), "奖　　状", font=title, fill=(200, 30, 30), anchor="mm")
    ImageChops.multiply(stock, text).save(target)
    print(target)


def screenshot_page(db, target: Path) -> None:
    from app.ui.printing.page import PrintPage
    from app.ui.shell.main_window import MainWindow

    app = make_app()
    window = MainWindow(db, poll_ms=0)  # placed as on the screen it opens on (1280×800 under the xvfb-run above)
    window.show()
    page = window.page(PrintPage)
    window.show_page(window.page_list.index(page))
    page.document.setCurrentIndex(page.document.findData("notice"))
    page.preview()
    settle(app)
    if not window.grab().save(str(target)):
        raise SystemExit(f"could not write {target}")
    print(target)
    window.close()


if __name__ == "__main__":
    sys.exit(main())

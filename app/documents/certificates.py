"""奖状: one page per recipient (一等奖/二等奖/突出业绩奖 units, 优秀 cadres).

On plain paper (A4 landscape) the program prints the whole certificate: a red double border, the title, the
wording as one block centred in the space between the title and the signature, the issuer's full name and the
成文日期 at the lower right with room for the seal. On the office's pre-printed stock it prints only the
variable text, where `CertificateSettings` puts it (millimetres from the sheet's top-left corner, plus a shift);
`CalibrationRenderer` prints the rulers and grid to find those positions. A certificate carries no data
fingerprint or print time: it is handed out (the results sheet and the workbooks keep them)."""

from __future__ import annotations

from io import BytesIO

from app.documents.certificate_layout import CertificateSettings
from app.documents.data import Recipient, YearDocuments, chinese_date, running_text
from app.documents.fonts import FontSet
from app.documents.render import MM, PdfRenderer, Progress, wrap_cjk

RED = (0.8, 0.05, 0.05)
CLOSING = "特发此状，以资鼓励。"
# Printed on a certificate whose prize or 优秀 could still change (the results object's provisional), so a sheet
# printed early is never handed out as final.
PROVISIONAL_MARK = "暂定：结果确定后重印，本张不得颁发"
ASCENT = 0.86  # share of the em above the baseline: text placed by its top edge


def certificate_wording(data: YearDocuments, recipient: Recipient) -> tuple[str, str]:
    """(addressee line, body) of one certificate, in the seed's words (通报表彰; 优秀等次; 突出业绩奖)."""
    if recipient.kind == "cadre" and recipient.award == "突出贡献奖":
        # 干部办法五：年度考核评定为称职及以上等次，工作做出突出贡献的个人，经委党委讨论通过，设 1—2 名突出贡献奖.
        return (
            f"{recipient.name}同志：",
            f"在{data.year}年度干部年度考核中，工作做出突出贡献，经委党委讨论通过，荣获突出贡献奖。",
        )
    if recipient.kind == "cadre":
        return (f"{recipient.name}同志：", f"在{data.year}年度干部年度考核中，被评定为优秀等次。")
    if recipient.award == "突出业绩奖":
        achievement = "在工作上有突出表现和特别贡献，经委党委讨论通过，荣获突出业绩奖"
    else:
        grade = "优秀" if recipient.award == "一等奖" else "良好"
        achievement = f"被评定为{grade}等次，荣获{recipient.award}"
    return (
        f"{recipient.name}：",
        running_text(f"在{data.prefix}{data.year}年度科室（单位）绩效考评中，{achievement}。"),
    )


def certificate_file_name(index: int, recipient: Recipient) -> str:
    """File name when each recipient gets a PDF of their own."""
    # Windows refuses \ / : * ? " < > | and control characters in a file name (and a trailing dot or space)
    safe = "".join(ch for ch in recipient.name if ch not in '\\/:*?"<>|' and ch.isprintable()).rstrip(". ")
    return f"{index:02d}-{recipient.award}-{safe}.pdf"


class CertificateRenderer(PdfRenderer):
    def __init__(
        self,
        data: YearDocuments,
        recipients: list[Recipient] | None = None,
        fonts: FontSet | None = None,
        progress: Progress | None = None,
        settings: CertificateSettings | None = None,
    ) -> None:
        super().__init__(fonts or data.fonts(), stamp=data.stamp(), progress=progress)
        self.data = data
        self.recipients = data.recipients() if recipients is None else recipients
        self.settings = settings or data.certificate
        self.title = f"{data.year}年度奖状"
        if self.settings.preprinted:
            self.pagesize = (self.settings.paper_width * MM, self.settings.paper_height * MM)
        else:
            self.pagesize = (297 * MM, 210 * MM)

    def build(self, buffer: BytesIO) -> None:
        canvas = self.new_canvas(buffer)
        plain = not self.settings.preprinted
        if plain:
            canvas.beginForm("frame")
            self.draw_frame(canvas)
            canvas.endForm()
        if not self.recipients:
            if plain:
                canvas.doForm("frame")
            width, height = self.pagesize
            self.text(canvas, width / 2, height / 2, "本年度尚无获奖科室（单位）或优秀等次人员", "song", 16, "center")
            canvas.showPage()
        for done, recipient in enumerate(self.recipients, start=1):
            if plain:
                canvas.doForm("frame")
                self.draw_plain(canvas, recipient)
            else:
                self.draw_preprinted(canvas, recipient)
            if recipient.provisional:
                self.draw_provisional(canvas)
            canvas.showPage()
            self.report(done, len(self.recipients))
        canvas.save()

    def draw_provisional(self, canvas) -> None:
        """The mark at the sheet's lower left: inside the plain frame, or 8 mm from a pre-printed sheet's edges
        (below the stock's own border, away from the positions the clerk set)."""
        inset = 8 * MM if self.settings.preprinted else 20 * MM
        canvas.setFillColorRGB(*RED)
        self.text(canvas, inset, inset, PROVISIONAL_MARK, "hei", 12)
        canvas.setFillColorRGB(0, 0, 0)

    # --- plain paper --------------------------------------------------------------------------------

    def draw_frame(self, canvas) -> None:
        width, height = self.pagesize
        canvas.setStrokeColorRGB(*RED)
        canvas.setLineWidth(3)
        canvas.rect(12 * MM, 12 * MM, width - 24 * MM, height - 24 * MM)
        canvas.setLineWidth(0.8)
        canvas.rect(15 * MM, 15 * MM, width - 30 * MM, height - 30 * MM)
        canvas.setFillColorRGB(*RED)
        self.text(canvas, width / 2, height - 50 * MM, "奖　　状", "xbs", 54, "center")
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setStrokeColorRGB(0, 0, 0)

    def body_lines(self, recipient: Recipient, width: float, size: float) -> tuple[str, list[str]]:
        addressee, body = certificate_wording(self.data, recipient)
        lines = wrap_cjk("　　" + body, width, lambda s: self.width_of(s, "kai", size))
        lines.append("　　" + CLOSING)
        return addressee, lines

    def draw_plain(self, canvas, recipient: Recipient) -> None:
        width, height = self.pagesize
        left, right = 45 * MM, width - 45 * MM
        # The largest size (24 pt down to 18 pt) that keeps the body to four lines without a last line of one
        # or two characters (“……荣获一等 / 奖。”).
        for size in (24.0, 23.0, 22.0, 21.0, 20.0, 19.0, 18.0):
            addressee, lines = self.body_lines(recipient, right - left, size)
            if len(lines) <= 5 and len(lines[-2].strip("　")) > 3:
                break
        leading = size * 1.75
        # The block (addressee + body + closing) centred between the title's foot and the signature's top.
        title_foot = height - 50 * MM - 54 * (1 - ASCENT)
        signature_top = 50 * MM + 20 * ASCENT
        gap = (size + 2) * 1.6  # addressee's baseline to the body's first baseline
        # From the addressee's top to the last line's foot:
        block = (size + 2) * ASCENT + gap + leading * (len(lines) - 1) + size * (1 - ASCENT)
        top = (title_foot + signature_top + block) / 2
        baseline = top - (size + 2) * ASCENT
        self.text(canvas, left, baseline, addressee, "kai", size + 2)
        y = baseline - gap
        for line in lines:
            self.text(canvas, left, y, line, "kai", size)
            y -= leading
        # The issuer's full name and the date at the lower right, under the seal (left blank for it).
        issuer_x = width - 75 * MM
        self.text(canvas, issuer_x, 50 * MM, running_text(self.data.issuer_full), "song", 20, "center")
        self.text(canvas, issuer_x, 38 * MM, running_text(self.data.document_date()), "song", 18, "center")

    # --- pre-printed stock --------------------------------------------------------------------------

    def at(self, x_mm: float, top_mm: float, size: float) -> tuple[float, float]:
        """Page point of text whose top-left (or top-centre) is x, top mm from the sheet's top-left corner,
        after the clerk's shift."""
        s = self.settings
        return (x_mm + s.offset_x) * MM, self.pagesize[1] - (top_mm + s.offset_y) * MM - size * ASCENT

    def draw_preprinted(self, canvas, recipient: Recipient) -> None:
        s = self.settings
        size = s.size
        addressee, lines = self.body_lines(recipient, s.body_width * MM, size)
        x, y = self.at(s.name_x, s.name_y, size + 2)
        self.text(canvas, x, y, addressee, "kai", size + 2)
        x, y = self.at(s.body_x, s.body_y, size)
        for line in lines:
            self.text(canvas, x, y, line, "kai", size)
            y -= size * 1.75
        x, y = self.at(s.issuer_x, s.issuer_y, size)
        self.text(canvas, x, y, running_text(self.data.issuer_full), "song", size, "center")
        self.text(canvas, x, y - size * 1.6, running_text(self.data.document_date()), "song", size - 2, "center")


class CalibrationRenderer(PdfRenderer):
    """One page the size of the stock: millimetre rulers along the edges, a 10 mm grid, and a box where each
    piece of text will go with the current settings, each labelled with its position."""

    def __init__(self, data: YearDocuments, settings: CertificateSettings, fonts: FontSet | None = None) -> None:
        super().__init__(fonts or data.fonts(), stamp=data.stamp())
        self.data = data
        self.settings = settings
        self.title = "奖状套打校准页"
        self.pagesize = (settings.paper_width * MM, settings.paper_height * MM)

    def draw(self, canvas) -> None:
        width, height = self.pagesize
        s = self.settings
        canvas.setLineWidth(0.2)
        for mm in range(0, int(s.paper_width) + 1, 10):  # the grid, every 10 mm (every 50 mm darker)
            canvas.setStrokeGray(0.55 if mm % 50 == 0 else 0.82)
            canvas.line(mm * MM, 0, mm * MM, height)
        for mm in range(0, int(s.paper_height) + 1, 10):
            canvas.setStrokeGray(0.55 if mm % 50 == 0 else 0.82)
            canvas.line(0, height - mm * MM, width, height - mm * MM)
        canvas.setStrokeGray(0)
        for mm in range(int(s.paper_width) + 1):  # ruler along the top edge, 0 at the left
            tick = 6 if mm % 10 == 0 else 4 if mm % 5 == 0 else 2
            canvas.line(mm * MM, height, mm * MM, height - tick * MM)
            if mm % 10 == 0 and mm:
                self.text(canvas, mm * MM, height - 9 * MM, str(mm), "song", 7, "center")
        for mm in range(int(s.paper_height) + 1):  # ruler along the left edge, 0 at the top
            tick = 6 if mm % 10 == 0 else 4 if mm % 5 == 0 else 2
            canvas.line(0, height - mm * MM, tick * MM, height - mm * MM)
            if mm % 10 == 0 and mm:
                self.text(canvas, 7 * MM, height - mm * MM - 2.5, str(mm), "song", 7)
        size = s.size
        # Each box labelled with the figures of its fields on 打印与导出 (落款 by its centre, as its field asks).
        boxes = (
            ("受奖者", "左", s.name_x, s.name_x, s.name_y, 60.0, (size + 2) / MM),
            ("正文", "左", s.body_x, s.body_x, s.body_y, s.body_width, 3 * size * 1.75 / MM),
            ("落款与日期", "中心距左", s.issuer_x, s.issuer_x - 35, s.issuer_y, 70.0, size * 2.6 / MM),
        )
        canvas.setStrokeColorRGB(*RED)
        canvas.setFillColorRGB(*RED)
        canvas.setDash(3, 2)
        for label, across, field_x, x_mm, top_mm, w_mm, h_mm in boxes:
            x = (x_mm + s.offset_x) * MM
            top = height - (top_mm + s.offset_y) * MM
            canvas.rect(x, top - h_mm * MM, w_mm * MM, h_mm * MM)
            where = f"{label}（{across} {field_x:g}，上 {top_mm:g} 毫米）"
            self.text(canvas, x + 1.5 * MM, top - 4 * MM, where, "song", 8)
        canvas.setDash()
        canvas.setFillColorRGB(0, 0, 0)
        lines = (
            "奖状套打校准页：将本页与奖状纸叠放对光（或印在一张奖状纸上），从上边和左边的毫米刻度读出留白处的位置，",
            "填入“套打位置”；试印一张后，若文字整体偏移，填写“整体右移／下移”（毫米）再印。",
            f"纸张 {s.paper_width:g}×{s.paper_height:g} 毫米；整体右移 {s.offset_x:g}、下移 {s.offset_y:g} 毫米；"
            f"打印时请选“实际大小”（不缩放）。{chinese_date(self.data.printed_at.date())}",
        )
        y = 30 * MM
        for line in lines:
            self.text(canvas, 16 * MM, y, line, "song", 9)
            y -= 13


def certificates_one_each(
    data: YearDocuments, fonts: FontSet | None = None, progress: Progress | None = None
) -> list[tuple[str, bytes]]:
    """One PDF per recipient: (file name, bytes)."""
    recipients = data.recipients()
    fonts = fonts or data.fonts()
    out = []
    for index, recipient in enumerate(recipients, start=1):
        pdf = CertificateRenderer(data, [recipient], fonts=fonts).render()
        out.append((certificate_file_name(index, recipient), pdf))
        if progress is not None:
            progress(index, len(recipients))
    return out


__all__ = [
    "CalibrationRenderer",
    "CertificateRenderer",
    "certificate_wording",
    "certificates_one_each",
    "chinese_date",
]

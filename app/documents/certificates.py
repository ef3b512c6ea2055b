"""奖状: one A4 landscape page per recipient (一等奖/二等奖/突出业绩奖 units, 优秀 cadres): a red double
border, the title, the wording, the issuer and date, and space left blank for the seal."""

from __future__ import annotations

from io import BytesIO

from app.documents.data import Recipient, YearDocuments, chinese_date
from app.documents.fonts import FontSet
from app.documents.render import MM, PdfRenderer, Progress, wrap_cjk

RED = (0.8, 0.05, 0.05)
CLOSING = "特发此状，以资鼓励。"


def certificate_wording(data: YearDocuments, recipient: Recipient) -> tuple[str, str]:
    """(addressee line, body) of one certificate."""
    if recipient.kind == "cadre":
        return (
            f"{recipient.name} 同志：",
            f"在{data.year}年度个人年度考核中，被评定为优秀等次。",
        )
    if recipient.award == "突出业绩奖":
        achievement = "工作表现突出、贡献特别，经委党委讨论通过，荣获突出业绩奖"
    else:
        grade = "优秀" if recipient.award == "一等奖" else "良好"
        achievement = f"被评定为{grade}等次，荣获{recipient.award}"
    return (
        f"{recipient.name}：",
        f"在{data.prefix}{data.year}年度科室（单位）绩效考评中，{achievement}。",
    )


def certificate_file_name(index: int, recipient: Recipient) -> str:
    """File name when each recipient gets a PDF of their own."""
    # Windows refuses \ / : * ? " < > | and control characters in a file name (and a trailing dot or space)
    safe = "".join(ch for ch in recipient.name if ch not in '\\/:*?"<>|' and ch.isprintable()).rstrip(". ")
    return f"{index:02d}-{recipient.award}-{safe}.pdf"


class CertificateRenderer(PdfRenderer):
    pagesize = (297 * MM, 210 * MM)

    def __init__(
        self,
        data: YearDocuments,
        recipients: list[Recipient] | None = None,
        fonts: FontSet | None = None,
        progress: Progress | None = None,
    ) -> None:
        super().__init__(fonts, stamp=data.stamp(), progress=progress)
        self.data = data
        self.recipients = data.recipients() if recipients is None else recipients
        self.title = f"{data.year} 年度奖状"

    def build(self, buffer: BytesIO) -> None:
        canvas = self.new_canvas(buffer)
        canvas.beginForm("frame")
        self.draw_frame(canvas)
        canvas.endForm()
        if not self.recipients:
            canvas.doForm("frame")
            self.text(
                canvas,
                self.pagesize[0] / 2,
                self.pagesize[1] / 2,
                "本年度尚无获奖科室（单位）或优秀等次人员",
                "song",
                16,
                "center",
            )
            canvas.showPage()
        for done, recipient in enumerate(self.recipients, start=1):
            canvas.doForm("frame")
            self.draw_recipient(canvas, recipient)
            canvas.showPage()
            self.report(done, len(self.recipients))
        canvas.save()

    def draw_frame(self, canvas) -> None:
        width, height = self.pagesize
        canvas.setStrokeColorRGB(*RED)
        canvas.setLineWidth(3)
        canvas.rect(12 * MM, 12 * MM, width - 24 * MM, height - 24 * MM)
        canvas.setLineWidth(0.8)
        canvas.rect(15 * MM, 15 * MM, width - 30 * MM, height - 30 * MM)
        canvas.setFillColorRGB(*RED)
        self.text(canvas, width / 2, height - 52 * MM, "奖　　状", "xbs", 54, "center")
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setStrokeColorRGB(0, 0, 0)

    def draw_recipient(self, canvas, recipient: Recipient) -> None:
        width, height = self.pagesize
        addressee, body = certificate_wording(self.data, recipient)
        left, right = 42 * MM, width - 42 * MM
        size = 22
        self.text(canvas, left, height - 80 * MM, addressee, "kai", size + 2)
        lines = wrap_cjk("　　" + body, right - left, lambda s: self.width_of(s, "kai", size))
        lines.append("　　" + CLOSING)
        y = height - 96 * MM
        for line in lines:
            self.text(canvas, left, y, line, "kai", size)
            y -= size * 1.7
        # Issuer and date at the lower right; the seal goes over them (space left blank).
        issuer_x = width - 70 * MM
        self.text(canvas, issuer_x, 52 * MM, self.data.issuer, "song", 20, "center")
        self.text(
            canvas, issuer_x, 40 * MM, self.data.notice.notice_date(self.data.printed_at.date()), "song", 18, "center"
        )
        canvas.setFont(self.fonts["song"], 6)
        canvas.setFillColorRGB(0.6, 0.6, 0.6)
        canvas.drawString(18 * MM, 17 * MM, self.stamp)
        canvas.setFillColorRGB(0, 0, 0)


def certificates_one_each(
    data: YearDocuments, fonts: FontSet | None = None, progress: Progress | None = None
) -> list[tuple[str, bytes]]:
    """One PDF per recipient: (file name, bytes)."""
    recipients = data.recipients()
    out = []
    for index, recipient in enumerate(recipients, start=1):
        pdf = CertificateRenderer(data, [recipient], fonts=fonts).render()
        out.append((certificate_file_name(index, recipient), pdf))
        if progress is not None:
            progress(index, len(recipients))
    return out


__all__ = ["CertificateRenderer", "certificate_wording", "certificates_one_each", "chinese_date"]

"""Where a certificate's variable text goes, kept per year (`year_documents` kind "certificates").

Plain paper: the program prints the whole 奖状 (border, title, text, issuer, date). Pre-printed paper (the office's
red-bordered 奖状 stock, title already printed): only the variable text, at positions measured in millimetres from
the sheet's top-left corner, plus a shift (偏移) for the printer's own drift. The calibration page prints rulers,
a 10 mm grid and the boxes where each piece will go, so the clerk lays it over the stock (or prints on a spare
sheet), reads off the positions, and corrects the shift after one trial print."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from app.models.errors import Problem, ValidationError

CERTIFICATE_KIND = "certificates"
PLAIN, PREPRINTED = "plain", "preprinted"

# (field, label, lowest, highest) of every number the clerk may set, in millimetres (the size in points).
NUMBER_FIELDS: tuple[tuple[str, str, float, float], ...] = (
    ("paper_width", "纸张宽度（毫米）", 100, 450),
    ("paper_height", "纸张高度（毫米）", 100, 450),
    ("name_x", "受奖者 左边距（毫米）", 0, 450),
    ("name_y", "受奖者 上边距（毫米）", 0, 450),
    ("body_x", "正文 左边距（毫米）", 0, 450),
    ("body_y", "正文 上边距（毫米）", 0, 450),
    ("body_width", "正文 宽度（毫米）", 20, 450),
    ("issuer_x", "落款 中心距左（毫米）", 0, 450),
    ("issuer_y", "落款 上边距（毫米）", 0, 450),
    ("size", "字号（磅）", 10, 40),
    ("offset_x", "整体右移（毫米，负数左移）", -50, 50),
    ("offset_y", "整体下移（毫米，负数上移）", -50, 50),
)


@dataclass(frozen=True)
class CertificateSettings:
    """Positions are of the text's top-left corner (name, body) or its top centre (issuer and date), in mm from
    the sheet's top-left corner; the defaults suit an A4 landscape stock with a 40 mm title band."""

    mode: str = PLAIN
    paper_width: float = 297.0
    paper_height: float = 210.0
    name_x: float = 45.0
    name_y: float = 72.0
    body_x: float = 45.0
    body_y: float = 88.0
    body_width: float = 207.0
    issuer_x: float = 212.0
    issuer_y: float = 150.0
    size: float = 22.0
    offset_x: float = 0.0
    offset_y: float = 0.0

    @property
    def preprinted(self) -> bool:
        return self.mode == PREPRINTED

    @classmethod
    def from_json(cls, body: object) -> CertificateSettings:
        """The stored settings; anything unreadable falls back to the default, field by field."""
        if not isinstance(body, dict):
            return cls()
        values: dict[str, object] = {}
        if body.get("mode") in (PLAIN, PREPRINTED):
            values["mode"] = body["mode"]
        for name, _label, low, high in NUMBER_FIELDS:
            try:
                number = float(body[name])
            except (KeyError, TypeError, ValueError):
                continue
            if low <= number <= high:
                values[name] = number
        return cls(**values)  # type: ignore[arg-type]

    def to_json(self) -> dict:
        return asdict(self)


def check_certificate_settings(mode: str, texts: dict[str, str]) -> CertificateSettings:
    """The print page's fields → settings; every problem named (field and allowed range), nothing half-read."""
    problems = []
    values: dict[str, object] = {"mode": PREPRINTED if mode == PREPRINTED else PLAIN}
    labels = {name: (label, low, high) for name, label, low, high in NUMBER_FIELDS}
    for name, (label, low, high) in labels.items():
        text = (texts.get(name) or "").strip()
        if not text:
            continue
        try:
            number = float(text)
        except ValueError:
            problems.append(Problem(label, f"“{text}”不是数字"))
            continue
        if not low <= number <= high:
            problems.append(Problem(label, f"{text} 超出范围 {low:g}～{high:g}"))
            continue
        values[name] = round(number, 1)
    if problems:
        raise ValidationError(problems)
    return CertificateSettings(**values)  # type: ignore[arg-type]


__all__ = [
    "CERTIFICATE_KIND",
    "NUMBER_FIELDS",
    "PLAIN",
    "PREPRINTED",
    "CertificateSettings",
    "check_certificate_settings",
]

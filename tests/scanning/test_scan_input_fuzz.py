"""Whatever lands in the scan folder (“Bad input of any kind gets a clear Chinese message (what and where), exit 2,
nothing written — never a traceback”): hypothesis feeds `appraisal scan --commit` any bytes named as a PDF, PNG,
JPEG or TIFF, a printed ballot cut short, and a printed ballot with bytes overwritten. Each run exits 0 or 2 (2 with
a Chinese message), and when no page could be read the year file is left byte-identical (pages that were read wait
for review even when others could not be, as docs/guide/scanning.md says)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.models.demo import DEMO_YEAR

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> dict[str, bytes]:
    """One printed democratic ballot (PDF) and its first page as a PNG."""
    import pypdfium2

    folder = tmp_path_factory.mktemp("printed")
    pdf = folder / "ballot.pdf"
    assert main(["print", str(demo_template), "--year", str(DEMO_YEAR), "ballot-democratic", "--out", str(pdf)]) == 0
    document = pypdfium2.PdfDocument(str(pdf))
    png = folder / "ballot.png"
    document[0].render(scale=150 / 72).to_pil().convert("L").save(png)
    document.close()
    return {".pdf": pdf.read_bytes(), ".png": png.read_bytes()}


# What to do to the file: (0) any bytes under a scan's name, (1) a printed ballot cut at a fraction of its length,
# (2) a printed ballot with a few runs of bytes overwritten at fractions of its length.
damage = st.one_of(
    st.tuples(st.just(0), st.sampled_from([".pdf", ".png", ".jpg", ".tif"]), st.binary(max_size=300)),
    st.tuples(st.just(1), st.sampled_from([".pdf", ".png"]), st.floats(0, 0.999)),
    st.tuples(
        st.just(2),
        st.sampled_from([".pdf", ".png"]),
        st.lists(st.tuples(st.floats(0, 0.999), st.binary(min_size=1, max_size=16)), min_size=1, max_size=8),
    ),
)


def damaged(printed: dict[str, bytes], how: tuple) -> tuple[str, bytes]:
    kind, suffix, detail = how
    if kind == 0:
        return suffix, detail
    data = printed[suffix]
    if kind == 1:
        return suffix, data[: int(detail * len(data))]
    out = bytearray(data)
    for where, run in detail:
        at = int(where * len(out))
        out[at : at + len(run)] = run
    return suffix, bytes(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(how=damage)
def test_whatever_is_in_the_scan_folder_exits_0_or_2_and_writes_nothing_unread(
    how, printed, demo_template: Path, tmp_path_factory, capsys
) -> None:
    suffix, raw = damaged(printed, how)
    folder = tmp_path_factory.mktemp("scan")
    db = folder / "d.sqlite"
    db.write_bytes(demo_template.read_bytes())
    before = db.read_bytes()
    source = folder / f"扫描{suffix}"
    source.write_bytes(raw)
    capsys.readouterr()
    report = folder / "report.json"
    code = main(["scan", str(db), "--year", str(DEMO_YEAR), str(source), "--commit", "--report", str(report)])
    err = capsys.readouterr().err
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert CHINESE.search(err), err
    pages = json.loads(report.read_text(encoding="utf-8"))["pages"] if report.exists() else []
    if not any(page["status"] == "read" for page in pages):  # pages read still wait for review, as documented
        assert db.read_bytes() == before, err

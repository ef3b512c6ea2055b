"""`appraisal scan FILE --year Y INPUT... [--report R.json]`: reads, reports, writes nothing; exit 0 when every
page was read, 2 on bad input with a Chinese message and no traceback. `print … --test-deck` and its check."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import numpy as np

from app.cli import main
from app.documents.ballot_layout import deck_mark
from app.models.demo import DEMO_YEAR
from tests.helpers.scan_corpus import Corpus as _Corpus
from tests.helpers.scan_corpus import Degrade, Page, degrade, mark_page, place, rasterize


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def print_pdf(demo_path: Path, tmp_path: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    args = ["print", str(demo_path), "--year", str(DEMO_YEAR), "ballot-democratic", "--out", str(out), *extra]
    assert main(args) == 0
    return out


def marked_scan(demo_path: Path, tmp_path: Path, layout, copies: int, seed: int, name: str = "scan.pdf") -> Path:
    """Print through the CLI, then fill in and scan the paper (the corpus generator)."""
    pdf = print_pdf(demo_path, tmp_path, f"print{seed}.pdf", "--copies", str(copies))
    rng = random.Random(seed)
    pages = []
    for i, raster in enumerate(rasterize(pdf.read_bytes(), 200)):
        marked, truths = mark_page(raster, layout, i % 2 + 1, 200, rng)
        d = Degrade(200, angle=rng.uniform(-2, 2), noise=4.0)
        pages.append(Page(degrade(marked, d, np.random.default_rng(seed)), i // 2, i % 2 + 1, truths, d))
    out = tmp_path / name
    place(_Corpus(layout, pages), out, pages)
    return out


def test_scan_writes_the_report_and_nothing_else(scan_demo, demo_path: Path, tmp_path: Path, capsys) -> None:
    layout = scan_demo[2].democratic
    scanned = marked_scan(demo_path, tmp_path, layout, 2, 1)
    before = digest(demo_path)
    report = tmp_path / "r.json"
    code = main(["scan", str(demo_path), "--year", str(DEMO_YEAR), str(scanned), "--report", str(report)])
    assert code == 0
    body = json.loads(report.read_text(encoding="utf-8"))
    assert [p["status"] for p in body["pages"]] == ["read"] * 4
    assert [p["serial"] for p in body["pages"]] == [151, 151, 152, 152]
    assert [b["serial"] for b in body["ballots"]] == [151, 152] and all(b["complete"] for b in body["ballots"])
    assert body["pages"][0]["input"] == str(scanned) and body["pages"][3]["page"] == 4
    err = capsys.readouterr().err
    assert "共 4 页，识读 4 页" in err and "编号 151–152" in err
    assert digest(demo_path) == before  # read only


def test_bad_inputs_exit_2_with_a_chinese_message(demo_path: Path, tmp_path: Path, capsys) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a scan", encoding="utf-8")
    empty_pdf = tmp_path / "broken.pdf"
    empty_pdf.write_bytes(b"%PDF-1.4\n%%EOF")
    for inputs, words in (
        ([str(tmp_path / "missing.pdf")], "找不到输入文件"),
        ([str(text)], "notes.txt"),
        ([str(empty_pdf)], "broken.pdf"),
    ):
        assert main(["scan", str(demo_path), "--year", "2017", *inputs]) == 2
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err
    assert main(["scan", str(demo_path), "--year", "1999", str(text)]) == 2
    assert "1999" in capsys.readouterr().err


def test_a_page_that_is_not_a_ballot_makes_exit_2_but_the_report_is_written(demo_path, tmp_path, capsys) -> None:
    from PIL import Image

    photo = tmp_path / "photo.png"
    Image.fromarray(np.random.default_rng(1).integers(0, 255, (900, 640), dtype=np.uint8)).save(photo)
    report = tmp_path / "r.json"
    assert main(["scan", str(demo_path), "--year", "2017", str(photo), "--report", str(report)]) == 2
    page = json.loads(report.read_text(encoding="utf-8"))["pages"][0]
    assert page["status"] in ("not_a_ballot", "unreadable") and page["reason"]
    assert "photo.png 第 1 页" in capsys.readouterr().err


def test_the_test_deck_is_checked_mark_by_mark_and_never_becomes_a_ballot(scan_demo, demo_path, tmp_path, capsys):
    """Issue 18 point 6: 测试票 pre-marked in a known pattern; the scan reports whether each mark was read right."""
    deck = print_pdf(demo_path, tmp_path, "deck.pdf", "--test-deck", "--copies", "2")
    pages = rasterize(deck.read_bytes(), 200)
    from PIL import Image

    images = [
        Image.fromarray(degrade(p, Degrade(200, angle=1.5, blur=0.6, noise=5.0), np.random.default_rng(2)))
        for p in pages
    ]
    scanned = tmp_path / "deck-scan.pdf"
    images[0].save(scanned, "PDF", save_all=True, append_images=images[1:], resolution=200.0)
    report = tmp_path / "deck.json"
    assert main(["scan", str(demo_path), "--year", "2017", str(scanned), "--report", str(report)]) == 0
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["ballots"] == [] and all(p["serial"] is None for p in body["pages"])
    assert [t["variant"] for t in body["test_deck"]] == [1, 2]
    assert all(t["marks"] == t["right"] == 150 and t["wrong"] == [] for t in body["test_deck"])
    err = capsys.readouterr().err
    assert "测试票 1：150 个标记，识读正确 150 个，全部正确" in err


def test_a_test_deck_read_wrongly_says_which_mark(scan_demo, demo_path, tmp_path, capsys) -> None:
    """A scanner that loses a mark (here: a tick erased from the image) is caught by the deck, row by row."""
    layout = scan_demo[2].democratic
    deck = print_pdf(demo_path, tmp_path, "deck.pdf", "--test-deck")
    pages = rasterize(deck.read_bytes(), 200)
    row = next(r for r in layout.page_rows(1) if deck_mark(1, r.index).kind == "tick")
    box = row.boxes[deck_mark(1, row.index).grade]
    px = 200 / 25.4
    pages[0][int(box.y * px) + 3 : int(box.bottom * px) - 3, int(box.x * px) + 3 : int(box.right * px) - 3] = 255
    from PIL import Image

    scanned = tmp_path / "lost.pdf"
    Image.fromarray(pages[0]).save(
        scanned, "PDF", save_all=True, append_images=[Image.fromarray(pages[1])], resolution=200.0
    )
    report = tmp_path / "deck.json"
    assert main(["scan", str(demo_path), "--year", "2017", str(scanned), "--report", str(report)]) == 0
    wrong = json.loads(report.read_text(encoding="utf-8"))["test_deck"][0]["wrong"]
    assert [w["cadre"] for w in wrong] == [row.key] and wrong[0]["read"] == "未标记"
    assert f"第 {row.index + 1} 行（{row.key}）：印的是勾" in capsys.readouterr().err


def test_a_report_that_cannot_be_written_is_refused_before_anything_is_stored(
    scan_demo, demo_path: Path, tmp_path: Path, capsys
) -> None:
    """`--report` into a folder that does not exist (or onto a folder): bad input, so exit 2 with a Chinese
    message and nothing written. Before, the scan was read and its ballots committed, and only then did
    writing the report fail (exit 1, an English OS error): the clerk lost the serials the ballots got."""
    layout = scan_demo[2].democratic
    scanned = marked_scan(demo_path, tmp_path, layout, 1, 3)
    before = digest(demo_path)
    for report in (tmp_path / "没有的文件夹" / "r.json", tmp_path):
        args = ["scan", str(demo_path), "--year", "2017", str(scanned), "--report", str(report), "--commit"]
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "--report" in err and "Errno" not in err and "Traceback" not in err
        assert digest(demo_path) == before  # nothing stored, the file not even opened for writing
    assert not list(tmp_path.glob("**/*.part"))

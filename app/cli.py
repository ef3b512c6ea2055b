"""The console script `appraisal`: the GUI, and the headless commands of the interchange spec.

Exit codes: 0 success, 2 bad input or bad arguments (message on stderr), 1 anything else.
A run that fails changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app.models.errors import AppraisalError, StoreError, ValidationError

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
PRINT_DOCUMENTS = (
    "ballot-leaders",
    "ballot-heads",
    "ballot-democratic",
    "sheet-leader-ratings",
    "results",
    "certificates",
    "certificate-calibration",
    "notice",
    "detail",
    "indicator-progress",
    "indicator-notice",
)


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exit code is 2 as well; keep the text Chinese-first
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"参数错误：{message}\n")


def add_gui_arguments(gui: argparse.ArgumentParser) -> None:
    gui.add_argument("db", nargs="?", help="数据文件（默认：用户数据目录中的默认数据库）")
    gui.add_argument("--check", action="store_true", help="打开窗口后立即退出并输出窗口标题（安装检查用）")


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """`appraisal` and `appraisal gui …` are read by the window's own small parser: building every command's
    parser costs 5 ms of each start of the window."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words and words[0] != "gui":
        return build_parser().parse_args(words)
    gui = ArgumentParser(prog="appraisal gui", description="打开图形界面")
    add_gui_arguments(gui)
    args = gui.parse_args(words[1:])
    args.command = "gui"
    return args


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(prog="appraisal", description="考评通：科室（单位）与干部年度绩效考评")
    sub = parser.add_subparsers(dest="command")
    add_gui_arguments(sub.add_parser("gui", help="打开图形界面"))

    imp = sub.add_parser("import", help="校验并导入年度文件（JSON）")
    imp.add_argument("db")
    imp.add_argument("file")

    exp = sub.add_parser("export", help="导出一个年度为年度文件（JSON）")
    exp.add_argument("db")
    exp.add_argument("--year", type=int, required=True)
    exp.add_argument("--out", required=True)

    res = sub.add_parser("results", help="计算并输出考评结果")
    res.add_argument("db")
    res.add_argument("--year", type=int, required=True)
    res.add_argument("--format", choices=("json", "xlsx", "pdf"), default="json")
    res.add_argument("--out")
    res.add_argument("--with-flags", action="store_true", help="JSON 中附带连续年度提示、后续事项与警告")
    res.add_argument("--explain", action="store_true", help="JSON 中每个科室和干部附带计分明细（explanation）")

    prt = sub.add_parser("print", help="打印文档为 PDF（通报另可存为 .docx）")
    prt.add_argument("db")
    prt.add_argument("--year", type=int, required=True)
    prt.add_argument("doc", choices=PRINT_DOCUMENTS)
    prt.add_argument("--out", required=True, help="FILE.pdf，或通报的 FILE.docx（可编辑的 Word 文件）")
    prt.add_argument("--copies", type=int, default=1)
    prt.add_argument("--month", help="YYYY-MM（指标进展表、月度通报）")
    prt.add_argument("--unit", help="考评明细（detail）只印这个科室（单位）的一页及其干部")
    prt.add_argument("--first-serial", type=int, default=1, help="打印的第一个编号（续印时用）")
    prt.add_argument("--numbered", action="store_true", help="民主测评表也印编号（默认不印：无记名）")
    prt.add_argument(
        "--test-deck", action="store_true", help="民主测评表的测试票（已预先标记，扫描时核对，不计入结果）"
    )

    scn = sub.add_parser("scan", help="读取扫描的民主测评表（PDF、TIFF、JPEG、PNG），输出识别报告")
    scn.add_argument("db")
    scn.add_argument("--year", type=int, required=True)
    scn.add_argument("inputs", nargs="+", metavar="INPUT")
    scn.add_argument("--report", help="识别报告（JSON）写入此文件；不指定则输出到标准输出")
    scn.add_argument("--commit", action="store_true", help="保存完整且无待复核标记的选票；其余留待“扫描录入”页复核")
    scn.add_argument("--workers", type=int, help=argparse.SUPPRESS)

    sch_exp = sub.add_parser("scheme-export", help="导出一个年度的考评方案（JSON），供另一台电脑导入")
    sch_exp.add_argument("db")
    sch_exp.add_argument("--year", type=int, required=True)
    sch_exp.add_argument("--out", required=True)

    sch_imp = sub.add_parser("scheme-import", help="导入考评方案文件（JSON），之后可导入使用该方案的年度文件")
    sch_imp.add_argument("db")
    sch_imp.add_argument("file")

    demo = sub.add_parser("demo", help="在数据文件中生成示例年度")
    demo.add_argument("db")
    demo.add_argument("--year", type=int, default=2017)
    return parser


def use_utf8_output() -> None:
    """The year file and the results are UTF-8 JSON, also on a Windows console (cp936 by default)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    use_utf8_output()
    args = parse_arguments(argv)
    try:
        if args.command in (None, "gui"):
            from app.ui.shell.app import run_gui

            return run_gui(getattr(args, "db", None), check=getattr(args, "check", False))
        handler = {
            "import": cmd_import,
            "export": cmd_export,
            "results": cmd_results,
            "print": cmd_print,
            "scan": cmd_scan,
            "demo": cmd_demo,
            "scheme-export": cmd_scheme_export,
            "scheme-import": cmd_scheme_import,
        }
        return handler[args.command](args)
    except ValidationError as exc:
        print("输入有误，未写入任何数据：", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except AppraisalError as exc:  # includes StoreError: a file that is not ours, damaged or newer
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except NotImplementedError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as exc:
        print(f"文件错误：{exc}", file=sys.stderr)
        return EXIT_FAILURE


def open_existing(db_path: str):
    """Read-only (no writer lock: works while the window has the file open); an older file is upgraded first."""
    from app.models.db import NeedsUpgradeError, open_database

    if not Path(db_path).exists():
        raise StoreError(f"数据文件 {db_path} 不存在。")
    try:
        return open_database(db_path, create=False, readonly=True)
    except NeedsUpgradeError:
        open_database(db_path, create=False).close()
        return open_database(db_path, create=False, readonly=True)


def cmd_import(args: argparse.Namespace) -> int:
    from app.models.backup import BackupKind, backup_quietly
    from app.models.db import open_database
    from app.models.jsontext import read_input
    from app.models.store import list_years
    from app.models.yearfile.reading import parse_year_file, read_year_file
    from app.models.yearfile.writing import import_year_file

    source = Path(args.file)
    if not source.is_file():
        raise ValidationError_for(args.file, "年度文件不存在")
    data = parse_year_file(read_input(source))
    db_path = Path(args.db)
    created = not db_path.exists()
    if created:  # checked against an empty file first, so bad input never leaves a new file behind
        with open_database(":memory:") as scratch:
            read_year_file(scratch, data)
    # Opening never leaves a half file of its own; when it fails (another program created the file meanwhile and
    # holds it), the file is not ours to remove. Once open, a file that already holds a year is not new either.
    db = open_database(db_path)
    created = created and not list_years(db)
    try:
        with db:
            if not created:  # an import is a merge into what is there: keep a copy of it first
                _copy, failure = backup_quietly(db, BackupKind.IMPORT)
                if failure:
                    print(f"警告：{failure}", file=sys.stderr)
            summary = import_year_file(db, data, source=f"import:{source.name}")
    except BaseException:
        if created:
            for suffix in ("", "-wal", "-shm", ".lock"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        raise
    parts = "，".join(f"{k} {v}" for k, v in sorted(summary.counts.items())) or "无新数据"
    skipped = f"；相同内容已存在而跳过 {summary.skipped_identical} 张" if summary.skipped_identical else ""
    print(f"已导入 {summary.year} 年度：{parts}{skipped}", file=sys.stderr)
    return EXIT_OK


def ValidationError_for(path: str, message: str) -> ValidationError:  # reads like the exception it builds
    from app.models.errors import Problem

    return ValidationError([Problem(path, message)])


def cmd_export(args: argparse.Namespace) -> int:
    from app.models.yearfile.export import export_year

    with open_existing(args.db) as db:
        data = export_year(db, args.year)
    write_text(args.out, json.dumps(data, ensure_ascii=False, indent=1))
    return EXIT_OK


def write_text(path: str, text: str) -> None:
    """Write via a temporary file so a failed run never leaves half a file."""
    target = Path(path)
    temporary = target.with_name(target.name + ".part")
    try:
        temporary.write_text(text + "\n", encoding="utf-8")
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written .part behind
        raise


def cmd_results(args: argparse.Namespace) -> int:
    from app.models.results_json import results_object

    if args.explain and args.format != "json":
        raise ValidationError_for("--explain", "--explain 只用于 --format json（明细的打印件为 print … detail）")
    with open_existing(args.db) as db:
        if args.format == "json":
            payload = results_object(db, args.year, args.with_flags, explain=args.explain)
            text = json.dumps(payload, ensure_ascii=False, indent=1)
            if args.out:
                write_text(args.out, text)
            else:
                sys.stdout.write(text + "\n")
            return EXIT_OK
        if not args.out:
            raise ValidationError_for("--out", f"--format {args.format} 需要 --out 指定输出文件")
        if args.format == "pdf":
            from app.documents import export

            export.write_results_pdf(db, args.year, args.out, warn=print_warning)
        else:  # argparse allows json, pdf and xlsx only
            from app.workbooks.results import write_results_workbook

            write_results_workbook(db, args.year, args.out)
    return EXIT_OK


def print_warning(text: str) -> None:
    """A warning that does not stop the command (it still exits 0): on stderr, before the file is written."""
    print(f"警告：{text}", file=sys.stderr)


def cmd_print(args: argparse.Namespace) -> int:
    if args.copies < 1:
        raise ValidationError_for("--copies", "份数应为正整数")
    if args.doc.startswith("indicator-") and not args.month:
        raise ValidationError_for("--month", f"{args.doc} 需要 --month YYYY-MM")
    if args.first_serial < 1:
        raise ValidationError_for("--first-serial", "编号应为正整数")
    if args.test_deck and args.doc != "ballot-democratic":
        raise ValidationError_for("--test-deck", "测试票只用于民主测评表（ballot-democratic）")
    if args.unit and args.doc != "detail":
        raise ValidationError_for("--unit", "--unit 只用于考评明细（detail）")
    from app.documents import export

    with open_existing(args.db) as db:
        export.print_document(
            db,
            args.year,
            args.doc,
            args.out,
            copies=args.copies,
            month=args.month,
            first_serial=args.first_serial,
            numbered=True if args.numbered else None,
            test_deck=args.test_deck,
            warn=print_warning,
            unit=args.unit,
        )
    return EXIT_OK


def check_output(option: str, path: str) -> None:
    """A file written at the end of a command must be writable before the work starts (a scan with --commit
    stores its ballots first: a report failing afterwards would lose the serials they got)."""
    import os

    target = Path(path)
    if target.is_dir():
        raise ValidationError_for(option, f"{path} 是文件夹，请指定文件名（如 {target / '报告.json'}）")
    folder = target.parent
    if not folder.is_dir():
        raise ValidationError_for(option, f"文件夹 {folder} 不存在")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ValidationError_for(option, f"不能写入 {path}（没有写入权限）")


def cmd_scan(args: argparse.Namespace) -> int:
    """Without --commit, read only: the report says what each page is and what each ballot reads. With it,
    complete ballots without an unclear mark are stored (one transaction each), the rest wait for review."""
    if args.report:
        check_output("--report", args.report)
    try:
        from app.scanning.batch import scan_year
    except ImportError as exc:  # a build without the scanning libraries
        print(
            f"错误：扫描功能缺少组件（{exc.name}），请安装 opencv-python-headless、numpy、zxing-cpp。", file=sys.stderr
        )
        return EXIT_FAILURE
    from app.scanning.summary import summary_lines

    took = None
    if args.commit:
        from app.models.db import open_database
        from app.models.store import year_info
        from app.scanning.intake import Intake

        with open_database(args.db, create=False) as db:
            info = year_info(db, args.year)
            if info is not None and info.locked_at:
                raise StoreError(
                    f"{args.year} 年度已审定锁定，不能保存扫描的选票。如需更正，请先在“年度与方案”中解锁。"
                )
            intake = Intake(db, args.year)
            result = scan_year(
                db, args.year, args.inputs, workers=args.workers, store=True, skip=intake.skip(args.inputs)
            )
            took = intake.take(result)
    else:
        with open_existing(args.db) as db:
            result = scan_year(db, args.year, args.inputs, workers=args.workers)
    text = json.dumps(result.report(), ensure_ascii=False, indent=1)
    if args.report:
        write_text(args.report, text)
    else:
        sys.stdout.write(text + "\n")
    for line in summary_lines(result) + (took.lines() if took else []):
        print(line, file=sys.stderr)
    return EXIT_OK if result.all_read else EXIT_BAD_INPUT


def cmd_scheme_export(args: argparse.Namespace) -> int:
    from app.models.years import export_scheme

    with open_existing(args.db) as db:
        body = export_scheme(db, args.year)
    write_text(args.out, json.dumps(body, ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_scheme_import(args: argparse.Namespace) -> int:
    from app.models.db import open_database
    from app.models.jsontext import read_input
    from app.models.years import import_scheme_file, parse_scheme_file

    source = Path(args.file)
    if not source.is_file():
        raise ValidationError_for(args.file, "方案文件不存在")
    data = parse_scheme_file(read_input(source))
    with open_database(args.db) as db:
        scheme_id = import_scheme_file(db, data, source.name)
    print(f"已导入考评方案 {scheme_id}", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from app.models.db import open_database
    from app.models.demo import build_demo_year

    with open_database(args.db) as db:
        build_demo_year(db, args.year)
    print(f"已生成 {args.year} 年度示例数据：{args.db}", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

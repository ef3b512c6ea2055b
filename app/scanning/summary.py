"""The scan in Chinese lines for the clerk (the CLI prints them on stderr; the scan page can show them)."""

from __future__ import annotations

from app.scanning.batch import ScanResult


def summary_lines(result: ScanResult) -> list[str]:
    pages = len(result.pages)
    read = sum(1 for p in result.pages if p.status == "read")
    blank = sum(1 for p in result.pages if p.reading.blank)
    complete = [b for b in result.ballots if b.complete]
    unclear = sum(len(b.unclear) for b in result.ballots)
    waiting = sum(1 for b in result.ballots if b.complete and b.unclear)
    lines = [f"共 {pages} 页，识读 {read} 页" + (f"（另有空白页 {blank} 页，已跳过）" if blank else "") + "。"]
    if result.taken_before:
        lines.append(f"另有 {result.taken_before} 页在此前的扫描中已处理（同一文件），未再读取。")
    if result.ballots:
        numbers = [b.serial for b in result.ballots if b.serial is not None]
        span = f"（编号 {numbers[0]}–{numbers[-1]}）" if len(numbers) == len(result.ballots) else ""
        lines.append(
            f"民主测评表 {len(result.ballots)} 张{span}，完整 {len(complete)} 张；"
            f"待复核标记 {unclear} 处，涉及 {waiting} 张。"
        )
    if result.sheets:
        lines.append(f"另有评分表/领导评价表 {len(result.sheets)} 张：已识别，分值在录入页对照扫描图像录入。")
    lines += result.problems()
    for test in result.tests:
        right = len(test.checks) - len(test.wrong)
        verdict = "全部正确" if not test.wrong else f"{len(test.wrong)} 处不符"
        lines.append(
            f"测试票 {test.variant}：{len(test.checks)} 个标记，识读正确 {right} 个，{verdict}（测试票不保存）。"
        )
        for check in test.wrong:
            lines.append(
                f"  第 {check.index + 1} 行（{check.key}）：印的是{check.describe()}，读成{check.describe(True)}"
            )
    return lines

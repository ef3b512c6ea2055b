"""The audit log in the clerk's words: tables, fields and stored codes (item ids, categories, forms, cadre ids)
named as the program's pages name them. The codes are the file's own; only their display is translated.
"""

from __future__ import annotations

import json
from typing import Any

from app.models.db import Database

TABLE_NAMES = {
    "years": "年度",
    "item_scores": "项目得分",
    "item_events": "项目扣分事项",
    "ballot_counts": "评分表发放回收",
    "rating_ballots": "科室评分表",
    "democratic_ballots": "民主测评票",
    "democratic_tallies": "民主测评汇总",
    "leader_ratings": "领导评价",
    "adjustments": "加减分事项",
    "vetoes": "一票否决",
    "special_awards": "突出业绩奖",
    "cadres": "干部",
    "indicators": "考核指标",
    "indicator_reports": "指标月报",
    "district_events": "区县事项",
    "verification_findings": "核对差异",
    "leader_sheets": "领导评价表核对",
    "year_documents": "文书设置",
    "scan_pending": "扫描待处理",
    "scan_ballot_pages": "选票扫描图像",
    "scan_decisions": "扫描复核",
    "scan_inputs": "已扫描文件",
    "committee_decisions": "党委审定",
    "cadre_special_awards": "突出贡献奖",
    "quota_overrides": "优秀名额核定",
    "carried_copies": "上年度转入的加减分",
}
ACTION_NAMES = {"insert": "新增", "update": "修改", "delete": "删除"}
COLUMN_NAMES = {
    "year": "年度",
    "unit": "科室",
    "item": "项目",
    "score": "得分",
    "note": "备注",
    "name": "姓名",
    "category": "类别",
    "level": "职务层次",
    "is_head": "主要负责人",
    "barred": "不参评原因",
    "position": "排序",
    "kind": "类型",
    "matter": "事项",
    "points": "分值",
    "targets": "对象",
    "shares": "分配",
    "date": "日期",
    "reason": "原因",
    "award": "奖项",
    "scheme": "方案",
    "scheme_id": "方案编号",
    "is_demo": "示例",
    "created_at": "建立时间",
    "locked_at": "审定时间",
    "locked_by": "审定人",
    "lock_reason": "审定说明",
    "scores": "分数",
    "marks": "测评意见",
    "void": "废票",
    "serial": "编号",
    "form": "表",
    "rater": "评价人",
    "cadre": "干部",
    "count": "次数",
    "rule": "规则",
    "branch": "党支部",
    "excellent": "优秀",
    "competent": "称职",
    "basic": "基本称职",
    "incompetent": "不称职",
    "body": "内容",
    "verified_at": "核对时间",
    "verified_mode": "核对方式",
    "entry": "录入方式",
    "machine": "识读结果",
    "decided": "复核结论",
    "scanned_on": "扫描日期",
    "outcome": "处理结果",
    "assessment_date": "考核日期",
    "quota_mode": "优秀名额计算方式",
    "barred_ground": "不予评优情形",
    "not_assessed": "不定等次/不参加评优",
    "not_assessed_reason": "不定等次原因",
    "pool": "职务层次",
    "quota": "优秀名额",
    "id": "编号",
    "issued": "发出",
    "returned": "收回",
    "pass": "录入遍次",
    "keyed_by": "录入人",
    "keyed_on": "录入电脑",
    "keyed_at": "录入时间",
    "target_kind": "对象类型",
    "lead_unit": "牵头科室",
    "content": "内容",
    "target": "目标",
    "liaison": "联络员",
    "indicator": "指标",
    "month": "月份",
    "rank": "排名",
    "estimated": "估算",
    "peer_ranks": "同类排名",
    "progress": "进度",
    "signed": "已签字",
    "submitted": "已报送",
    "leader_signed": "领导已签字",
    "mode": "核对方式",
    "row_key": "行",
    "col": "列",
    "first_value": "第一遍",
    "second_value": "第二遍",
    "resolved_value": "采用值",
    "first_was_wrong": "第一遍有误",
    "found_at": "发现时间",
    "resolved_at": "处理时间",
    "subject": "对象",
    "decided_at": "审定时间",
    "pages": "页数",
    "page": "页",
    "image": "图像",
    "digest": "文件指纹",
}
SCHEME_KEYS = {
    "name": "名称",
    "units": "科室",
    "business_items": "业务工作项目",
    "common_items": "共性工作项目",
    "groups": "分组名额",
    "criteria": "评分要素",
    "unit_adjustments": "科室加减分",
    "cadres": "干部规则",
    "parts": "分值结构",
    "unit_grades": "科室等次",
    "short": "简称",
    "group": "组别",
    "head": "负责人",
    "title": "名称",
    "max": "分值",
    "text": "评分标准",
    "rules": "评分规则",
    "may_exceed": "可超过分值",
    "first_prize": "一等奖名额",
    "second_prize": "二等奖名额",
    "caps": "上限",
    "bonus": "加分",
    "deduction": "减分",
    "cap": "上限",
    "options": "选项",
    "label": "情形",
    "excellent_rate": "优秀比例",
    "grades": "等次分数线",
    "pass_threshold": "合格分数线",
}


FIXED_VALUES: dict[str, dict[str, str]] = {
    "form": {
        "leaders": "委领导评分表（附件4）",
        "heads": "科室负责人评分表（附件5）",
        "democratic": "民主测评票",
        "leader_ratings": "领导评价表",
    },
    "kind": {"bonus": "加分", "deduction": "减分", "unit": "科室", "cadre": "干部"},
    "target_kind": {"unit": "科室", "cadre": "干部"},
    "verified_mode": {"dependent": "对照核对", "independent": "两遍独立录入"},
    "mode": {"dependent": "对照核对", "independent": "两遍独立录入"},
    "entry": {"keyed": "键盘录入", "scanned": "扫描"},
    "keyed_on": {"demo": "示例生成"},
    "outcome": {"ballot": "选票", "other": "非选票"},
    "pass": {"1": "第一遍", "2": "第二遍（核对）"},
}
YES_NO_COLUMNS = {"is_head", "is_demo", "void", "first_was_wrong", "estimated", "signed", "submitted", "leader_signed"}
TIME_COLUMNS = {"created_at", "locked_at", "keyed_at", "verified_at", "found_at", "resolved_at", "decided_at"}


class Words:
    """Stored codes of the file as words, per year: an item's title, a category's name, a cadre's name."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._years: dict[int, dict[str, dict[str, str]]] = {}

    def _year(self, year: int | None) -> dict[str, dict[str, str]]:
        if year is None:
            return {}
        if year not in self._years:
            words: dict[str, dict[str, str]] = {"item": {}, "adjustment": {}, "staff": {}, "cadre": {}}
            rows = self.db.query("SELECT scheme FROM years WHERE year = ?", (year,))
            body: dict[str, Any] = json.loads(rows[0]["scheme"]) if rows else {}
            for part in ("common_items", "business_items"):
                section = body.get(part)
                entries = section if isinstance(section, list) else []
                if isinstance(section, dict):  # business items by unit
                    entries = [item for items in section.values() if isinstance(items, list) for item in items]
                for item in entries:
                    if isinstance(item, dict) and "id" in item:
                        words["item"][str(item["id"])] = str(item.get("title", item["id"]))
            cadres = body.get("cadres", {})
            for section in (body.get("unit_adjustments", {}), cadres.get("adjustments", {})):
                for category in section.get("categories", []):
                    words["adjustment"][str(category.get("id"))] = str(category.get("name", category.get("id")))
            for staff in cadres.get("categories_of_staff", []):
                words["staff"][str(staff.get("id"))] = str(staff.get("name", staff.get("id")))
            for r in self.db.query("SELECT id, name FROM cadres WHERE year = ?", (year,)):
                words["cadre"][r["id"]] = r["name"]
            self._years[year] = words
        return self._years[year]

    def value(self, table: str, column: str, value: Any, year: int | None) -> Any:
        """`value` as the clerk knows it; unknown codes are left as they are."""
        if value is None or value == "":
            return value
        if column in YES_NO_COLUMNS and value in (0, 1, "0", "1"):
            return "是" if str(value) == "1" else "否"
        if column in TIME_COLUMNS and isinstance(value, str):
            return value[:19].replace("T", " ")
        fixed = FIXED_VALUES.get(column)
        if fixed is not None and str(value) in fixed:
            return fixed[str(value)]
        words = self._year(year)
        if column == "item":
            return words["item"].get(str(value), value)
        if column == "category":
            names = words["staff"] if table == "cadres" else words["adjustment"]
            return names.get(str(value), value)
        if column == "cadre" or (table == "cadres" and column == "id"):
            name = words["cadre"].get(str(value))
            return f"{name}（{value}）" if name and column == "id" else (name or value)
        if table == "committee_decisions" and column == "subject":
            return words["cadre"].get(str(value), value)
        return value

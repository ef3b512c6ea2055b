"""The seed's clauses an explanation names: where each number and each outcome comes from.

Part 1 is the 科室（单位）绩效考评办法 (“科室办法”), part 2 the 干部考核办法 (“干部办法”); the references follow
their numbering. A scheme may name its own clause for a bonus/deduction category (`clause`); the seed's
categories fall back to `CATEGORY_CLAUSES`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clause:
    ref: str  # e.g. "科室办法三（一）3（1）③"
    text: str  # the clause's words, shortened

    def __str__(self) -> str:
        return f"{self.ref}：{self.text}"


U = "科室办法"
C = "干部办法"

UNIT_COMMON = Clause(f"{U}三（一）1", "定量考核：共性工作任务 25 分，按附件 2 评分细则计分")
UNIT_BUSINESS = Clause(f"{U}三（一）1", "定量考核：业务工作任务 45 分，按附件 3 评分细则计分")
UNIT_LEADERS = Clause(f"{U}三（一）2", "定性考核：委领导评分占 20 分（附件 4），每个科室的最后得分取平均值")
UNIT_HEADS = Clause(f"{U}三（一）2", "定性考核：科室（单位）主要负责人评分占 10 分（附件 5），取平均值")
UNIT_BONUS_SPLIT = Clause(f"{U}三（一）3（1）", "由几个科室（单位）共同承担的，将总分值分解后分别加分")
UNIT_BONUS_SAME = Clause(f"{U}三（一）3（1）", "同一事项不重复加分，取最大分值")
UNIT_BONUS_CAP = Clause(f"{U}三（一）3（1）", "加分最高不超过 10 分")
UNIT_DEDUCTION_SAME = Clause(f"{U}三（一）3（2）", "同一事项，不累计扣分，取最大分值")
UNIT_DEDUCTION_CAP = Clause(f"{U}三（一）3（2）", "减分最高不超过 10 分")
UNIT_VETO = Clause(f"{U}三（一）3（3）", "被“一票否决”的责任科室（单位）取消当年评先评优资格")
UNIT_COMMITTEE = Clause(f"{U}三（二）3", "提出获奖科室和突出贡献奖名单，报委党委审定")
UNIT_TOTAL = Clause(f"{U}三（一）", "定量考核与定性考核相结合计分，加减分另计")
UNIT_RANK = Clause(f"{U}四（一）", "按照考核得分从高分到低分的名次评定")
UNIT_FIRST = Clause(f"{U}四（一）1", "优秀等次（一等奖）：每组科室（单位）总数的 20%，按得分从高到低评定")
UNIT_SECOND = Clause(f"{U}四（一）2", "良好等次（二等奖）：每组科室（单位）总数的 40%，按得分从高到低评定")
UNIT_PASS = Clause(f"{U}四（一）3", "考核评分在 60 分以上，且没有被“一票否决”的，评定为合格等次")
UNIT_FAIL = Clause(f"{U}四（一）4", "考核评分低于 60 分或被“一票否决”的，评定为不合格等次")
UNIT_SPECIAL = Clause(f"{U}四（二）", "评定等次在合格（含合格）以上的科室（单位），设 1-2 个科室为突出业绩奖")

CADRE_DEMOCRATIC = Clause(f"{C}三（一）", "民主测评 70 分：民主测评所得总分/所得票数（保留两位小数）")
CADRE_LEADERS = Clause(f"{C}三（二）", "领导评价 30 分：德能勤绩廉各 6 分，领导评价所得总分/打分人数")
CADRE_TOTAL = Clause(f"{C}三", "个人年度考核总分＝民主测评得分＋领导评价计分＋加减分")
CADRE_BONUS_SAME = Clause(f"{C}三（三）1", "同一事项不累计加分，取最大值")
CADRE_DEDUCTION_SAME = Clause(f"{C}三（三）2", "同一事项不累计减分，取最大值")
CADRE_CAP = Clause(f"{C}三（三）", "加分、减分项目最高均不超过 5 分")
CADRE_LATE = Clause(f"{C}三（三）1", "表彰奖励在本年度干部考核之后公布的，相关加分项目计入下一年度考核成绩")
CADRE_BARRED = Clause(f"{C}三（三）3", "有下列情形的，本年度考核不予评为优秀等次")
# 干部办法三（三）3's grounds, by their short names, and the seed's words for each (the text a barred person shows).
BARRED_GROUND_TEXTS = {
    "受到处分": "因严重违法违纪行为受到处分",
    "严重失职": "因工作严重失职造成重大事故、不良影响和后果",
}
OTHER_GROUND = "其他"


def barred_ground_of(text: str) -> str:
    """The ground a written reason falls under: the seed's own wording (or its key word) names ① or ②, anything else
    is 其他 (the text is then the committee's note)."""
    if "处分" in text:
        return "受到处分"
    if "失职" in text:
        return "严重失职"
    return OTHER_GROUND


BARRED_GROUNDS = {
    "受到处分": Clause(f"{C}三（三）3①", "因严重违法违纪行为受到处分的"),
    "严重失职": Clause(f"{C}三（三）3②", "因工作严重失职造成重大事故、不良影响和后果的"),
    "其他": Clause(f"{C}三（三）3", "党委认定的其他情形"),
}
CADRE_QUOTA = Clause(
    f"{C}五（一）",
    "公务员优秀等次一般控制在 15% 以内，事业单位 10% 以内，不同职务层次优秀名额不得相互挤占，按比例进行评选",
)
CADRE_QUOTA_FINAL = Clause(f"{C}五（一）", "最终优秀等次比例以市人社局审核通过为准")
CADRE_HEAD_FIRST = Clause(f"{C}五（一）", "被评为一等奖的科室（单位），其科室（单位）主要负责人个人年度考核为优秀等次")
CADRE_BY_TOTAL = Clause(f"{C}五（一）", "其余科室（单位）主要负责人、其他工作人员按综合得分由高到低进行评选")
CADRE_COMPETENT = Clause(f"{C}五（二）", "除评定为优秀等次外且最终得分在 70 分以上的，评定为称职等次")
CADRE_BASIC = Clause(f"{C}五（三）", "最终得分在 60—69 分的，评定为基本称职等次")
CADRE_INCOMPETENT = Clause(f"{C}五（四）", "最终得分在 60 分以下的，评定为不称职等次")
CADRE_SPECIAL = Clause(
    f"{C}五", "年度考核评定为称职及以上等次，工作做出突出贡献的个人，设 1—2 名突出贡献奖（可空缺、可重复）"
)
CADRE_FOLLOW_UP = Clause(f"{C}六（二）", "基本称职、不称职：诫勉谈话，限期改进；一年内不得晋升职务；不享受年度考核奖金")
CADRE_OTHER = Clause(f"{C}七", "脱产培训、借调、试用期、挂职、军转等，按《湖南省公务员考核实施办法（试行）》执行")
FIRST_PRIZE_HEAD = Clause(f"{U}五（二）", "对评定为优秀的科室（单位），科室（单位）负责人年度考核评为优秀")
SPEC_TIE = Clause("计算约定§4", "并列者占连续名次，名次导致不同结果的，交党委审定")
SPEC_INCOMPLETE = Clause("计算约定§1", "未评分的部分计 0 分，并标为缺项")
PROVISIONAL = Clause("计算约定", "结果所依据的数据或审定尚未完成的，标为暂定，不作为最终结果")

# The seed's bonus/deduction categories (ids of the interchange spec) and where each is stated.
CATEGORY_CLAUSES: dict[str, str] = {
    "recognition": f"{U}三（一）3（1）①",
    "media": f"{U}三（一）3（1）②",
    "honor_provincial": f"{U}三（一）3（1）③",
    "honor_city": f"{U}三（一）3（1）③",
    "central_task": f"{U}三（一）3（1）④",
    "criticized_city_office": f"{U}三（一）3（2）①",
    "criticized_city_dept": f"{U}三（一）3（2）②",
    "task_failed": f"{U}三（一）3（2）③",
    "ranked_bottom": f"{U}三（一）3（2）④",
    "individual_honor": f"{C}三（三）1①",
    "leader_endorsement": f"{C}三（三）1③",
    "publication": f"{C}三（三）1⑤",
    "criticized": f"{C}三（三）2①",
    "inspection_absence": f"{C}三（三）2②",
    "meeting_absence": f"{C}三（三）2③",
}

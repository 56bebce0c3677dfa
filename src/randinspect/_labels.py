"""The Chinese label of every enum value the library writes in rows (private, plain data).

One table per vocabulary, value to label, read by the enums' parsers (so
``Grade.parse("中高")`` is ``Grade.C`` and a loader reads a row written with
``labels="zh"`` back) and by the rows that write them (``to_rows(labels="zh")``).
Each label is the word the offices' databases and the source documents use:

- grades are the risk levels of 001 §1 and annex 1: 低（A）、中（B）、中高（C）、
  高（D）信用风险 (R2.1);
- flags the lists of 001 §2(3), 003 art. 16 and 004 §2(6), §2(9): 失信
  (严重违法失信企业名单), 经营异常, 已受行政处罚, 风险高, 守信 (R1.4, R2.4, R2.5, R5.3);
- outcomes the national result categories of the 双随机 disclosure (R7.3, R7.4);
- rectification and handling the words of 002 §5, 003 art. 22 and 004 §2(8).

The tables are keyed by the enum's class name (an enum sits in a layer above
this one) and by the member's value; vocabularies that are not enums (a
stratum's name, a deadline's party) are keyed in lower case. A test checks
that every member of every enum named here has a label, that labels are
distinct within a table, and that each parses back to its member.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["LABEL_CHOICES", "ZH"]

LABEL_CHOICES = ("en", "zh")
"""What ``labels=`` takes: ``"en"`` (the default, also ``None``): the enums' values, as
:meth:`~randinspect.model.Subject.to_data` writes them; ``"zh"``: the Chinese labels."""


def _table(**tables: dict[str, str]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({name: MappingProxyType(table) for name, table in tables.items()})


ZH: Mapping[str, Mapping[str, str]] = _table(
    # R2.1, 001 §1: 低（A、1%）、中(B、3%)、中高（C、10%）、高（D、20%）信用风险
    Grade={"A": "低", "B": "中", "C": "中高", "D": "高"},
    # R1.4, R2.4, R2.5, R5.3
    Flag={
        "blacklisted": "失信",
        "abnormal": "经营异常",
        "penalized": "已受行政处罚",
        "high_risk": "风险高",
        "trusted": "守信",
    },
    # R5.5, 003 art. 9
    TaskKind={"random": "双随机", "complaint": "投诉举报"},
    # R7.4
    OutcomeClass={"problem": "发现问题", "no_problem": "未发现问题", "not_assessable": "无法核查"},
    # the national result categories (R7.3, R7.4)
    Outcome={
        "refused": "不配合检查情节严重",
        "falsified": "公示信息隐瞒真实情况、弄虚作假",
        "not_disclosed": "未按规定公示应当公示的信息",
        "unreachable": "通过登记的住所（经营场所）无法联系",
        "problem_pending": "发现问题待后续处理",
        "problem_corrected": "发现问题已责令改正",
        "compliant": "未发现问题",
        "no_activity": "未发现开展本次抽查涉及的经营活动",
        "closed": "已关闭停业或正在组织清算",
        "deregistered": "已注销",
        "revoked": "被吊销",
        "moved_out": "已迁出",
    },
    # 002 §5, 003 art. 22
    RectificationState={
        "none_needed": "无需整改",
        "ordered": "责令限期整改",
        "rectified": "已整改",
        "not_rectified": "未整改",
    },
    # 004 §2(8), 002 §4(7), R7.7
    Decision={
        "none": "无需处理",
        "warning": "警告",
        "penalty": "行政处罚",
        "transfer": "移送主管部门",
        "judicial": "移送司法机关",
        "credit_record": "记入信用记录",
    },
    # R5.1, R5.2, R5.4 (003 art. 16)
    ExclusionReason={"cap_reached": "已达年度抽查次数上限", "other_unit": "本部门其他机构已抽查"},
    # the draw's accounting of every subject (randinspect-draw/1)
    Fate={
        "drawn": "抽中",
        "not_drawn": "未抽中",
        "excluded": "排除",
        "out_of_scope": "不在抽查范围",
    },
    # the staffing log (R4.3, R4.4, 003 art. 15, 002 §4(3))
    StaffingAction={
        "skipped": "跳过",
        "swapped": "交换检查对象",
        "left_out": "不参与抽取",
        "repaired": "调整",
        "rebalanced": "均衡",
        "replaced": "递补",
        "appointed": "指定组长",
    },
    StaffingReason={
        "wrong_department": "非参与部门",
        "uncertified": "未持执法证",
        "expired": "执法证过期",
        "unqualified": "不具备所需资格",
        "conflict": "利害关系回避",
        "unavailable": "因公务不能参加",
        "wrong_place": "不符合岗位要求",
        "at_max_load": "已达任务上限",
        "on_team": "已在检查组",
        "dropped": "已退出",
    },
    # not enums: a stratum's name beyond the grades (R2.4, R2.5), the report's total line
    stratum={"boost": "提高比例", "relief": "降低比例", "overall": "合计"},
    # who must act by a deadline (R6, R6.6)
    party={"department": "检查部门", "subject": "检查对象"},
)
"""Vocabulary name to value to Chinese label (read-only)."""

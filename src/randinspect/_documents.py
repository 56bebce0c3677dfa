"""The five source documents' numbers as plain tables (private).

Each source document's deadlines are rows of plain values (text, ints,
``None``), one row per deadline, each citing its document and clause and
quoting the words it restates, as python-holidays keeps each country's days
as tables apart from the engine that counts them. :mod:`randinspect.deadlines`
builds its :class:`~randinspect.deadlines.DeadlinePolicy` values from these
rows (``DeadlinePolicy.for_document``); a presets module can read the same
rows. Nothing here computes: to change a document's number, change its row.

The rule numbers (R6.1, ...) are those of the rulebook (RULES.md), which
restates every clause in English. A row's ``words`` quote the document
verbatim, punctuation included, with ``……`` where words are left out.

References:
    * 000: 平顶山市卫东区民政局, 平卫民〔2024〕16号, 2024年“双随机、一公开”监管
      工作计划 (Weidong District Civil Affairs Bureau, annual plan, elderly-care
      homes).
    * 001: 舞钢市人民防空办公室, 舞防〔2022〕3号, 2022年度“双随机、一公开”随机
      抽查工作计划 (Wugang Civil Air Defence Office, annual plan).
    * 002: 三门峡市城市管理局, 2024年“双随机、一公开”工作实施细则 (Sanmenxia
      Urban Management Bureau, implementation rules).
    * 003: 漯河市国防动员办公室, “双随机、一公开”监管工作实施细则, 第一条至
      第二十五条 (Luohe National Defence Mobilisation Office, articles 1-25).
    * 004: 宝丰县卫生健康委员会, 2023年“双随机、一公开”监管工作实施方案
      (Baofeng County Health Commission, implementation plan).
"""

from __future__ import annotations

from typing import NamedTuple


class Document(NamedTuple):
    """One source document (RULES.md lists them)."""

    code: str
    """The short code the rulebook cites, e.g. ``"003"``."""
    issuer: str
    """The issuing department, in English."""
    kind: str
    """What the document is: an annual plan, implementation rules, ..."""
    year: int | None
    """The year it is for, when it names one."""


class WorkingDayDeadline(NamedTuple):
    """A row: "within ``working_days`` working days from ``counts_from``, ``done_by``"."""

    document: str
    """The source document's code."""
    clause: str
    """The clause, as the rulebook cites it, e.g. ``"art. 18"``."""
    rule: str
    """The rulebook's number, e.g. ``"R6.4"``."""
    name: str
    """The deadline's name in its document's policy, unique there."""
    working_days: int
    """The N of "within N working days"."""
    counts_from: str
    """The result date the count starts from (not counted itself)."""
    done_by: str
    """The result date that records it done."""
    words: str
    """The clause's words that set it."""
    party: str = "department"
    """Who must act: ``"department"`` or ``"subject"``."""
    only_if_problem: bool = False
    """Whether it applies only when the inspection found a problem."""


class MonthEndDeadline(NamedTuple):
    """A row: "by the end of ``month``" of the plan year, or of the year after."""

    document: str
    """The source document's code."""
    clause: str
    """The clause, as the rulebook cites it, e.g. ``"art. 12"``."""
    rule: str
    """The rulebook's number, e.g. ``"R6.1"``."""
    name: str
    """The deadline's name in its document's policy, unique there."""
    month: int
    """Due at the end of this month, 1 to 12."""
    words: str
    """The clause's words that set it."""
    year_offset: int = 0
    """0 for the plan year, 1 for the year after."""
    from_month: int | None = None
    """The month its window opens (``None`` for January)."""


DOCUMENTS: tuple[Document, ...] = (
    Document("000", "Weidong District Civil Affairs Bureau (Pingdingshan)", "annual plan", 2024),
    Document("001", "Wugang Civil Air Defence Office", "annual plan", 2022),
    Document("002", "Sanmenxia Urban Management Bureau", "implementation rules", 2024),
    Document("003", "Luohe National Defence Mobilisation Office", "implementation rules", None),
    Document("004", "Baofeng County Health Commission", "implementation plan", 2023),
)
"""The five source documents, in code order."""

WORKING_DAY_DEADLINES: tuple[WorkingDayDeadline, ...] = (
    WorkingDayDeadline(
        document="000",
        clause="§2(5)1",
        rule="R6.8",
        name="penalty-publication",
        working_days=7,
        counts_from="penalty_decided_on",
        done_by="penalty_published_on",
        words="作出行政处罚决定的，应当在处罚决定作出之日起7个工作日内……进行公示",
    ),
    WorkingDayDeadline(
        document="002",
        clause="§4(5)",
        rule="R6.8",
        name="penalty-publication",
        working_days=20,
        counts_from="penalty_decided_on",
        done_by="penalty_published_on",
        words="适用一般程序作出行政处罚决定的，要在作出处罚决定之日起20个工作日内，公开……处罚结果",
    ),
    WorkingDayDeadline(
        document="002",
        clause="§4(7)",
        rule="R6.9",
        name="handling",
        working_days=10,
        counts_from="inspected_on",
        done_by="handled_on",
        words="检查结束后……在10个工作日内对抽查中发现的市场主体违法违规行为进行通报、处理",
        only_if_problem=True,
    ),
    WorkingDayDeadline(
        document="003",
        clause="art. 18",
        rule="R6.4",
        name="report",
        working_days=5,
        counts_from="results_complete_on",
        done_by="reported_on",
        words="在对单个被检查对象的检查工作结束后5个工作日内，完成检查报告",
    ),
    WorkingDayDeadline(
        document="003",
        clause="art. 19",
        rule="R6.5",
        name="feedback",
        working_days=20,
        counts_from="reported_on",
        done_by="feedback_sent_on",
        words="在检查报告完成后 20 个工作日内，向被检查对象反馈检查结果",
    ),
    WorkingDayDeadline(
        document="003",
        clause="art. 19",
        rule="R6.5",
        name="publication",
        working_days=20,
        counts_from="reported_on",
        done_by="published_on",
        words="在检查报告完成后 20 个工作日内……在国家企业信用信息公示平台"
        "或信用体系建设平台进行公示",
    ),
    WorkingDayDeadline(
        document="003",
        clause="art. 21",
        rule="R6.6",
        name="comments",
        working_days=10,
        counts_from="feedback_received_on",
        done_by="comments_on",
        words="被检查对象在收到书面反馈的检查结果后 10 个工作日内，反馈……意见建议",
        party="subject",
    ),
    WorkingDayDeadline(
        document="004",
        clause="§2(8)",
        rule="R6.7",
        name="result-publication",
        working_days=20,
        counts_from="results_complete_on",
        done_by="published_on",
        words="自检查结果产生之日起20个工作日内，将其归集到检查对象的名下并予以公示",
    ),
)
"""Every working-day deadline of the documents, in document order (R6.4-R6.9).

001 sets none: its inspection windows are the plan's periods (R6.3).
"""

MONTH_END_DEADLINES: tuple[MonthEndDeadline, ...] = (
    MonthEndDeadline(
        document="000",
        clause="§3(2)",
        rule="R6.2",
        name="draw-h1",
        month=6,
        from_month=1,
        words="“双随机、一公开”监管工作计划在上下半年各开展一次抽查",
    ),
    MonthEndDeadline(
        document="000",
        clause="§3(2)",
        rule="R6.2",
        name="draw-h2",
        month=12,
        from_month=7,
        words="“双随机、一公开”监管工作计划在上下半年各开展一次抽查",
    ),
    MonthEndDeadline(
        document="002",
        clause="§4(1)",
        rule="R6.1",
        name="draw-requests",
        month=3,
        words="局属各单位在每年3月底前,提出“双随机”抽查需求",
    ),
    MonthEndDeadline(
        document="003",
        clause="art. 12",
        rule="R6.1",
        name="annual-plan",
        month=1,
        words="应当于每年1月底之前，确定本科室（部门）年度检查计划",
    ),
    MonthEndDeadline(
        document="003",
        clause="art. 23",
        rule="R6.10",
        name="execution-report",
        month=2,
        year_offset=1,
        words="在每年 2 月底之前，通过门户网站公开上一年度检查计划的执行情况",
    ),
)
"""Every "by the end of <month>" deadline of the documents, in document order (R6.1-R6.10).

004's plan "at the start of the year" (年初, R6.1) names no day, so it has no row.
"""

INSPECTION_WINDOW: tuple[str, str, tuple[tuple[str, str], ...]] = (
    "R6.3",
    "inspection",
    (("001", "annex 1"), ("003", "art. 14")),
)
"""A task's inspection window (R6.3): its rule, its name, and the clauses that set it.

001 annex 1 gives the window (2022年6月-2022年11月底); 003 art. 14 lets the
inspectors pick the day within it (在检查方案规定的时间内自主确定具体的检查时间).
"""


def source(document: str, clause: str) -> str:
    """How a row is cited in a deadline's ``source``: ``"003 art. 18"``."""
    return f"{document} {clause}"

"""The five source documents' numbers as plain tables (private).

Each source document's deadlines are rows of plain values (text, ints,
``None``), one row per deadline, each citing its document and clause and
quoting the words it restates, as python-holidays keeps each country's days
as tables apart from the engine that counts them. :mod:`randinspect.deadlines`
builds its :class:`~randinspect.deadlines.DeadlinePolicy` values from these
rows (``DeadlinePolicy.for_document``). Each document's preset (the plan it
describes: ratios, items, team, caps, windows, ...) is rows too, one row per
clause that sets a field (:data:`PRESET_ROWS`), with the library's defaults
for the fields a document is silent on (:data:`PRESET_DEFAULTS`);
:mod:`randinspect.presets` builds its values from them, and cites the
deadline rows for a preset's deadlines. Nothing here computes: to change a
document's number, change its row.

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

from typing import Any, NamedTuple


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


# --- the presets: each document's plan, field by field ----------------------------------


class PresetRow(NamedTuple):
    """A row: a clause of a document that sets one field of the document's preset.

    A field with several rows: ``items`` adds one check item per row; any
    other field's rows agree on the value (each cites one more clause that
    says it).
    """

    document: str
    """The source document's code."""
    field: str
    """The preset field it sets, one of :data:`PRESET_FIELDS`."""
    clause: str
    """The clause, as the rulebook cites it, e.g. ``"annex 1"``."""
    rule: str
    """The rulebook's number, e.g. ``"R2.1"`` (``""`` for the year and department)."""
    words: str
    """The clause's words, verbatim (``……`` where words are left out)."""
    value: Any
    """The field's value as plain data: text, int, bool, ``None``, or tuples of them."""
    note: str = ""
    """How the words give the value, in English; for a silent row, the default chosen."""
    silent: bool = False
    """True when the clause leaves the value open and ``value`` is the default chosen."""


class PresetDefault(NamedTuple):
    """A row: the value a preset takes for a field its document does not set."""

    field: str
    """The preset field, one of :data:`PRESET_FIELDS`."""
    rule: str
    """The rulebook's number the default follows."""
    value: Any
    """The default, as plain data (as :attr:`PresetRow.value`)."""
    note: str
    """The default in words, with the rule or document it comes from."""


PRESET_FIELDS: tuple[str, ...] = (
    "year",
    "department",
    "unit",
    "items",
    "partners",
    "scope",
    "ratios",
    "boost",
    "relief",
    "windows",
    "rounds",
    "team.size",
    "team.every_department",
    "leader",
    "recusal",
    "caps.max_per_year",
    "caps.exempt_flags",
    "caps.department_rule",
    "caps.unknown_unit_is_other",
    "deadlines",
    "published",
)
"""Every field of a preset, in order; each has rows or a default for every document."""

_W = (("A", "5%"), ("B", "10%"), ("C", "15%"), ("D", "20%"))
_EXEMPT = ("blacklisted", "abnormal", "penalized")
_F = (("低", "1%"), ("中", "3%"), ("中高", "10%"), ("高", "20%"))
_WHOLE_YEAR = ((1, 1, 12, 31, ""),)

PRESET_DEFAULTS: tuple[PresetDefault, ...] = (
    PresetDefault("year", "", None, "no year: pass year= to plan()"),
    PresetDefault(
        "unit",
        "R5.2",
        "",
        "no unit: the department's own plan; how it meets a unit's task under the"
        " department rule is caps.unknown_unit_is_other",
    ),
    PresetDefault(
        "items",
        "R1.2",
        ((("id", "inspection"), ("name", "随机抽查事项")),),
        "one check item of the initiating department, on any subject type, with no"
        " minimum ratio: pass items= with the department's own check-item list",
    ),
    PresetDefault("partners", "R4.6", (), "no partner: the department inspects alone"),
    PresetDefault("scope", "R3.1", (), "undirected: no filter beyond the items' subject types"),
    PresetDefault(
        "ratios", "R2.1", _W, "variant W of R2.1 (000 annex 1): A 5%, B 10%, C 15%, D 20%"
    ),
    PresetDefault("boost", "R2.4", None, "no boost stratum"),
    PresetDefault("relief", "R2.5", None, "no relief stratum"),
    PresetDefault("windows", "R6.3", _WHOLE_YEAR, "one window: the whole plan year"),
    PresetDefault("rounds", "R6.2", 1, "one draw in the year"),
    PresetDefault(
        "team.size", "R4.2", 2, "2 inspectors, the least R4.2 allows (001 §2(2)2, 004 §2(7))"
    ),
    PresetDefault(
        "team.every_department",
        "R4.6",
        True,  # noqa: FBT003  # a value, not a flag
        "a joint plan's team has a member of every department (004 §2(10): one visit)",
    ),
    PresetDefault(
        "leader",
        "R4.5",
        "drawn",
        "a leader drawn from the team's can-lead members of the initiating department"
        " (R4.5; only 002 §4(4) names who leads)",
    ),
    PresetDefault(
        "recusal",
        "R4.3",
        "replace",
        "a recusing inspector's place goes to the next in draw order (001 §2(2)2)",
    ),
    PresetDefault(
        "caps.max_per_year", "R5.1", 2, "at most 2 random inspections a year (003 art. 16)"
    ),
    PresetDefault(
        "caps.exempt_flags",
        "R5.3",
        _EXEMPT,
        "no cap for blacklisted, abnormal or penalised subjects (003 art. 16 ¶2)",
    ),
    PresetDefault(
        "caps.department_rule",
        "R5.2",
        True,  # noqa: FBT003  # a value, not a flag
        "a subject one unit inspected this year is left out of the other units' plans"
        " (003 art. 16)",
    ),
    PresetDefault(
        "caps.unknown_unit_is_other",
        "R5.2",
        True,  # noqa: FBT003  # a value, not a flag
        "a task or plan without a unit counts as another unit's (the rulebook is silent)",
    ),
    PresetDefault("deadlines", "R6", None, "no deadline of its own"),
    PresetDefault(
        "published", "R7.1", ("plan", "tasks", "results"), "the plan, the draw and the results"
    ),
)
"""The value of every field a document may be silent on (``department`` has none)."""

# fmt: off
PRESET_ROWS: tuple[PresetRow, ...] = (
    # --- 000: Weidong District Civil Affairs Bureau (Pingdingshan) ------------------------
    PresetRow("000", "year", "title", "",
        "卫东区民政局 2024年度“双随机、一公开”抽查工作计划",
        2024,
    ),
    PresetRow("000", "department", "title", "",
        "卫东区民政局 2024年度“双随机、一公开”抽查工作计划",
        "卫东区民政局",
    ),
    PresetRow("000", "items", "annex 1", "R1.2",
        "对养老机构监督检查\t《养老机构管理办法》\t养老机构\t现场检查……采取明察暗访的方式,对养老"
        "机构应急值班、消防安全、食品安全等情况开展不定时抽查。\t区民政局\t跨部门开展,本单位不再"
        "单独开展",
        (
            ("id", "elder-care"), ("name", "对养老机构监督检查"),
            ("basis", "《养老机构管理办法》"), ("subject_type", "养老机构"),
            ("content",
             "采取明察暗访的方式,对养老机构应急值班、消防安全、食品安全等情况开展不定时抽查。"),
            ("method", "现场检查"), ("min_ratios", _W), ("frequency", "2 次/年"),
            ("responsible_unit", "区民政局"), ("notes", "跨部门开展,本单位不再单独开展"),
        ),
        "the bureau's own item of the joint plan; its frequency is annex 2's",
    ),
    PresetRow("000", "items", "annex 2", "R4.6",
        "区消防救援支队: 单位履行法定 消防安全职责情况的监督检查及 消防安全专项检查",
        (
            ("id", "fire-safety"),
            ("name", "单位履行法定消防安全职责情况的监督检查及消防安全专项检查"),
            ("department", "区消防救援支队"), ("subject_type", "养老机构"), ("method", "现场检查"),
            ("frequency", "2 次/年"),
        ),
        "the fire brigade's item, in the same visit",
    ),
    PresetRow("000", "items", "annex 2", "R4.6",
        "区市场监督管理局: 供餐、用餐 与配送情况的检查",
        (
            ("id", "catering"), ("name", "供餐、用餐与配送情况的检查"),
            ("department", "区市场监督管理局"), ("subject_type", "养老机构"),
            ("method", "现场检查"), ("frequency", "2 次/年"),
        ),
        "the market regulator's item, in the same visit",
    ),
    PresetRow("000", "partners", "annex 2", "R4.6",
        "区民政局\t区消防救援 支队、区市场 监督管理局",
        ("区消防救援支队", "区市场监督管理局"),
        "initiated by the bureau (发起部门) with two partners (配合部门)",
    ),
    PresetRow("000", "scope", "annex 2", "R3.1",
        "登记备案的 养老机构",
        (),
        "the registered homes: the items' subject type 养老机构, no other filter",
    ),
    PresetRow("000", "ratios", "annex 1", "R2.1",
        "A 级企业 5% B 级企业 10% C 级企业 15% D 级企业 20%",
        _W,
    ),
    PresetRow("000", "ratios", "annex 2", "R2.1",
        "现场检查\tA 级企业 5% B 级企业 10% C 级企业 15% D 级企业 20%\t2 次/年",
        _W,
    ),
    PresetRow("000", "boost", "§2(4)", "R2.4",
        "对守法诚信等级评价较低的监管对象，要加大随机抽查力度，实施重点检查",
        None,
        "a lower grade has a higher ratio (D 20%): no flag stratum beyond the grades",
    ),
    PresetRow("000", "relief", "§2(4)", "R2.5",
        "对守法诚信等级评价较高的监管对象，可优化随机抽查",
        None,
        "allowed (可), not required: none; pass relief=FlagStratum(...) to apply it",
    ),
    PresetRow("000", "windows", "§3(2)", "R6.2",
        "“双随机、一公开”监管工作计划在上下半年各开展一次抽查",
        ((1, 1, 6, 30, "H1"), (7, 1, 12, 31, "H2")),
        "one draw in each half-year: round 1 in the first, round 2 in the second",
    ),
    PresetRow("000", "rounds", "annex 2", "R6.2",
        "2 次/年",
        2,
        "twice a year: two rounds",
    ),
    PresetRow("000", "rounds", "§3(2)", "R6.2",
        "“双随机、一公开”监管工作计划在上下半年各开展一次抽查",
        2,
        "one draw in each half-year",
    ),
    PresetRow("000", "team.size", "annex 2", "R4.6",
        "区民政局\t区消防救援 支队、区市场 监督管理局",
        3,
        "no team size is set: R4.2's 2, raised to 3 so that each of the three departments has a m"
        "ember",
        silent=True,
    ),
    PresetRow("000", "published", "§2(1)", "R7.1",
        "对抽查情况及查处结果，及时向社会公布",
        ("plan", "results"),
        "the results; the plan notice carries the published check-item list (§2(2))",
    ),
    PresetRow("000", "published", "§2(2)", "R7.1",
        "制定并公布随机抽查事项清单",
        ("plan", "results"),
        "the check-item list, in the plan notice",
    ),
    # --- 001: Wugang Civil Air Defence Office ---------------------------------------------
    PresetRow("001", "year", "title", "",
        "舞防〔2022〕3号……2022年度“双随机、一公开”随机",
        2022,
    ),
    PresetRow("001", "department", "title", "",
        "舞防〔2022〕3号\n\n舞钢市人民防空办公室",
        "舞钢市人民防空办公室",
    ),
    PresetRow("001", "items", "annex 1", "R1.2",
        "对人民防空工程维护管理和平时开发利用的检查\n\t一般检查\n\n事项\n\t不定项\n\t已建成并投入"
        "使用的人防工程",
        (
            ("id", "works-maintenance"), ("name", "对人民防空工程维护管理和平时开发利用的检查"),
            ("subject_type", "已建成并投入使用的人防工程"), ("method", "不定项"),
            ("min_ratios", _F), ("notes", "一般检查事项"),
        ),
        "on completed works in use",
    ),
    PresetRow("001", "items", "annex 1", "R1.2",
        "对防空地下室建设和城市地下空间利用兼顾人民防空防护要求的检查\n\t一般检查\n\n事项\n\t不定"
        "项\n\t已批准修建人防设施的建设项目",
        (
            ("id", "basement-construction"),
            ("name", "对防空地下室建设和城市地下空间利用兼顾人民防空防护要求的检查"),
            ("subject_type", "已批准修建人防设施的建设项目"), ("method", "不定项"),
            ("min_ratios", _F), ("notes", "一般检查事项"),
        ),
        "on approved construction projects: a second subject type in the one plan",
    ),
    PresetRow("001", "partners", "annex 2", "R4.6",
        "市市场监督管理局……舞钢市住房和城乡建设局",
        (),
        "annex 1's plan is the office's own; annex 2's two joint plans (with 市市场监督管理局, wi"
        "th 舞钢市住房和城乡建设局) are plans of their own: pass partners= and items=",
    ),
    PresetRow("001", "scope", "annex 1", "R3.1",
        "不定项",
        (),
        "undirected (不定项, 不定向): no filter beyond the items' subject types",
    ),
    PresetRow("001", "scope", "§2(3)", "R2.3",
        "采取区域定向与行业定向相结合方式抽取检查对象的，结合实际适当提高比例",
        (),
        "a scope by both region and industry should come with raised ratios",
    ),
    PresetRow("001", "ratios", "§1", "R2.1",
        "低（A、1%）、中(B、3%)、中高（C、10%）、高（D、20%）",
        _F,
        "variant F, by risk level: low A, medium B, medium-high C, high D",
    ),
    PresetRow("001", "ratios", "annex 1", "R2.1",
        "1.低风险企业按照1%的比例抽查；2.中风险企业按照3%比例抽查；3.中高风险企业按照10%比例抽查"
        "；4.高风险企业按照20%比例抽查",
        _F,
    ),
    PresetRow("001", "ratios", "§2(3)", "R2.2",
        "随机抽取检查对象的比例不得低于《随机抽查事项清单》规定的抽查比例要求",
        _F,
        "minimums: the items carry them, and a plan may not go below",
    ),
    PresetRow("001", "boost", "§2(3)", "R2.4",
        "对社会关注度高、投诉举报多、风险等级高、有严重违法违规记录等情况的，要加大随机抽查力度，"
        "提高抽查比例和频次",
        (("flags", ("high_risk", "blacklisted", "penalized")), ("ratio", "20%")),
        "flagged subjects drawn more: the ratio is not given, so the highest grade's (20%), the l"
        "east R2.4 allows; pass boost= to raise it",
        silent=True,
    ),
    PresetRow("001", "windows", "annex 1", "R6.3",
        "2022年6月-2022年11月底",
        ((6, 1, 11, 30, "6月-11月底"),),
        "June to the end of November",
    ),
    PresetRow("001", "team.size", "§2(2)2", "R4.2",
        "每次行政检查抽取的检查人员不得少于2人",
        2,
    ),
    PresetRow("001", "recusal", "§2(2)2", "R4.3",
        "被抽取的行政检查人员与被抽取的检查对象有利害关系的，应当回避，并重新抽取行政检查人员",
        "replace",
        "the recusing inspector's place is drawn again",
    ),
    PresetRow("001", "deadlines", "annex 1", "R6.3",
        "2022年6月-2022年11月底",
        None,
        "no working-day or month-end deadline: the window is the plan's period",
        silent=True,
    ),
    PresetRow("001", "published", "§2(4)", "R7.1",
        "按照“谁登记、谁检查、谁录入、谁公开”的原则开展抽查工作……及时向社会公开行政处罚案件信息",
        ("results",),
        "the results, by whoever inspects",
    ),
    # --- 002: Sanmenxia Urban Management Bureau -------------------------------------------
    PresetRow("002", "year", "title", "",
        "三门峡市城市管理局 2024年“双随机、一公开”工作实施细则",
        2024,
    ),
    PresetRow("002", "department", "title", "",
        "三门峡市城市管理局 2024年“双随机、一公开”工作实施细则",
        "三门峡市城市管理局",
    ),
    PresetRow("002", "unit", "§4(2)", "R5.2",
        "发起科室或单位根据年度计划,制定具体实施方案",
        "",
        "the initiating section or unit is the plan's own: pass unit= (执法监督科 or 环卫执法大队"
        ") and that unit's item",
        silent=True,
    ),
    PresetRow("002", "items", "§2", "R1.2",
        "执法监督科（1项：对市本级餐饮企业油烟管控联合检查）",
        (
            ("id", "catering-fumes"), ("name", "对市本级餐饮企业油烟管控联合检查"),
            ("subject_type", "餐饮企业"), ("responsible_unit", "执法监督科"),
        ),
        "the law-enforcement supervision section's item, on city-level restaurants",
    ),
    PresetRow("002", "items", "§2", "R1.2",
        "环卫执法大队（1项：对渣土运输企业监督检查）",
        (
            ("id", "muck-transport"), ("name", "对渣土运输企业监督检查"),
            ("subject_type", "渣土运输企业"), ("responsible_unit", "环卫执法大队"),
        ),
        "the sanitation enforcement brigade's item, on muck haulers",
    ),
    PresetRow("002", "ratios", "§3(4)", "R2.1",
        "要根据监管实际情况,合理确定随机抽查比例和频次",
        _W,
        "no ratio is set: variant W of R2.1 (000 annex 1)",
        silent=True,
    ),
    PresetRow("002", "boost", "§3(4)", "R2.4",
        "对守法诚信等级评价较低的监管对象,要加大随机抽查力度,实施重点检查",
        None,
        "a lower grade has a higher ratio: no flag stratum beyond the grades",
    ),
    PresetRow("002", "relief", "§3(4)", "R2.5",
        "对守法诚信等级评价较高的监管对象,可优化随机抽查频次",
        None,
        "allowed (可), not required: none; pass relief=FlagStratum(...) to apply it",
    ),
    PresetRow("002", "team.size", "§4(3)", "R4.2",
        "并按实际需要人数,从执法检查人员名录库中随机抽取执法检查人员",
        2,
        "as many as needed: R4.2's 2 unless team= says more",
        silent=True,
    ),
    PresetRow("002", "leader", "§4(4)", "R4.5",
        "“双随机”抽查发起科室或单位指派一名科室负责人为执法检查组组长",
        "appointed",
        "the initiating section appoints a section head as the team leader",
    ),
    PresetRow("002", "published", "§3(1)", "R7.1",
        "明确检查事项、检查依据、检查主体、检查内容、检查方式等，并向社会公布",
        ("plan", "results"),
        "the check-item list, in the plan notice",
    ),
    PresetRow("002", "published", "§4(5)", "R7.1",
        "对抽查情况及查处结果，要及时向社会公布",
        ("plan", "results"),
        "the results",
    ),
    # --- 003: Luohe National Defence Mobilisation Office ----------------------------------
    PresetRow("003", "department", "title", "",
        "漯河市国防动员办公室 “双随机、一公开”监管工作实施细则",
        "漯河市国防动员办公室",
    ),
    PresetRow("003", "items", "art. 8", "R1.2",
        "各相关业务科室应当根据市人民政府公布的权责清单，梳理本机构依法应当实施的监督检查职责，制"
        "定随机抽查事项清单",
        (("id", "inspection"), ("name", "随机抽查事项")),
        "each section makes its own list: one item on any subject type until items= gives it",
        silent=True,
    ),
    PresetRow("003", "scope", "art. 17", "R3.1",
        "可以采取定向抽查或者不定向抽查方式",
        (),
        "either: undirected unless scope= directs it (specialised checks should)",
        silent=True,
    ),
    PresetRow("003", "ratios", "art. 13", "R2.1",
        "年度检查计划，应当包括被检查对象的范围、对执法检查人员的要求、抽查的比例和频次",
        _W,
        "the plan sets them, the rules give none: variant W of R2.1 (000 annex 1)",
        silent=True,
    ),
    PresetRow("003", "relief", "art. 13", "R2.5",
        "对于守信企业，在抽取时可予以……不抽查或降低抽查次数",
        None,
        "allowed (可), not required: none; pass relief=FlagStratum(flags={'trusted'}, ratio='0%')"
        " to leave trusted subjects out",
    ),
    PresetRow("003", "recusal", "art. 15", "R4.3",
        "回避可采取与其他执法检查人员交换被检查对象的方式，也可以采取不参与本次执法检查的方式。确"
        "定不参与本次执法检查的，再次由系统抽取替代执法检查人员",
        "replace",
        "either way is allowed: the system draws a replacement; 'swap' is the other",
    ),
    PresetRow("003", "caps.max_per_year", "art. 16", "R5.1",
        "原则上，在同一年度内对同一企业的抽查次数不超过2次",
        2,
    ),
    PresetRow("003", "caps.department_rule", "art. 16", "R5.2",
        "本部门业务机构在同一年度内已抽查1次的企业，其他业务机构实施抽查计划时，应当予以排除",
        True,  # noqa: FBT003  # a value, not a flag
    ),
    PresetRow("003", "caps.exempt_flags", "art. 16 ¶2", "R5.3",
        "对于进入“严重违法失信企业名单”等处于经营异常状态、因违法已受到行政处罚的企业，不受前款限"
        "制",
        _EXEMPT,
    ),
    PresetRow("003", "published", "art. 6", "R7.1",
        "检查清单、检查计划、抽取结果、实施过程、检查结果等检查工作全过程应当依法、公开",
        ("plan", "tasks", "results"),
    ),
    # --- 004: Baofeng County Health Commission --------------------------------------------
    PresetRow("004", "year", "title", "",
        "宝丰县卫生健康委员会\n2023年“双随机、一公开”监管工作",
        2023,
    ),
    PresetRow("004", "department", "title", "",
        "宝丰县卫生健康委员会\n2023年“双随机、一公开”监管工作",
        "宝丰县卫生健康委员会",
    ),
    PresetRow("004", "items", "§2(1)", "R1.2",
        "分类建立我委随机抽查事项清单",
        (("id", "inspection"), ("name", "随机抽查事项")),
        "the commission's list is made apart: one item on any subject type until items= gives it",
        silent=True,
    ),
    PresetRow("004", "ratios", "§2(4)", "R2.1",
        "根据监管工作实际确定抽查比例和抽查频次",
        _W,
        "no ratio is set: variant W of R2.1 (000 annex 1)",
        silent=True,
    ),
    PresetRow("004", "boost", "§2(6)", "R2.4",
        "对社会关注度高、投诉举报多、例人经营异常名录和严重违法失信企业名单或者有其他严重违法记录"
        "的监管对象，要适当提高抽查比例增加抽查频次",
        (("flags", ("high_risk", "abnormal", "blacklisted", "penalized")), ("ratio", "20%")),
        "flagged subjects drawn more: the ratio is not given, so the highest grade's (20%), the l"
        "east R2.4 allows; pass boost= to raise it",
        silent=True,
    ),
    PresetRow("004", "team.size", "§2(7)", "R4.2",
        "执法检查人员不得少于两人",
        2,
    ),
    PresetRow("004", "team.every_department", "§2(10)", "R4.6",
        "做到“检查对象一次性抽取、执法人员一次性选派、检查结果一次性公示",
        True,  # noqa: FBT003  # a value, not a flag
        "a joint plan sends one team with every department in it",
    ),
    PresetRow("004", "recusal", "§2(7)", "R4.3",
        "执法检查人员与被检查对象有利害关系的，应当依法回避",
        "replace",
        "how is not said: the next in draw order takes the place",
        silent=True,
    ),
    PresetRow("004", "caps.max_per_year", "§2(6)", "R5.4",
        "年度内被抽查过的对象，原则上不在抽查",
        1,
        "the strict variant: once a year",
    ),
    PresetRow("004", "caps.exempt_flags", "§2(6)", "R5.3",
        "例人经营异常名录和严重违法失信企业名单或者有其他严重违法记录的监管对象，要适当提高抽查比"
        "例增加抽查频次",
        _EXEMPT,
        "drawn more often, so the once-a-year cap cannot hold them: R5.3's exemptions",
        silent=True,
    ),
    PresetRow("004", "deadlines", "§2(4)", "R6.1",
        "每年年初编制年度随机抽查计划",
        None,
        "the plan at the start of the year names no day: no deadline for it",
        silent=True,
    ),
    PresetRow("004", "published", "§1(2)3", "R7.1",
        "切实做到随机抽查事项公开、程序公开、结果公开",
        ("plan", "tasks", "results"),
    ),
    PresetRow("004", "published", "§2(8)", "R7.1",
        "自检查结果产生之日起20个工作日内，将其归集到检查对象的名下并予以公示",
        ("plan", "tasks", "results"),
        "the results, filed under each subject",
    ),
)
# fmt: on
"""Every clause that sets a preset field, in document order; a field with no row takes
its :data:`PRESET_DEFAULTS` value. A preset's deadlines cite the deadline rows above."""

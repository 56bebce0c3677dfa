"""The word lists the factories of :mod:`randinspect.testing` draw from (private).

Plain tables, nothing computed: the cities and districts of the Henan
prefectures the source documents come from (平顶山 for 000, 001 and 004,
三门峡 for 002, 漯河 for 003), kinds of unit with their industry and name
endings, trade names, the nature and scale of a unit, inspectors' names,
posts and units. Changing a word here changes the data every seed gives.
"""

from __future__ import annotations

from typing import NamedTuple

CITIES: dict[str, tuple[str, ...]] = {
    "平顶山市": (
        "卫东区", "新华区", "湛河区", "石龙区", "舞钢市",
        "汝州市", "宝丰县", "叶县", "鲁山县", "郏县",
    ),
    "三门峡市": ("湖滨区", "陕州区", "义马市", "灵宝市", "渑池县", "卢氏县"),
    "漯河市": ("源汇区", "郾城区", "召陵区", "舞阳县", "临颍县"),
}  # fmt: skip
"""City to its county-level districts (市辖区, 县级市, 县), as a subject's ``region``."""


class Kind(NamedTuple):
    """A kind of unit: its ``type`` attribute, industry, name endings and check item."""

    type: str
    """The subject's ``type`` attribute (what a check item's ``subject_type`` names)."""
    industry: str
    """The subject's ``industry`` attribute."""
    endings: tuple[str, ...]
    """How such units' names end (养老院, 敬老院, ...)."""
    item: str
    """The name of the check item a plan lists for the kind."""
    basis: str
    """The check item's legal basis."""


KINDS: tuple[Kind, ...] = (
    Kind("养老机构", "养老服务", ("养老院", "敬老院", "颐养中心", "老年公寓"),
         "养老机构服务质量和安全检查", "《养老机构管理办法》"),
    Kind("酒店", "住宿业", ("酒店", "宾馆", "大酒店", "商务酒店"),
         "旅馆业治安和消防安全检查", "《旅馆业治安管理办法》"),
    Kind("餐饮", "餐饮业", ("饭店", "餐厅", "酒家", "食府"),
         "餐饮服务食品安全检查", "《中华人民共和国食品安全法》"),
    Kind("人防工程", "人民防空", ("地下停车场", "人防工程", "地下商场", "防空地下室"),
         "人防工程维护管理检查", "《中华人民共和国人民防空法》"),
    Kind("医疗机构", "卫生", ("诊所", "卫生院", "医院", "门诊部"),
         "医疗机构依法执业检查", "《医疗机构管理条例》"),
    Kind("商场", "零售业", ("商场", "超市", "购物中心", "百货"),
         "商场超市安全生产检查", "《中华人民共和国安全生产法》"),
    Kind("建筑工地", "建筑业", ("建筑工程有限公司", "建设有限公司", "建筑安装有限公司"),
         "建筑施工扬尘治理检查", "《城市市容和环境卫生管理条例》"),
    Kind("加油站", "能源零售", ("加油站", "加油加气站"),
         "成品油经营安全检查", "《危险化学品安全管理条例》"),
)  # fmt: skip
"""The kinds of unit a registry holds (one per ``type`` attribute)."""

TRADE_NAMES: tuple[str, ...] = (
    "福寿", "康乐", "安康", "颐和", "祥和", "金秋", "夕阳红", "仁爱",
    "鑫源", "宏达", "华美", "瑞丰", "天润", "恒信", "万和", "嘉禾",
    "永安", "长青", "锦华", "东方", "润泽", "兴隆", "百佳", "家和",
    "德馨", "福星", "泰和", "和谐", "惠民", "聚福", "新世纪", "中原",
    "鹰城", "盛世", "同心", "雅居", "明珠", "金鼎", "银河", "红星",
)  # fmt: skip
"""Trade names (字号) of units."""

NATURES: tuple[str, ...] = ("民营", "民营", "民营", "个体", "个体", "公办", "国有", "集体")
"""A unit's nature (repeats weight the draw: most units are private)."""

SCALES: tuple[str, ...] = ("小型", "小型", "小型", "微型", "微型", "中型", "中型", "大型")
"""A unit's scale (repeats weight the draw: most units are small)."""

SURNAMES: tuple[str, ...] = (
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
    "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
)  # fmt: skip
"""Common surnames."""

GIVEN_NAMES: tuple[str, ...] = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
    "勇", "艳", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
    "建华", "红梅", "志强", "晓东", "海燕", "丽娟", "国庆", "新民",
    "文博", "思远", "佳怡", "子涵", "浩然", "雨萱", "建军", "春华",
)  # fmt: skip
"""Given names."""

UNITS: tuple[str, ...] = ("执法大队", "综合股", "法规股", "业务股", "安全监管股")
"""Units (股室) of a department that inspectors belong to."""

POSTS: tuple[str, ...] = ("科员", "科员", "副主任科员", "主任科员", "执法队员")
"""Posts of inspectors who do not lead a team."""

LEADER_POSTS: tuple[str, ...] = ("股长", "副股长", "中队长")
"""Posts of inspectors who may lead a team (a section head, R4.5)."""

QUALIFICATIONS: tuple[str, ...] = ("消防安全", "食品安全", "建筑施工", "医疗卫生", "特种设备")
"""Expertise (业务专长) an inspector may hold and a check item may require (R3.2)."""

DEPARTMENT = "卫东区民政局"
"""The default department: that of document 000 (平卫民〔2024〕16号)."""

PARTNERS: tuple[str, ...] = ("卫东区消防救援大队", "卫东区市场监督管理局")
"""The partners of document 000's joint inspection (annex 2, R4.6)."""

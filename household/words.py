"""Chinese words for the household vocabulary: 老伴 -> spouse, 初中 -> junior_high, 城里 -> urban.

Used for NLU entity values (bot/nlu/normalizer.py), answers to questions (household.answers) and
pasted work-order texts (api/intake). The values are those of household.vocabulary.
"""

from __future__ import annotations

import re


def _lookup(text: str, table: dict[str, str]) -> str | None:
    """The value of the longest key found in ``text``."""
    if not isinstance(text, str) or not text:
        return None
    best: tuple[int, str] | None = None
    for key, value in table.items():
        if key in text and (best is None or len(key) > best[0]):
            best = (len(key), value)
    return best[1] if best else None


_AREA = {
    "城镇": "urban",
    "城里": "urban",
    "城市": "urban",
    "县城": "urban",
    "市区": "urban",
    "城区": "urban",
    "社区": "urban",
    "街道": "urban",
    "小区": "urban",
    "城镇户口": "urban",
    "非农": "urban",
    "农村": "rural",
    "乡下": "rural",
    "村里": "rural",
    "乡里": "rural",
    "山里": "rural",
    "农村户口": "rural",
    "农业户口": "rural",
    "村": "rural",
    "乡": "rural",
    "屯": "rural",
}

_RELATION = {
    "我": "self",
    "本人": "self",
    "自己": "self",
    "老伴": "spouse",
    "老伴儿": "spouse",
    "丈夫": "spouse",
    "妻子": "spouse",
    "老公": "spouse",
    "老婆": "spouse",
    "爱人": "spouse",
    "媳妇": "spouse",
    "男人": "spouse",
    "对象": "spouse",
    "前夫": "other",
    "前妻": "other",
    "儿媳": "other",
    "儿媳妇": "other",
    "女婿": "other",
    "儿子": "child",
    "女儿": "child",
    "闺女": "child",
    "娃": "child",
    "娃娃": "child",
    "孩子": "child",
    "小孩": "child",
    "儿女": "child",
    "子女": "child",
    "大儿子": "child",
    "小儿子": "child",
    "父亲": "parent",
    "母亲": "parent",
    "父母": "parent",
    "爸爸": "parent",
    "妈妈": "parent",
    "爸": "parent",
    "妈": "parent",
    "老父亲": "parent",
    "老母亲": "parent",
    "公公": "parent",
    "婆婆": "parent",
    "岳父": "parent",
    "岳母": "parent",
    "爷爷": "grandparent",
    "奶奶": "grandparent",
    "外公": "grandparent",
    "外婆": "grandparent",
    "姥姥": "grandparent",
    "姥爷": "grandparent",
    "孙子": "grandchild",
    "孙女": "grandchild",
    "外孙": "grandchild",
    "外孙女": "grandchild",
    "孙辈": "grandchild",
    "哥哥": "sibling",
    "姐姐": "sibling",
    "弟弟": "sibling",
    "妹妹": "sibling",
    "兄弟": "sibling",
    "姐妹": "sibling",
    "哥": "sibling",
    "姐": "sibling",
    "弟": "sibling",
    "妹": "sibling",
    "亲戚": "other",
    "邻居": "other",
    "侄子": "other",
    "侄女": "other",
    "外甥": "other",
}

_DISABILITY_TYPE = {
    "肢体": "physical",
    "腿脚": "physical",
    "截肢": "physical",
    "瘫痪": "physical",
    "偏瘫": "physical",
    "视力": "visual",
    "眼睛": "visual",
    "失明": "visual",
    "盲": "visual",
    "听力": "hearing",
    "耳聋": "hearing",
    "聋": "hearing",
    "言语": "speech",
    "语言": "speech",
    "哑": "speech",
    "聋哑": "multiple",
    "智力": "intellectual",
    "智障": "intellectual",
    "脑瘫": "multiple",
    "精神": "mental",
    "精神病": "mental",
    "精神分裂": "mental",
    "抑郁症": "mental",
    "多重": "multiple",
}

_SCHOOL_STAGE = {
    "幼儿园": "preschool",
    "学前": "preschool",
    "小学": "primary",
    "一年级": "primary",
    "二年级": "primary",
    "三年级": "primary",
    "四年级": "primary",
    "五年级": "primary",
    "六年级": "primary",
    "初一年级": "junior_high",
    "初二年级": "junior_high",
    "初三年级": "junior_high",
    "高一年级": "senior_high",
    "高二年级": "senior_high",
    "高三年级": "senior_high",
    "初中": "junior_high",
    "初一": "junior_high",
    "初二": "junior_high",
    "初三": "junior_high",
    "中考": "junior_high",
    "高中": "senior_high",
    "高一": "senior_high",
    "高二": "senior_high",
    "高三": "senior_high",
    "中职": "vocational",
    "职高": "vocational",
    "技校": "vocational",
    "中专": "vocational",
    "职校": "vocational",
    "职业学校": "vocational",
    "大学": "college",
    "大专": "college",
    "本科": "college",
    "高职": "college",
    "专科": "college",
    "大一": "college",
    "大二": "college",
    "大三": "college",
    "大四": "college",
    "研究生": "postgraduate",
    "硕士": "postgraduate",
    "博士": "postgraduate",
    "读研": "postgraduate",
}

_EVENT_TYPE = {
    "火灾": "fire",
    "着火": "fire",
    "失火": "fire",
    "起火": "fire",
    "烧了": "fire",
    "烧光": "fire",
    "车祸": "traffic_accident",
    "交通事故": "traffic_accident",
    "撞了": "traffic_accident",
    "被车撞": "traffic_accident",
    "突发重病": "sudden_major_illness",
    "重病": "sudden_major_illness",
    "脑溢血": "sudden_major_illness",
    "脑出血": "sudden_major_illness",
    "脑梗": "sudden_major_illness",
    "心梗": "sudden_major_illness",
    "中风": "sudden_major_illness",
    "癌症": "sudden_major_illness",
    "白血病": "sudden_major_illness",
    "急病": "sudden_major_illness",
    "洪水": "natural_disaster",
    "冰雹": "natural_disaster",
    "地震": "natural_disaster",
    "暴雨": "natural_disaster",
    "泥石流": "natural_disaster",
    "山体滑坡": "natural_disaster",
    "干旱": "natural_disaster",
    "雪灾": "natural_disaster",
    "水灾": "natural_disaster",
    "受灾": "natural_disaster",
    "疫情": "public_emergency",
    "失业": "job_loss",
    "下岗": "job_loss",
    "被裁": "job_loss",
    "裁员": "job_loss",
    "丢了工作": "job_loss",
    "厂子倒闭": "job_loss",
    "去世": "death_in_family",
    "过世": "death_in_family",
    "病故": "death_in_family",
    "死了": "death_in_family",
    "走了": "death_in_family",
    "离世": "death_in_family",
    "意外身亡": "death_in_family",
}


def normalise_area(text: str) -> str | None:
    """城镇/城里/城市 → "urban", 农村/乡下/村里 → "rural"."""
    return _lookup(text, _AREA)


def normalise_relation(text: str) -> str | None:
    """老伴/丈夫/妻子 → "spouse", 儿子/女儿/娃 → "child", 父亲 → "parent" ..."""
    return _lookup(text, _RELATION)


def normalise_disability_type(text: str) -> str | None:
    """肢体 → "physical", 视力 → "visual", 精神 → "mental" ..."""
    return _lookup(text, _DISABILITY_TYPE)


def normalise_school_stage(text: str) -> str | None:
    """小学 → "primary", 初中 → "junior_high", 大学 → "college" ..."""
    return _lookup(text, _SCHOOL_STAGE)


def normalise_event_type(text: str) -> str | None:
    """火灾 → "fire", 车祸 → "traffic_accident", 脑溢血 → "sudden_major_illness" ..."""
    return _lookup(text, _EVENT_TYPE)


# Values read from the words of an answer or a message, first match wins.
KEYWORD_ENUMS: dict[str, list[tuple[str, str]]] = {
    "housing": [
        ("damaged_by_disaster", r"倒塌|塌了|冲毁|震坏|受灾|烧毁|烧没"),
        ("dangerous", r"危房|漏雨|裂缝|快塌"),
        ("renting", r"租"),
        ("none", r"没有?房|无房|没地方住|借住|寄住"),
        ("adequate", r"自己的房|自己家|自家|有房|自有|住得下|还行|可以住|老房子|平房|楼房"),
    ],
    "residency": [
        ("non_local", r"外地|外省|不是本地|打工的|临时"),
        ("residence_permit", r"居住证"),
        ("local_hukou", r"本地|户口在这|本县|本市|户籍在"),
    ],
    "employment": [
        ("retired", r"退休"),
        ("student", r"上学|学生|读书"),
        ("flexible", r"打零工|零工|灵活|打短工|摆摊|跑外卖|临时工"),
        ("unemployed", r"失业|没工作|没有工作|无业|找不到工作|下岗"),
        ("employed", r"上班|有工作|在厂|打工|工作"),
        ("none", r"在家|照顾|带孩子|不工作"),
    ],
    "self_care": [
        ("total_loss", r"完全不能|全靠人|瘫痪|卧床|不能自理"),
        ("partial_loss", r"部分|有时|需要人帮|半自理"),
        ("full", r"能自理|可以自理|自己能|没问题"),
    ],
    "parents": [
        ("both_missing", r"都不在|双亡|都去世|都没了|都走了|无人抚养|没人管|都失踪|都在服刑"),
        ("one_missing", r"一个|单亲|离婚|去世了一个|只有(爸|妈|父亲|母亲)"),
        ("both_present", r"都在|都健在|父母双全"),
    ],
    "sex": [("female", r"女"), ("male", r"男")],
}


def keyword_value(field: str, text: str) -> str | None:
    """The value of an enum field that the words of ``text`` name, or None."""
    for value, pattern in KEYWORD_ENUMS.get(field, []):
        if re.search(pattern, text):
            return value
    return None

"""Every enumerated value of household.schema.json (contracts/) with its Chinese label.

Defined once here and imported everywhere: the rules' validation (policies/), the assistant's
answers and summaries (bot/), the ticket service's pages (api/). A test checks these against
the contract's schema.
"""

from __future__ import annotations

from typing import Any

AREA_ZH: dict[str, str] = {"urban": "城镇", "rural": "农村"}
RESIDENCY_ZH: dict[str, str] = {
    "local_hukou": "本地户籍",
    "residence_permit": "持居住证",
    "non_local": "外地来的",
}
RELATION_ZH: dict[str, str] = {
    "self": "本人",
    "spouse": "配偶",
    "child": "孩子",
    "parent": "父母",
    "grandparent": "祖父母",
    "grandchild": "孙辈",
    "sibling": "兄弟姐妹",
    "other": "其他家人",
}
SEX_ZH: dict[str, str] = {"male": "男", "female": "女"}
# A member named by relation and sex where the sex is known: 父亲 rather than 父母.
KIN_ZH: dict[tuple[str, str], str] = {
    ("spouse", "male"): "丈夫",
    ("spouse", "female"): "妻子",
    ("child", "male"): "儿子",
    ("child", "female"): "女儿",
    ("parent", "male"): "父亲",
    ("parent", "female"): "母亲",
    ("grandparent", "male"): "爷爷（外公）",
    ("grandparent", "female"): "奶奶（外婆）",
    ("grandchild", "male"): "孙子",
    ("grandchild", "female"): "孙女",
    ("sibling", "male"): "兄弟",
    ("sibling", "female"): "姐妹",
}
DISABILITY_TYPE_ZH: dict[str, str] = {
    "physical": "肢体",
    "visual": "视力",
    "hearing": "听力",
    "speech": "言语",
    "intellectual": "智力",
    "mental": "精神",
    "multiple": "多重",
}
EMPLOYMENT_ZH: dict[str, str] = {
    "employed": "在上班",
    "flexible": "打零工",
    "unemployed": "失业",
    "retired": "退休",
    "student": "在上学",
    "none": "没有工作",
}
SCHOOL_STAGE_ZH: dict[str, str] = {
    "preschool": "上幼儿园",
    "primary": "上小学",
    "junior_high": "上初中",
    "senior_high": "上高中",
    "vocational": "上职校",
    "college": "上大学",
    "postgraduate": "读研究生",
}
SELF_CARE_ZH: dict[str, str] = {
    "full": "生活能自理",
    "partial_loss": "部分不能自理",
    "total_loss": "完全不能自理",
}
PARENTS_ZH: dict[str, str] = {
    "both_present": "父母都在身边",
    "one_missing": "父母一方不在",
    "both_missing": "父母都不在或无法抚养",
}
HOUSING_ZH: dict[str, str] = {
    "adequate": "有房住",
    "none": "没有住房",
    "renting": "租房住",
    "dangerous": "住危房",
    "damaged_by_disaster": "房屋因灾损毁",
}
EVENT_TYPE_ZH: dict[str, str] = {
    "fire": "火灾",
    "traffic_accident": "车祸",
    "sudden_major_illness": "突发重病",
    "natural_disaster": "自然灾害",
    "public_emergency": "突发公共事件",
    "job_loss": "失业",
    "death_in_family": "家人去世",
    "other": "突发困难",
}
EXPENSE_ZH: dict[str, str] = {
    "medical_out_of_pocket": "看病自付",
    "education": "上学费用",
    "disability_and_care": "残疾康复护理",
}

AREAS = tuple(AREA_ZH)
RESIDENCIES = tuple(RESIDENCY_ZH)
RELATIONS = tuple(RELATION_ZH)
SEXES = tuple(SEX_ZH)
DISABILITY_TYPES = tuple(DISABILITY_TYPE_ZH)
EMPLOYMENTS = tuple(EMPLOYMENT_ZH)
SCHOOL_STAGES = tuple(SCHOOL_STAGE_ZH)
SELF_CARE = tuple(SELF_CARE_ZH)
PARENTS = tuple(PARENTS_ZH)
HOUSING = tuple(HOUSING_ZH)
EVENT_TYPES = tuple(EVENT_TYPE_ZH)
EXPENSE_FIELDS = tuple(EXPENSE_ZH)

# Member fields by kind.
MEMBER_ENUMS: dict[str, tuple[str, ...]] = {
    "relation": RELATIONS,
    "sex": SEXES,
    "employment": EMPLOYMENTS,
    "school_stage": SCHOOL_STAGES,
    "self_care": SELF_CARE,
    "parents": PARENTS,
}
MEMBER_BOOLS = ("serious_illness", "able_to_work", "pregnant_or_nursing", "has_capable_supporter")
MEMBER_MONEY = ("monthly_income", "excluded_income")
# Household fields by kind.
HOUSEHOLD_ENUMS: dict[str, tuple[str, ...]] = {
    "area": AREAS,
    "residency": RESIDENCIES,
    "housing": HOUSING,
}
HOUSEHOLD_BOOLS = ("assets_within_local_limits", "homeless", "union_worker_hardship")
HOUSEHOLD_MONEY = ("household_monthly_income", "last_year_total_income")

# By the last component of a field path: which kind of answer a question takes.
MONEY_FIELDS = frozenset({*MEMBER_MONEY, *HOUSEHOLD_MONEY, *EXPENSE_FIELDS, "loss"})
BOOL_FIELDS = frozenset({*MEMBER_BOOLS, *HOUSEHOLD_BOOLS})

CN_GRADE = {1: "一", 2: "二", 3: "三", 4: "四"}


def label(table: dict[str, str], value: object, default: str = "") -> str:
    """The Chinese label of a value, or ``default`` for an unknown one."""
    return table.get(str(value), default) if value is not None else default


def relation_zh(member: dict[str, Any], default: str = "家人") -> str:
    """How a member is named: 父亲 / 母亲 where the sex is known, else the relation (父母)."""
    relation = str(member.get("relation") or "")
    return KIN_ZH.get((relation, str(member.get("sex") or ""))) or RELATION_ZH.get(
        relation, default
    )

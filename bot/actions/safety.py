"""Life-safety signals in a citizen's text: suicide, no food, exposure, untreated emergency, violence."""

from __future__ import annotations

import re

LIFE_SAFETY_PATTERNS: dict[str, re.Pattern[str]] = {
    "suicide": re.compile(
        r"轻生|不想活|活不下去|活不成了|自杀|寻死|想死|去死|一死了之|跳楼|跳河|喝农药|喝药死|了结自己|结束生命"
    ),
    "no_food": re.compile(
        r"断炊|没饭吃|没有饭吃|吃不上饭|吃不起饭|揭不开锅|断粮|几天没吃|[一两三四五六七八九十几\d]+天没吃|饿肚子|饿了[一两三四五六七八九十几\d]+天"
    ),
    "exposure": re.compile(
        r"露宿|冻饿|挨冻受饿|睡大街|睡在?街上|睡桥洞|流落街头|冻死|饿死|无家可归"
    ),
    "medical_emergency": re.compile(
        r"(急病|病危|抢救|急救|昏迷|快不行了|病重).{0,15}(没钱|无钱|拿不出|交不起|付不起)"
        r"|(没钱|无钱|拿不出钱|交不起).{0,8}(抢救|急救|手术|救命)|急病无钱|无钱医治"
    ),
    "domestic_violence": re.compile(
        r"家暴|家庭暴力|(老公|丈夫|男人|媳妇|妻子|老婆|儿子|父亲|爸爸|继父|公公|婆婆).{0,4}(打我|打她|打他|殴打|打伤|往死里打)"
        r"|被打(伤|得|出血|骨折)"
    ),
}

SIGNAL_NAMES_ZH = {
    "suicide": "轻生念头",
    "no_food": "断炊",
    "exposure": "露宿冻饿",
    "medical_emergency": "急病无钱医治",
    "domestic_violence": "家庭暴力",
}


def detect_life_safety(text: str | None) -> list[str]:
    """Names of the life-safety signals found in the text, in a fixed order."""
    if not text:
        return []
    return [name for name, pattern in LIFE_SAFETY_PATTERNS.items() if pattern.search(text)]


def caring_message(signals: list[str]) -> str:
    """A short, warm answer with the 24-hour numbers, tailored to the first signal."""
    first = signals[0] if signals else ""
    opening = {
        "suicide": "听到您这么难受，我很担心您。您不是一个人，我们会帮您。",
        "no_food": "家里断了吃的，这是最急的事，我们马上帮您想办法。",
        "exposure": "在外面挨冻很危险，请先到有人的地方取暖，我们马上帮您联系救助。",
        "medical_emergency": "救命要紧，请先送医，费用的事我们帮您一起想办法。",
        "domestic_violence": "您的安全最重要，受到伤害不是您的错。",
    }.get(first, "您的安全最重要，我们马上帮您。")
    return (
        f"{opening}\n"
        "如果现在有危险，请立即拨打 110；需要急救请拨打 120；"
        "12345 热线 24 小时有人接听。"
    )

"""Life-safety signals and urgency in a citizen's text: one list for the chat and the console.

Life-safety signals (suicide, no food, exposure, untreated emergency, domestic or other violence,
someone trapped or in the water) make the assistant
answer with the emergency numbers and file an urgent order at once; the same words, plus a few
explicit urgency phrases, make a pasted or imported 12345 text urgent in the operator console.
"""

from __future__ import annotations

import re

LIFE_SAFETY_PATTERNS: dict[str, re.Pattern[str]] = {
    "suicide": re.compile(
        r"轻生|不想活|活不下去|活不成了|自杀|寻死|想死|去死|一死了之|跳楼|跳河|喝农药|喝药死|了结自己|结束生命"
        # what was taken: 「刚喝了半瓶农药」「吃了一瓶安眠药」
        r"|(喝|服|吞)了?.{0,6}(农药|敌敌畏|百草枯|老鼠药|鼠药|毒药)"
        r"|(吃|吞|服)了?(一|半|整|大半|好几|几十)(瓶|把|包|盒|板).{0,3}(安眠药|药)"
        # 烧炭 is also a winter's heating (「冬天烧炭也得花钱」 in 陕北): not with money or warmth
        r"|割腕|上吊|(?<!冬天)(?<!冬里)(?<!买)烧炭(?![取也要花的钱费做烧])|服毒|投河|卧轨|一了百了|不如死了|死了算了|活够了|一时想不开"
        r"|活着(也)?(没|没有)(啥|什么|多大)?意思"
        # arranging things for after one's own death: 「我要是没了 我女儿的低保找谁办」
        r"|(我|俺)要是(没了|不在了|走了|死了)|等(我|俺)(没了|不在了|死了)|(我|俺)(死|没)了以后|(我|俺)走了以后"
        r"|(药|农药|安眠药)(我|俺)?(已经|都)(吃|喝|吞)(下去)?了"
        # a high or dangerous place with despair, in either order
        r"|(楼顶|天台|顶楼|河边|江边|桥上|大桥|水库|铁轨).{0,40}(撑不下去|受不了|不想活|活不下去|跳下去)"
        r"|(撑不下去|受不了|不想活|活不下去).{0,40}(楼顶|天台|顶楼|河边|江边|桥上|大桥|水库|铁轨)"
    ),
    "no_food": re.compile(
        r"断炊|没饭吃|没有饭吃|吃不上饭|吃不起饭|揭不开锅|断粮|几天没吃|[一两三四五六七八九十几\d]+天没吃|饿肚子|饿了[一两三四五六七八九十几\d]+天"
    ),
    "exposure": re.compile(
        r"露宿|冻饿|挨冻受饿|睡大街|睡在?街上|睡桥洞|流落街头|冻死|饿死|无家可归"
    ),
    "medical_emergency": re.compile(
        # happening now: gas from a stove, someone who cannot be woken or does not breathe
        r"(煤气|煤烟|一氧化碳)中毒了|(煤气|煤烟|一氧化碳|炉子|蜂窝煤|炭火).{0,20}(熏倒|熏晕|叫不醒|昏过去|晕倒|头晕)"
        r"|(中毒|晕|吐).{0,12}(叫不醒|喊不醒|昏过去了|没反应|不省人事)"
        r"|叫不醒|喊不醒|不省人事|没有呼吸了|没了呼吸|没气了|昏迷不醒"
        r"|(急病|病危|抢救|急救|昏迷|快不行了|病重).{0,15}(没钱|无钱|拿不出|交不起|付不起)"
        r"|(没钱|无钱|拿不出钱|交不起).{0,8}(抢救|急救|手术|救命)|急病无钱|无钱医治"
    ),
    "domestic_violence": re.compile(
        r"家暴|家庭暴力|(老公|丈夫|男人|媳妇|妻子|老婆|儿子|父亲|爸爸|继父|公公|婆婆).{0,4}(打我|打她|打他|殴打|打伤|往死里打)"
        r"|被打(伤|得|出血|骨折)"
    ),
    # someone threatens the caller now: 「他拿着菜刀要砍我」「把自己锁在厕所里」
    "violence": re.compile(
        r"(拿|提|举|抄|握)着?(菜刀|刀子|刀|斧头|斧子|棍子|棒子|砖头|铁锹).{0,8}(砍|杀|捅|打|追|威胁)"
        r"|要(砍|杀|捅|掐)(死)?(我|我们|孩子)|(砍|杀|捅|掐|打)死我|掐(住)?我(的)?脖子"
        r"|把(自己|我们|我和孩子)锁在|躲在.{0,6}(厕所|卫生间|屋里|房间).{0,10}(不敢出来|他在外面)"
    ),
    # someone (a child above all) in danger right now — locked in a car, in the water, in a fire —
    # told as happening now (a cry for help, 咋办, crying, can't get out); a complaint about the
    # lift that trapped someone last week is no emergency
    "trapped": re.compile(
        r"(?s)^(?=.*(?:"
        r"(?:娃|孩子|小孩|宝宝|孩|儿子|女儿|闺女|孙子|孙女|老人|人|我|他|她)(?:被|给)?"
        r"(?:锁|关|困)在(?:车|车子|汽车|屋|房|电梯|柜)[里子内]"
        r"|(?:车|车子|电梯)里.{0,6}(?:出不来|打不开|锁住了?)"
        r"|掉(?:进|到|在)了?(?:河|井|水|冰窟窿|水库|池塘|渠)里?|落水了|溺水(?!.{0,4}(?:走了|去世|死|身亡|没了))|触电了"
        r"|(?:着火|失火|起火).{0,12}(?:在里面|没出来|出不来|困住)"
        r"))(?=.*(?:救命|快来|快点|咋办|怎么办|在哭|哭呢|哭着|打不开|出不来|没出来|还在里面"
        r"|现在|正在|赶紧|急死|来人|救救))"
        r"|(?:^|[，,。！!？?\s])救命(?:啊|呀|哇|哪)?(?:$|[，,。！!？?\s])"
    ),
}

SIGNAL_NAMES_ZH = {
    "suicide": "轻生念头",
    "no_food": "断炊",
    "exposure": "露宿冻饿",
    "medical_emergency": "急病无钱医治",
    "domestic_violence": "家庭暴力",
    "violence": "人身安全受到威胁",
    "trapped": "有人被困遇险",
}


# Livestock or crops that froze or starved (「冻死了二十多头牦牛」「羊都冻死了」) are a loss, not a
# person in danger: these phrases are read past before the signals are looked for.
_ANIMAL = r"(牦牛|牛|羊|猪|鸡|鸭|鹅|马|驴|骡|兔|蜂|鱼|牲口|牲畜|家畜|庄稼|苗|果树|菜)"
_NOT_A_PERSON = re.compile(
    _ANIMAL + r"(都|全|也)?(给|被)?(冻死|饿死)"
    r"|(冻死|饿死)(了|掉)?[好\d一二两三四五六七八九十几百千多来余]*(头|只|匹|口|箱|亩|棵)?"
    + _ANIMAL
    + r"|(冻死|饿死)(了|掉)?[好\d一二两三四五六七八九十几百千多来余]+(头|只|匹|箱|亩|棵)"
)


def detect_life_safety(text: str | None) -> list[str]:
    """Names of the life-safety signals found in the text, in a fixed order."""
    if not text:
        return []
    text = _NOT_A_PERSON.sub("，", text)
    return [name for name, pattern in LIFE_SAFETY_PATTERNS.items() if pattern.search(text)]


# Explicit urgency without a life-safety signal: the need cannot wait for the normal time limit.
URGENT_PHRASES = re.compile(
    r"救命|十万火急|万分紧急|情况紧急|非常紧急|急需救助|急需帮助|等不了|撑不下去|撑不住了|"
    r"马上就要|今天就要|没地方住了|被赶出来|天气寒冷.{0,10}(流浪|在外)|(流浪|在外).{0,10}(寒冷|冻)"
)


def is_urgent(text: str | None) -> bool:
    """Whether a text needs the urgent time limit: a life-safety signal or an explicit urgency."""
    if not text:
        return False
    return bool(detect_life_safety(text)) or bool(URGENT_PHRASES.search(text))


def urgency_of(text: str | None) -> str:
    """'urgent' or 'normal', as the ticket API's ``urgency`` field."""
    return "urgent" if is_urgent(text) else "normal"

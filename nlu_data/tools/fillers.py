"""Annotated phrases that the NLU training templates draw from (slot -> phrases).

Each phrase is Rasa markup: ``[三口人](household_size)``. Written for this project; the
numbers appear as 3/三/叁, money as 2000元/两千块/2千/1.2万, ages as 七十多岁.
"""

from __future__ import annotations

import random

SIZE = [
    "4个人",
    "五个人",
    "3个人",
    "六个人",
    "两个人",
    "一家五口人",
    "一家三口人",
    "全家4口人",
    "三口人",
    "3口人",
    "四口人",
    "4口人",
    "五口人",
    "两口人",
    "2口人",
    "六口人",
    "叁口人",
    "一家三口",
    "一家四口",
    "一家五口",
    "5口人",
    "七口人",
    "三口",
    "四口",
    "6口人",
    "一家六口",
    "两个人",
    "三个人",
    "5口人",
]
INCOME = [
    "2000多",
    "1500左右",
    "3000多",
    "800",
    "1000出头",
    "两千多块钱",
    "一千来块",
    "两千块",
    "2000元",
    "一千出头",
    "六百多块",
    "1500块钱",
    "两千五",
    "八百元",
    "三千左右",
    "1200元",
    "一千块",
    "九百来块",
    "两千来块",
    "600元",
    "一千五",
    "2千",
    "3000元",
    "七八百",
    "五百块",
    "1800元",
    "一千二",
    "四百多块",
    "两千多",
    "1千",
    "二千元",
    "叁仟元",
    "一千多块",
    "1000元左右",
    "800块",
    "两百块",
    "三百多",
    "2500元",
    "一千三",
    "三千来块",
    "八九百块",
    "两千出头",
    "六七百",
    "1500元左右",
    "两千元左右",
    "两千来块钱",
    "九百多块",
    "1200块",
    "1300多元",
    "四五百块",
    "一千四五",
    "两千三",
    "三千二百元",
    "2300元",
    "950元",
    "780元",
    "1千5",
    "一千来块钱",
    "五六百块",
    "3500",
    "1100元",
]
AMOUNT = [
    "3万余元",
    "近万元",
    "上万元",
    "好几万",
    "几千块",
    "四五万",
    "一万多块钱",
    "两三千",
    "300元",
    "100多元",
    "2万多元",
    "5万块",
    "十几万元",
    "二十万元",
    "七千元",
    "3万元",
    "5000元",
    "两万元",
    "十万",
    "1万元",
    "50000元",
    "3.5万元",
    "两千元",
    "八千多元",
    "十多万元",
    "十几万",
    "3万多",
    "五千",
    "两万多",
    "8000元",
    "1.2万",
    "六万块",
    "二十多万",
    "4万元",
    "三千多块",
    "一万二",
    "5000块钱",
    "七八万",
    "1万多",
    "四千五",
    "12万",
    "两万块",
    "九千多",
    "30多万",
    "六千元",
    "1.5万",
    "八万多",
    "一万",
    "3000块",
    "八九千",
    "一万来块",
    "两万出头",
    "五六万",
    "十来万",
    "七万余元",
    "2.5万元",
    "三十万",
    "几万块",
    "4000多元",
    "一万五千元",
    "三四千块",
    "十五万",
    "20万",
    "一千多元",
    "600多块",
    "2万",
    "九万多元",
    "一万出头",
    "4.8万元",
    "十二万元",
    "两千四百元",
]
MONTHLY_COST = [
    "八百多",
    "1200元",
    "两千多块",
    "500块",
    "一千多",
    "六百元",
    "1500",
    "三百多块",
    "900元",
    "两千",
    "一千五百元",
    "七百块钱",
    "六百来块",
    "1000元",
    "四五百",
    "八百块",
]
AGE = [
    "七旬",
    "年近八旬",
    "六十出头",
    "70周岁",
    "八十来岁",
    "年过七旬",
    "六十七八岁",
    "七十多岁",
    "78岁",
    "六十五岁",
    "八十岁",
    "82岁",
    "七十三岁",
    "六十多岁",
    "八十多岁",
    "69岁",
    "五十八岁",
    "75岁",
    "九十岁",
    "六十岁",
    "71岁",
    "八十五岁",
    "58岁",
]
ADULT_AGE = ["四十多岁", "45岁", "五十岁", "38岁", "三十五岁", "52岁", "四十二岁", "五十多岁"]
CHILD_AGE = ["9岁", "十二岁", "六岁", "14岁", "十岁", "7岁", "十五岁", "三岁", "十一岁", "16岁"]
GRADE = ["二级", "一级", "三级", "四级", "贰级", "2级", "1级", "3级", "壹级", "叁级"]
DTYPE = ["肢体", "视力", "听力", "言语", "智力", "精神", "多重"]
SPOUSE = [
    "老伴",
    "丈夫",
    "妻子",
    "老公",
    "媳妇",
    "爱人",
    "男人",
    "老婆",
    "老伴儿",
    "老头子",
    "老婆子",
    "婆姨",
    "老汉",
]
CHILD = [
    "儿子",
    "女儿",
    "娃娃",
    "孩子",
    "闺女",
    "小儿子",
    "大儿子",
    "小孩",
    "大女儿",
    "小女儿",
    "二儿子",
    "娃",
]
ELDER = [
    "老母",
    "老父",
    "老爸",
    "老妈",
    "妈",
    "爸",
    "母亲",
    "父亲",
    "老母亲",
    "老父亲",
    "婆婆",
    "公公",
    "爷爷",
    "奶奶",
    "爸爸",
    "妈妈",
    "岳父",
    "岳母",
    "外婆",
    "外公",
    "老娘",
    "老爹",
]
GRANDCHILD = ["孙子", "孙女", "外孙", "外孙女"]
SIBLING = ["哥哥", "弟弟", "姐姐", "妹妹", "兄弟"]
OTHER_RELATIVE = ["儿媳", "女婿", "侄子", "侄女", "叔叔", "外甥", "儿媳妇"]
# Every relation word that is annotated wherever it appears in a training text.
RELATION_WORDS = sorted(
    set(SPOUSE + CHILD + ELDER + GRANDCHILD + SIBLING + OTHER_RELATIVE) - {"小孩"}
)
ILLNESS = [
    "中风",
    "偏瘫",
    "精神病",
    "肾病",
    "白内障",
    "癫痫",
    "帕金森",
    "老年痴呆",
    "肺结核",
    "宫颈癌",
    "直肠癌",
    "肺心病",
    "风湿病",
    "先天性心脏病",
    "抑郁症",
    "乙肝",
    "尿毒症",
    "白血病",
    "癌症",
    "肺癌",
    "脑梗",
    "糖尿病",
    "心脏病",
    "乳腺癌",
    "胃癌",
    "肝硬化",
    "精神分裂症",
    "股骨头坏死",
    "肾衰竭",
    "脑瘫",
    "类风湿",
    "高血压",
    "食道癌",
    "淋巴瘤",
    "肝癌",
    "冠心病",
    "脑出血",
    "红斑狼疮",
    "重症肌无力",
    "慢阻肺",
    "脑溢血",
    "脑血栓",
    "肺气肿",
    "小儿麻痹",
]
SCHOOL = [
    "三年级",
    "六年级",
    "五年级",
    "一年级",
    "初二",
    "高一",
    "初三",
    "高三",
    "大学",
    "高中",
    "初中",
    "小学",
    "职高",
    "大专",
    "技校",
    "研究生",
    "幼儿园",
    "中职",
    "本科",
]
AREA = ["农村", "城镇", "城里", "乡下", "村里", "城市"]
# Annotated as area (the convention: 城镇 / 农村 / 城市); 城里, 乡下 stay plain words.
AREA_ANNOTATED = ["农村", "城镇", "城市"]
EVENT_SUDDEN = [
    "火灾",
    "车祸",
    "着火",
    "失火",
    "起火",
    "突发重病",
    "突发急病",
    "交通事故",
    "大火",
    "意外事故",
    "工伤",
    "摔伤",
    "溺水",
    "煤气中毒",
]
EVENT_DISASTER = [
    "洪水",
    "冰雹",
    "地震",
    "暴雨",
    "泥石流",
    "山体滑坡",
    "雪灾",
    "干旱",
    "大风",
    "水灾",
    "强降雨",
    "大雪",
]
EVENT_JOB = ["失业", "下岗", "裁员", "厂子倒闭"]
EVENT_DEATH = ["去世", "病故", "过世", "病逝", "离世", "意外身亡"]
EVENT_WORDS = sorted(
    set(EVENT_SUDDEN + EVENT_DISASTER + EVENT_JOB + EVENT_DEATH) - {"大风", "工伤", "摔伤"}
)
PLACE = [
    "会宁县",
    "会宁",
    "白银市",
    "凉州区",
    "武威市",
    "绩溪县",
    "宣城市",
    "兰州市",
    "临洮县",
    "渭源县",
    "靖远县",
    "古浪县",
    "民勤县",
    "天祝县",
    "景泰县",
    "平川区",
    "白银区",
    "宣州区",
    "宁国市",
    "泾县",
    "旌德县",
    "郎溪县",
    "西安市",
    "宝鸡市",
    "渭南市",
    "榆林市",
    "汉中市",
    "商洛市",
    "安康市",
    "延安市",
    "咸阳市",
    "定西市",
    "天水市",
    "麦积区",
    "秦州区",
    "庆阳市",
    "陇西县",
    "通渭县",
    "岷县",
    "会宁县郭城驿镇",
    "会宁县河畔镇",
    "凉州区黄羊镇",
    "绩溪县华阳镇",
    "会宁县会师镇",
    "古浪县土门镇",
    "靖远县北湾镇",
    "合肥市",
    "芜湖市",
    "阜阳市",
    "临泉县",
    "六安市",
    "金寨县",
    "亳州市",
    "宿州市",
    "甘肃",
    "安徽",
    "陕西",
    "甘肃省",
    "安徽省",
    "陕西省",
    "武威",
    "白银",
    "宣城",
    "绩溪",
    "临夏",
    "陇南市",
    "会宁县太平店镇",
    "凉州区清源镇",
    "民勤县薛百镇",
    "绩溪县临溪镇",
    "渭源县会川镇",
]
VILLAGE = [
    "柳树湾村",
    "王家庄村",
    "杨家沟村",
    "马莲滩村",
    "红岘村",
    "李家河村",
    "张家堡村",
    "前进村",
    "新庄村",
    "大湾村",
    "下寨村",
    "石峡村",
    "东风村",
    "团结村",
    "沙河村",
    "郭家岔村",
]
TOWN = [
    "建设路社区",
    "东岗街道",
    "北关街道",
    "和平路社区",
    "郭城驿镇",
    "河畔镇",
    "会师镇",
    "黄羊镇",
    "华阳镇",
    "土门镇",
    "北湾镇",
    "太平店镇",
    "清源镇",
    "薛百镇",
    "临溪镇",
    "会川镇",
    "柳泉乡",
    "新添堡乡",
    "丁家沟镇",
    "甘沟驿镇",
    "头寨子镇",
    "翟所乡",
    "丰乐镇",
    "武南镇",
    "双城镇",
    "上庄镇",
    "长城镇",
    "西凉街道",
    "东关街道",
    "宁远社区",
    "南关社区",
    "东城社区",
    "人民路社区",
    "和平社区",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = [
    "建国",
    "秀英",
    "桂兰",
    "玉珍",
    "志强",
    "海燕",
    "小红",
    "永福",
    "德明",
    "淑芬",
    "国庆",
    "红梅",
    "春花",
    "文华",
    "金凤",
    "有才",
    "三娃",
    "二牛",
    "丽娟",
    "明亮",
    "振华",
    "兰英",
    "翠花",
    "长生",
    "福贵",
]


VILLAGE_HEADS = "红柳杨沙石黄新前后上下东西南北大小马高李王张刘赵陈郭何罗吴"
VILLAGE_TAILS = "庄沟湾坪岔河堡川塬岘洼滩营寨台山峡口屯店"
TOWN_TAILS = "集河城铺店堡坝川源关"


def made_up_village(rng: random.Random) -> str:
    """A village name not in any list (王家沟村, 红柳滩村), as unseen names are in real texts."""
    middle = rng.choice(["家", "", rng.choice(VILLAGE_HEADS)])
    return rng.choice(VILLAGE_HEADS) + middle + rng.choice(VILLAGE_TAILS) + "村"


def made_up_town(rng: random.Random) -> str:
    return rng.choice(SURNAMES[:40]) + rng.choice(TOWN_TAILS) + rng.choice(["镇", "乡", "镇"])


def village(rng: random.Random) -> str:
    return rng.choice(VILLAGE) if rng.random() < 0.4 else made_up_village(rng)


def town(rng: random.Random) -> str:
    return rng.choice(TOWN) if rng.random() < 0.6 else made_up_town(rng)


def chinese_number(number: int) -> str:
    """21 → 二十一 (the way ages are written out)."""
    import cn2an

    return cn2an.an2cn(number)


def made_up_age(rng: random.Random, low: int, high: int, unit: bool = True) -> str:
    """An age in any of the written forms: 78岁, 七十八岁, 七十八, 七十多岁."""
    number = rng.randint(low, high)
    words = chinese_number(number) if rng.random() < 0.7 else str(number)
    if not unit:
        return chinese_number(number)
    if rng.random() < 0.15 and number >= 20:
        return chinese_number(number // 10 * 10) + "多岁"
    return words + "岁"


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def phone(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def masked_like_phone(rng: random.Random) -> str:
    return phone(rng)


def id_number(rng: random.Random) -> str:
    """A made-up 18-character ID number with a valid GB 11643 check digit."""
    region = rng.choice(["620422", "620602", "341824", "610102", "620102", "341802", "620421"])
    year = rng.randint(1940, 2012)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    body = f"{region}{year}{month:02d}{day:02d}{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def ticket_number(rng: random.Random) -> str:
    return f"12345-2026{rng.randint(1, 11):02d}{rng.randint(1, 28):02d}-{rng.randint(1, 999):06d}"


def job_loss(rng: random.Random) -> str:
    word = rng.choice(EVENT_JOB)
    return ("被" if word == "裁员" else "") + annotate(word, "event_type")


def annotate(text: str, entity: str) -> str:
    return f"[{text}]({entity})"


def slot_values(rng: random.Random) -> dict[str, str]:
    """One random annotated value per slot name used by the templates."""
    return {
        "size": annotate(rng.choice(SIZE), "household_size"),
        "inc": annotate(rng.choice(INCOME), "monthly_income"),
        "inc2": annotate(rng.choice(INCOME), "monthly_income"),
        "amt": annotate(rng.choice(AMOUNT), "amount"),
        "amt2": annotate(rng.choice(AMOUNT), "amount"),
        "cost": annotate(rng.choice(MONTHLY_COST), "amount"),
        "age": annotate(rng.choice(AGE) if rng.random() < 0.5 else made_up_age(rng, 55, 95), "age"),
        "bare_age": annotate(made_up_age(rng, 55, 95, unit=False), "age"),
        "adult_age": annotate(
            rng.choice(ADULT_AGE) if rng.random() < 0.5 else made_up_age(rng, 19, 59), "age"
        ),
        "child_age": annotate(
            rng.choice(CHILD_AGE) if rng.random() < 0.5 else made_up_age(rng, 1, 18), "age"
        ),
        "grade": annotate(rng.choice(GRADE), "disability_grade"),
        "dtype": annotate(rng.choice(DTYPE), "disability_type"),
        "spouse": annotate(rng.choice(SPOUSE), "relation"),
        "child": annotate(rng.choice(CHILD), "relation"),
        "elder": annotate(rng.choice(ELDER), "relation"),
        "grandchild": annotate(rng.choice(GRANDCHILD), "relation"),
        "ill": annotate(rng.choice(ILLNESS), "illness"),
        "school": annotate(rng.choice(SCHOOL), "school_stage"),
        "area": annotate(rng.choice(AREA_ANNOTATED), "area"),
        "area_hukou": annotate(rng.choice(["农村", "城镇", "城市"]), "area") + "户口",
        "sudden": annotate(rng.choice(EVENT_SUDDEN), "event_type"),
        "disaster": annotate(rng.choice(EVENT_DISASTER), "event_type"),
        "jobloss": job_loss(rng),
        "death": annotate(rng.choice(EVENT_DEATH), "event_type"),
        "place": annotate(rng.choice(PLACE), "place"),
        "village_place": annotate(
            rng.choice(PLACE[:20]) + rng.choice(["", town(rng)]) + village(rng), "place"
        ),
        "village": annotate(village(rng), "place"),
        "sibling": annotate(rng.choice(SIBLING), "relation"),
        "town": annotate(town(rng), "place"),
        "phone": annotate(phone(rng), "phone"),
        "id": annotate(id_number(rng), "id_number"),
        "ticket": annotate(ticket_number(rng), "ticket_number"),
        "name": person_name(rng),
        "one": annotate("一个人", "household_size"),
    }

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
    "婆姨": "spouse",
    "婆娘": "spouse",
    "堂客": "spouse",
    "对象": "spouse",
    "老汉": "spouse",  # a husband in the north-west (「我一个老汉」 is the asker: household.facts)
    "老头子": "spouse",  # 「我老头子85了」 (「我一个老头子」 is the asker)
    "老头": "spouse",
    "掌柜的": "spouse",  # a husband in Shaanxi and Gansu (「我掌柜的胃癌」)
    "当家的": "spouse",
    "娃他爸": "spouse",
    "娃他妈": "spouse",
    "娃她妈": "spouse",
    "孩子他爸": "spouse",
    "孩子他妈": "spouse",
    "孩子她妈": "spouse",
    "孩子他爹": "spouse",
    "前夫": "other",
    "前妻": "other",
    "儿媳": "other",
    "儿媳妇": "other",
    "女婿": "other",
    "儿子": "child",
    "女儿": "child",
    "闺女": "child",
    "丫头": "child",
    "俺女子": "child",  # a daughter in Gansu and Shaanxi (「女子」 alone is any woman)
    "我女子": "child",
    "娃": "child",
    "娃娃": "child",
    "伢": "child",  # 安徽: 「我一个人带两个伢」
    "伢子": "child",
    "小伢": "child",
    "孩子": "child",
    "小孩": "child",
    "儿女": "child",
    "子女": "child",
    "大儿子": "child",
    "小儿子": "child",
    "父亲": "parent",
    "母亲": "parent",
    "父母": "parent",
    "爹妈": "parent",
    "爸妈": "parent",
    "爸爸": "parent",
    "妈妈": "parent",
    "爸": "parent",
    "我爸": "parent",
    "俺爸": "parent",
    "我爹": "parent",
    "俺爹": "parent",
    "我妈": "parent",
    "俺妈": "parent",
    "我娘": "parent",
    "俺娘": "parent",
    "妈": "parent",
    "老父亲": "parent",
    "老母亲": "parent",
    "老娘": "parent",
    "老爹": "parent",
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
    "孙娃": "grandchild",
    "孙娃子": "grandchild",
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

# Nowhere to live, and no work, as people say it (「莫地方住」「莫活干」 in 甘肃/陕西/四川): one
# list for the housing, hardship, stranded and out-of-work readings.
NOWHERE_TO_LIVE = r"没地方住|莫地方住|莫得地方住|没得地方住"
NO_WORK_TO_DO = r"莫活干|莫得活干|没得活干"

_DISABILITY_TYPE = {
    "肢体": "physical",
    "腿脚": "physical",
    "截肢": "physical",
    "截了": "physical",  # 「两条腿都截了」
    "截掉": "physical",
    "腿": "physical",
    "瘫痪": "physical",
    "偏瘫": "physical",
    "瘫": "physical",  # 「下半身瘫了」
    "轮椅": "physical",
    "胳膊": "physical",
    "下肢": "physical",
    "上肢": "physical",
    "拄拐": "physical",
    "看不见": "visual",
    "瞎": "visual",
    "听不见": "hearing",
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
    "职专": "vocational",
    "职业学校": "vocational",
    "大学": "college",
    "师大": "college",  # 「我考上西北师大了」
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
    "突发脑": "sudden_major_illness",
    "突发心": "sudden_major_illness",
    "急病": "sudden_major_illness",
    "洪水": "natural_disaster",
    "发大水": "natural_disaster",
    "大水": "natural_disaster",
    "被淹": "natural_disaster",
    "全淹了": "natural_disaster",  # 「一楼的铺子全淹了」
    "涨水": "natural_disaster",
    "河水一下子涨": "natural_disaster",
    "雹子": "natural_disaster",
    "冰雹": "natural_disaster",
    "地震": "natural_disaster",
    "暴雨": "natural_disaster",
    "泥石流": "natural_disaster",
    "山体滑坡": "natural_disaster",
    "滑坡": "natural_disaster",
    "塌方": "natural_disaster",
    "山洪": "natural_disaster",
    "发山水": "natural_disaster",  # 皖南、陕南: a flash flood
    "山水冲": "natural_disaster",
    "冲塌": "natural_disaster",
    "冲毁": "natural_disaster",
    "冲垮": "natural_disaster",
    "下冷子": "natural_disaster",  # 甘肃: hail
    "连阴雨": "natural_disaster",
    "洪涝": "natural_disaster",
    "旱灾": "natural_disaster",
    "台风": "natural_disaster",
    "龙卷风": "natural_disaster",
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


# Every word that names a member by their relation to the person asking.
RELATION_WORDS: dict[str, str] = _RELATION

# Every word that names a 突发事件, with its type (the clause reader of household.facts uses it).
EVENT_WORDS: dict[str, str] = _EVENT_TYPE

# Every word that names a school stage (the clause reader finds where in a clause it is said).
SCHOOL_STAGE_WORDS: dict[str, str] = _SCHOOL_STAGE


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
        (
            "damaged_by_disaster",
            r"倒塌|塌了|冲毁|冲坏|震坏|受灾|烧毁|烧没|被淹|泡坏|泡了|震裂|震塌|不敢住|全毁了",
        ),
        (
            "dangerous",
            r"危房|漏雨|裂缝|快塌|漏水|墙裂|裂了?(?:一|几|好几|两)?(?:道|条)缝|往下掉土|掉土|墙歪|"
            r"房梁.{0,2}(?:断|裂|朽)|(?:窑|墙|房顶|屋顶).{0,4}裂",
        ),
        # not 出租 / 地租 (「就地租一年1200」: land let out, an income) / 租出去
        ("renting", r"(?<![出地田])租(?!车|出去|给别人|给人)"),
        (
            "none",
            rf"没有?房|无房|{NOWHERE_TO_LIVE}|没处住|借住|寄住|住亲戚|住朋友|睡大街|"
            r"流浪|帐篷|工棚|桥洞|"
            r"住在?(?:我|俺|咱)?(?:哥|姐|弟|妹|叔|舅|姑|姨|亲戚|朋友|别人)(?:家|那)",
        ),
        (
            "adequate",
            r"自己的房|自己家|自家|有房|自有|住得下|还行|可以住|老房子|平房|楼房|住自己|"
            r"自建房|宅基地|单位房|房改房|能住",
        ),
    ],
    "residency": [
        ("residence_permit", r"居住证"),
        ("non_local", r"外地|外省|不是本地|非本地|老家在|户口不在|户口在老家"),
        ("local_hukou", r"本地|户口在这|户口就在|本县|本市|户籍在|土生土长|是这里的|当地"),
    ],
    "employment": [
        ("retired", r"退休"),
        ("student", r"上学|学生|读书|念书|上大学|上高中|上初中|上小学"),
        (
            "unemployed",
            r"失业|没工作|没有工作|无业|找不到工作|找不到活|下岗|被裁|裁员|闲着|没活干|没事做|"
            rf"没找着|没找到|还没找|找活|找工作|{NO_WORK_TO_DO}",
        ),
        (
            "flexible",
            r"打零工|零工|灵活|打短工|摆摊|跑外卖|送外卖|临时工|打散工|零活|种地|务农|种庄稼|放羊|"
            r"开出租|跑滴滴|做保洁|保姆|小时工|捡破烂|收破烂|摆地摊",
        ),
        ("employed", r"上班|有工作|在厂|进厂|打工|工作|单位|公司|当保安|干活"),
        ("none", r"在家|照顾|带孩子|不工作|干不了|干不动|家务"),
    ],
    "self_care": [
        ("total_loss", r"完全不能|全靠人|瘫痪|卧床|不能自理|躺着|下不了床|离不开人|生活不能"),
        ("partial_loss", r"部分|有时|需要人帮|要人帮|半自理|勉强|拄拐|走不利索|要人照顾|需要照顾"),
        ("full", r"能自理|可以自理|自己能|没问题|能照顾自己|自己来|都能|^能|^可以|^行"),
    ],
    "parents": [
        (
            "both_missing",
            r"都不在|双亡|都去世|都没了|都走了|无人抚养|没人管(?!的(?:孩子|娃|儿童|小孩))|都失踪|"
            r"都在服刑|都联系不上|孤儿|"
            # 「儿子儿媳妇都在监狱里」「两个人都判了」: both serving sentences
            r"都在监狱|都在牢里|都坐牢|都判了|都被判|都关着|两个人?都(?:判|坐牢|进去|关)",
        ),
        ("one_missing", r"单亲|离婚|离了|去世了一个|只有(爸|妈|父亲|母亲)"),
        ("both_present", r"都在|都健在|父母双全|在身边|跟着(爸妈|父母)|跟(爸妈|父母)"),
    ],
    "sex": [("female", r"女|母|姐|妹|婆|媳|奶|娘"), ("male", r"男|父|哥|弟|爷|公|爹")],
}


def keyword_value(field: str, text: str) -> str | None:
    """The value of an enum field that the words of ``text`` name, or None."""
    for value, pattern in KEYWORD_ENUMS.get(field, []):
        if re.search(pattern, text):
            return value
    return None


PARENT_GONE_RE = re.compile(
    # (a parent who remarried or does not care is neither: 「我妈改嫁了不管我们」 is one gone)
    r"去世|走了|没了|死了|病死|不在了|病故|过世|跑了|离家出走|失踪|联系不上|找不到|"
    r"服刑|坐牢|判刑|判了|监狱|劳改|被抓|戒毒|拘留|关起来|重病|瘫痪|重度残疾|精神病"
)
# 「她爹她娘离婚以后各自又成了家」: both parents alive, each with a new family — no 事实无人抚养.
PARENTS_ALIVE_APART_RE = re.compile(
    r"各自(?:又|都)?(?:成了?家|再婚|结婚|另成家|重新成家)|(?:又|都)(?:再婚|另成家|重新成家)了?"
    # 「爹娘离婚了都在广东打工」: divorced, both alive and at work away
    r"|离(?:婚|了)[^，,。；;]{0,4}都在"
)
_FATHER_RE = re.compile(r"爸|父亲|爹|他爸|她爸")
_MOTHER_RE = re.compile(r"妈|母亲|娘|他妈|她妈")
# In a grandparent's words the grandchild's parents are the asker's son or daughter and their
# spouse (「儿子坐牢了…儿媳妇跑了」); 孙女儿 is no daughter.
_GRANDPARENTS_SON_RE = re.compile(r"爸|父亲|爹|(?<!孙)儿子|女婿")
_GRANDPARENTS_DAUGHTER_RE = re.compile(r"妈|母亲|娘|儿媳|媳妇|(?<!孙)女儿|(?<!孙)闺女")


def read_parents(text: str, grandparent: bool = False) -> str | None:
    """both_present / one_missing / both_missing (事实无人抚养 included) from the words. Parents
    divorced and each remarried are both alive (both_present), though neither raises the child.
    ``grandparent``: the words are a grandparent's, whose son/daughter (-in-law) are the parents."""
    value = keyword_value("parents", text)
    if value == "both_missing":
        return value
    if PARENTS_ALIVE_APART_RE.search(text):
        return "both_present"
    clauses = re.split(r"[，,。；;！!？?\s]+", text)
    father_re = _GRANDPARENTS_SON_RE if grandparent else _FATHER_RE
    mother_re = _GRANDPARENTS_DAUGHTER_RE if grandparent else _MOTHER_RE
    father = any(father_re.search(c) and PARENT_GONE_RE.search(c) for c in clauses)
    mother = any(mother_re.search(c) and PARENT_GONE_RE.search(c) for c in clauses)
    if father and mother:
        return "both_missing"
    if father or mother:
        return "one_missing"
    return value


# What a question about an order's progress says; without it a "status question" is a message
# the NLU misread (「看大门一个月800 另外还有150的养老金」「俺是古浪土门的…能不能给办个低保」).
STATUS_QUESTION_RE = re.compile(
    r"工单|单号|进度|查询|查一?下|查查|12345-|尾号|后四位|办得|办到|到哪|结果|回复|答复|受理|处理|"
    r"咋样了|怎么样了|反映过|打过电话|没动静|没回音|催一下|催催"
)

# What a complaint about how a request was handled says (「办了半年没人管」「凭什么不给批」); a
# story that names a need without these words asks for the need (「…能不能给办个低保」).
COMPLAINT_WORDS_RE = re.compile(
    r"投诉|举报|不给办|不给批|不批|没批|不办|不受理|推诿|踢皮球|推来推去|态度|不作为|不理|拖着|"
    r"一直没|还没批|还没下来|卡着|刁难|凭什么|为什么不给|为啥不给|取消了|停发|停了|被停|不公平|"
    r"优亲厚友|关系户|没人管|没人回|没回复|不回复|不答复|反映了?好几次|跑了好几趟|跑了几趟"
)

# What citizens call each program (the first word is the short name the assistant uses).
PROGRAM_WORDS: dict[str, tuple[str, ...]] = {
    "dibao": ("低保", "最低生活保障", "吃低保"),
    "tekun": ("特困", "五保", "特困供养", "供养"),
    "low_income": ("低保边缘", "低收入", "边缘户"),
    "rigid_expenditure": ("支出型困难", "刚性支出", "支出型"),
    "temporary": ("临时救助", "救急", "急难"),
    "medical": ("医疗救助", "看病", "大病救助", "医疗"),
    "education": ("教育救助", "助学", "学费", "上学"),
    "housing": ("住房救助", "公租房", "租房补贴", "危房改造", "住房"),
    "employment": ("就业救助", "就业", "找工作", "公益岗"),
    "disaster": ("受灾救助", "受灾", "灾害"),
    "disability_subsidies": ("残疾人补贴", "残疾补贴", "护理补贴", "两项补贴", "残疾"),
    "orphan_child": ("孤儿补助", "孤儿", "事实无人抚养", "无人抚养"),
    "vagrant": ("流浪救助", "流浪", "救助站"),
    "worker_aid": ("困难职工帮扶", "困难职工", "工会"),
    "women_screening": ("两癌检查", "两癌", "宫颈癌", "乳腺癌"),
    "pension_subsidy": ("养老保险代缴", "代缴", "养老保险"),
    "care_service": ("照料服务", "照护", "照料", "访视"),
    "legal_aid": ("法律援助", "打官司", "律师"),
}


def program_named(text: str) -> str | None:
    """The program the words name (the longest matching word wins), or None."""
    best: tuple[int, str] | None = None
    for program, words in PROGRAM_WORDS.items():
        for word in words:
            if word in (text or "") and (best is None or len(word) > best[0]):
                best = (len(word), program)
    return best[1] if best else None


def program_nickname(program_id: str, name: str = "") -> str:
    """The short name of a program: 低保, 特困, 临时救助 …"""
    words = PROGRAM_WORDS.get(program_id)
    return words[0] if words else name


# Words that name an assistance need beyond doubt (a request for it, whatever else is said).
_NEED_WORDS: tuple[tuple[str, str], ...] = (
    ("request_dibao", r"低保(?!边缘)|最低生活保障|低报|底保|低包|底包"),
    ("request_tekun", r"特困|五保|敬老院"),
    ("request_temporary", r"临时救助|急难救助|救个?急|应急"),
    ("request_medical", r"医疗救助|大病救助"),
    (
        "request_education",
        r"教育救助|助学金|助学贷款|学生资助|新生.{0,4}资助|(幼儿园|保教费|学费).{0,12}(减|免|补助|资助)"
        # 「听说有送教上门」「娃上大学的钱…能贷款不」
        r"|送教上门|送教|(上大学|读大学|上学|念书|读书|学费)的?钱?.{0,12}贷款",
    ),
    ("request_housing", r"住房救助|公租房|廉租房|危房改造|租赁补贴"),
    ("request_employment", r"就业救助|公益性岗位|公益岗|零就业|介绍个?工作|找个?工作|安排个?工作"),
    ("request_disability", r"残疾人?补贴|护理补贴|两项补贴"),
    ("request_child_welfare", r"孤儿|事实无人抚养|困境儿童"),
    ("request_disaster", r"受灾救助|救灾|受灾了"),
    ("request_vagrant", r"流浪|乞讨|救助站"),
)


def names_need(text: str, need: str) -> bool:
    """Whether the words name this need outright."""
    pattern = dict(_NEED_WORDS).get(need)
    return bool(pattern and re.search(pattern, text or ""))


# Words of school beyond its stages (fees, a student, a grade).
_SCHOOL_WORDS_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(_SCHOOL_STAGE, key=len, reverse=True))
    + r"|上学|念书|读书|学费|学校|学生|助学|考上|录取|开学|上课|年级"
)
# Words of a disability beyond its kinds (a certificate, a body or a life that needs care).
_DISABILITY_WORDS_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(_DISABILITY_TYPE, key=len, reverse=True))
    + r"|残|走不了|下不了床|卧床|护理|不能自理|自闭|孤独症|唐氏"
)


def hints_at_school(text: str) -> bool:
    """Whether the words speak of school (「两个孩子还在上学」), needed or not."""
    return bool(_SCHOOL_WORDS_RE.search(text or ""))


def hints_at_disability(text: str) -> bool:
    """Whether the words speak of a disability (「腿脚不好」「坐轮椅」「有残疾证」)."""
    return bool(_DISABILITY_WORDS_RE.search(text or ""))


def need_named(text: str) -> str | None:
    """The assistance need a message names outright (低保, 五保, 公租房 …), or None."""
    for need, pattern in _NEED_WORDS:
        if re.search(pattern, text or ""):
            return need
    return None


# 「没儿没女」「没有孩子」「没娃」: no children, hence no one to support the asker (one list for the
# first message and for the answer to the supporter question).
NO_CHILDREN = r"没儿没女|无儿无女|没有儿女|没有子女|膝下无|没有孩子|没孩子|没有娃|没娃(?![他她的])"


# Words of a household in hardship: illness, disability, no income, costs, a disaster, a loss.
_HARDSHIP_RE = re.compile(
    r"残疾|残急|瘫痪|病|住院|医药费|透析|化疗|困难|没钱|没有钱|没收入|没有收入|交不起|凑不齐|"
    r"掏不起|拿不出|补助|补贴|救助|资助|帮扶|孤儿|没人管|没人养|受灾|着火|失火|洪水|地震|"
    r"摔|下岗|失业|被裁|欠了|借钱|断了|跑了|去世|走了|养老金|一个人过|独居|躺床|卧床|伺候|"
    r"吃不消|顾不上|没人照顾|裂了|塌了|漏雨|中风|脑梗|脑溢血|偏瘫|要人扶|下不了床|动不了|"
    r"干不了|干不动|顾不过来|受伤|伤了|没工作|没活干|打零工|低保|五保|特困|"
    r"脑瘫|走不了路|不会说话|失明|看不见|聋|哑|智力|癌|送教|上不了学|学校去不了|去不了学校|"
    r"上不起|学费|找不到活|找不着活|痴呆|老糊涂|走丢|看不住|没人照看|上门照顾|上门帮|"
    r"尿毒症|过不下去|揭不开锅|吃不上饭|日子难|"
    # 「一家五口咋过嘛」「莫活干了」「莫地方住」
    rf"咋过|怎么过|咋活|{NO_WORK_TO_DO}|{NOWHERE_TO_LIVE}"
)

# 「想问有没得补助」「我这样的能领啥补贴不」: a short question after assistance is a request too.
_ASKS_FOR_HELP_RE = re.compile(
    r"(有没有|有没得|有木有|能不能|能否|可不可以|能领|能办|能申请).{0,6}(补助|补贴|救助|帮扶|政策)"
    # 「租的房子着火烧了，想问救助」「想申请点补助」
    r"|(想问|问问|想申请|申请|想要|想办|求)(一下|点|个)?(救助|补助|补贴|帮扶)"
)


# 「生活倒没困难」「不缺钱」: a hardship word said not to apply.
_NEGATED_HARDSHIP_RE = re.compile(r"(没|不|没有|并不|倒没|也没)(什么|啥)?(困难|缺钱|难处)")


# 「我家困难」「家里太难了」「俺家穷」: hardship said in a few words, nothing else.
_SHORT_HARDSHIP_RE = re.compile(
    r"^(?:我|俺|咱|额)?(?:们)?(?:家|家里|屋里|屋头)?(?:很|太|特别|挺|真|实在)?"
    r"(?:困难|难|穷|苦)(?:了|啊|呀|得很)?[。！!，,\s]*$"
)


def tells_of_hardship(text: str) -> bool:
    """Whether a message (of some length) tells of a household in hardship: a need it names, or
    at least two hardship words — a request even when the NLU cannot place it."""
    if need_named(text) or _ASKS_FOR_HELP_RE.search(text or ""):
        return True
    if _SHORT_HARDSHIP_RE.match((text or "").strip()) and len((text or "").strip()) >= 3:
        return True
    if len(text or "") < 15:
        return False
    return len(set(_HARDSHIP_RE.findall(_NEGATED_HARDSHIP_RE.sub("", text)))) >= 2


# 「老板欠了我八千块工资…生活倒没困难，就是想把钱要回来」: wages owed, a matter for 劳动保障监察.
_OWED_WAGES_RE = re.compile(
    r"(?:欠|拖欠|克扣|不给|不发|没发|没给|讨|要回|要不回)[^，,。；;]{0,10}(?:工资|工钱|血汗钱|薪水)"
    r"|(?:工资|工钱|血汗钱|薪水)[^，,。；;]{0,10}(?:拖着|不给|没给|不发|没发|要不回|欠着|讨不回)"
)


def owed_wages_in_hardship(text: str) -> bool:
    """Wages owed and a household in hardship (「老板欠俺三万块工钱跑了…一家五口咋过嘛」): the
    wages are 人社's, the household's need is an assistance matter."""
    return bool(_OWED_WAGES_RE.search(text or "")) and tells_of_hardship(text)


def owed_wages_only(text: str) -> bool:
    """Wages owed and no hardship told: no assistance matter (a general order to 人社)."""
    return bool(_OWED_WAGES_RE.search(text or "")) and not tells_of_hardship(text)

"""The simulated citizen's reading rules, as data: how it recognises what the assistant says and asks.

Every rule is a regular expression over the assistant's Chinese text. They are written from the
contracts (what the assistant must ask and do), never from the dialogue code. To teach the citizen a
new wording, add a pattern here; `citizen.py` only applies these tables.
"""

from __future__ import annotations

import re

# --- What a turn of the assistant is -------------------------------------------------------------

ORDER_NUMBER = re.compile(r"12345-\d{8}-\d{6}")
# 「请告诉我工单号，比如 12345-…」: an example, not a filed order.
EXAMPLE_BEFORE = re.compile(r"(比如|例如|如|格式|形如|像)[：:\s“「]*$")
MASKED_PHONE = re.compile(r"1\d{2}\*{4}\d{4}")
EMERGENCY = re.compile(r"110|120|119|12356|12320|心理援助|心理危机|心理热线|400-?161-?9995")
HANDOVER = re.compile(
    r"转人工|人工(客服|服务|坐席|接线)|(转接|转给|联系|安排|回电|回复).{0,8}(工作人员|接线员|话务员|坐席|人工)"
    r"|(工作人员|接线员|话务员|坐席).{0,10}(联系您|回电|回复您|接听|为您服务|处理)"
)
# A sentence that asks something.
QUESTION_MARKERS = re.compile(
    r"[？?]|[吗呢]\s*$|请问|请告诉|请提供|请输入|请留|请选择|请回复|请说|请您说|麻烦您?(说|告诉|提供)"
)
# Control questions (checked in this order on the last question sentence).
SUMMARY_WORDS = re.compile(
    r"核对|确认无误|信息如下|以下信息|是否正确|有没有(错|误)|内容如下|请确认.{0,12}(信息|内容|工单)"
)
SUMMARY_ANSWER = re.compile(r"确认|提交|无误|正确|对吗|修改|有误|更正")
# A consent question, not a thank-you for one (「谢谢您的同意」, 「感谢您同意」).
CONSENT = re.compile(
    r"是否同意|同不同意|同意(吗|么|嘛|[？?]|的话|请|就|后|我们|本|记录|使用|收集|授权)"
    r"|(?<!谢)(您|你)同意|授权(吗|么|[？?])|是否授权"
)
CONSENT_CONTEXT = re.compile(r"隐私|个人信息|信息|保密|收集|使用|记录|授权")
PHONE = re.compile(r"手机|电话|联系方式|(?<!身份证)号码")
OFFER = re.compile(r"工单(?!号)|提交|登记|转交|转给|转办|上报|反映给|报给|帮您申请|帮您反映")

# A yes button says yes and nothing else (「要人照顾」 is a choice, not a yes), or files (提交工单).
YES_BUTTON = re.compile(
    r"^(?:是|是的|好|好的|同意|确认|需要|要|提交|对|可以|行|确认提交|帮我提交|愿意|有)$"
    r"|^(?:提交|确认提交|帮我提交|同意)"
)
# A no button (「没工作」 too); 「不知道」 is no no.
NO_BUTTON = re.compile(r"^(?:否|不(?!知道|清楚|晓得)|没|无|不需要|不用|取消|不同意|暂不|拒绝|算了)")
NEGATIVE_ANSWER = re.compile(
    r"^(没|不|无|否|一分|啥也没|什么都没|都没)|哪有|哪来的?(钱|存款)|(啥|什么)[^，,。]{0,4}(都|也)没"
)

# --- Who a question is about ---------------------------------------------------------------------

CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

# A first message asking for a parent (「我替我妈问一下」「帮俺爸问问」).
ASKS_FOR_PARENT = re.compile(
    r"(替|帮|给|为)(我|俺|咱)的?(妈|母亲|老娘|娘|爸|父亲|老爹|爹)[^，,。]{0,3}(问|咨询|打听|申请)"
)

# (pattern, who). The first marker found (leftmost) decides; `member` and `childN` carry an ordinal.
WHO_MARKERS: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"(您|你)(本人)?(和|跟|与)(您|你)?的?(老伴|配偶|爱人|丈夫|妻子|老公|媳妇)"),
        "self,spouse",
    ),
    (re.compile(r"另(一|外一)(个|位)(孩子|娃|小孩)|老二|小的那个"), "childN:2"),
    (re.compile(r"第([一二两三四五六七八九\d])(位|个|名)(家人|家庭成员|成员)"), "member"),
    (re.compile(r"第([一二两三四五六七八九\d])(个|位)(孩子|娃|子女|小孩)"), "childN"),
    # 「您有没有子女或者其他亲人能养活您」 asks about the asker's supporters, not a child
    (re.compile(r"有没有(子女|儿女)|有(子女|儿女)吗|(子女|儿女)或者(其他)?(亲人|亲属)"), "self"),
    (re.compile(r"孙子|孙女|外孙|孙辈"), "grandchild"),
    (re.compile(r"孩子|娃|子女|儿子|女儿|小孩|闺女|学生"), "child"),
    (re.compile(r"老伴|配偶|爱人|丈夫|妻子|老公|媳妇|对象|另一半|婆姨"), "spouse"),
    (re.compile(r"父亲|母亲|爸爸|妈妈|父母|老人家|爹|娘"), "parent"),
    (re.compile(r"爷爷|奶奶|外公|外婆|姥姥|姥爷|祖父|祖母"), "grandparent"),
    (re.compile(r"兄弟|姐妹|哥哥|弟弟|姐姐|妹妹"), "sibling"),
    (
        re.compile(r"其他家人|其他(家庭)?成员|其余|家里其他人|别的家人|另外(几|两)?(个|位)"),
        "others",
    ),
    (re.compile(r"每位|每个人|每一位|各位家人|分别"), "all"),
    (re.compile(r"您本人|你本人|您自己|你自己|本人"), "self"),
]

# --- What a question is about --------------------------------------------------------------------

# (topic, pattern), in priority order. Several topics may match one sentence; `SUPPRESS` drops
# the weaker of two readings of the same words.
TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("children_count", re.compile(r"几个(孩子|娃|小孩|子女|儿女)|孩子有几个")),
    (
        "education_cost",
        re.compile(r"(上学|读书|念书|教育).{0,6}(花|费|钱|支出)|学费|学杂费|教育支出"),
    ),
    (
        "household_size",
        re.compile(
            r"几口人|几个人|多少人|多少口|家庭人口|人口数|家里都有(谁|哪些人|什么人)"
            r"|(一起|共同)(生活|居住|住)的?.{0,8}(有|是)?(几|多少|哪些|谁)|家里有几|家庭成员(有|都有|包括)"
        ),
    ),
    ("last_year_income", re.compile(r"(去年|上一?年度?|全年|一年).{0,8}(收入|挣|赚)")),
    (
        "income",
        re.compile(
            r"收入|挣|赚|工资|养老金|退休金|进账|生活来源|靠什么(生活|过日子)|月入|每月.{0,6}(多少钱|几块)|补贴多少"
        ),
    ),
    (
        "medical_cost",
        re.compile(
            r"医药费|医疗费|治疗费|看病.{0,4}(花|钱|费)|自付|自费|自负|报销|花了多少|花费|(医疗|看病)支出"
        ),
    ),
    ("disability", re.compile(r"残疾|残联|伤残|残障")),
    ("illness", re.compile(r"重病|大病|疾病|慢性病|生病|病|住院|身体(状况|情况|怎么样|好)|健康")),
    (
        "school",
        re.compile(
            r"上学|读书|念书|学生|在校|年级|学校|哪个阶段|什么阶段|学段|学费|上的(是)?什么学|(初中|高中|大学|职校|小学)"
        ),
    ),
    (
        "locality",
        re.compile(
            r"哪个(县|区|市|乡|镇|村|街道|地方|省|社区)|哪里|哪儿|在哪(?!个阶段|一?年级|所学校|个学校)|地址|所在地|户籍地|居住地|县区|区县|位置|什么地方"
            r"|住哪|哪个县区|哪个县市|所在(的)?(县|区|市|地区)"
            r"|是哪一个[：:]"  # 「请问是哪一个：安徽省宣城市绩溪县、…？」 (places of one name)
        ),
    ),
    (
        "homeless",
        re.compile(
            r"流落|露宿|(?<!或者)(?<!还是)(?<![，、,])没有?地方住|生活没有着落|生活无着|无家可归|流浪|回不了家|睡在外面|街头"
        ),
    ),
    (
        "housing",
        re.compile(
            r"住房|房子|房屋|住的地方|租房|租的|租金|房租|危房|自有|自己的房|居住(情况|条件|状况)|住处|有没有房|住得"
        ),
    ),
    (
        "assets",
        re.compile(
            r"存款|财产|车辆|汽车|小车|轿车|房产|资产|积蓄|存折|股票|理财|经营|店铺|商铺|值钱|名下|家底"
        ),
    ),
    ("self_care", re.compile(r"自理|照顾自己|生活能否|需要人照顾|卧床|瘫|失能")),
    ("ability", re.compile(r"劳动能力|劳动力|能不能干|干得了|能干活|能否劳动|丧失劳动")),
    (
        "work",
        re.compile(
            r"工作|上班|就业|失业|务工|打工|打零工|退休|干活|职业|做什么的?|营生|干什么的?|种地|务农"
        ),
    ),
    (
        "supporter",
        re.compile(
            r"赡养|扶养|儿女|子女.{0,10}(管|照顾|给钱|赡养|情况|养活|养您|养你)|有没有人(照顾|管)|依靠|义务人|亲属|亲戚|谁(来)?(照顾|管)"
        ),
    ),
    ("parents", re.compile(r"父母|爸妈|监护|抚养|谁(在)?(带|照顾|管|养)")),
    ("residency", re.compile(r"户口|户籍|本地人|外地|居住证|常住|本地的")),
    ("area", re.compile(r"城镇|农村|城市|城里|乡下|村里|城区|乡村")),
    (
        "event",
        re.compile(
            r"突发|火灾|着火|车祸|事故|受灾|灾害|意外|变故|遭遇|出了什么事|发生了什么|洪水|冰雹|地震|遇到了?什么"
        ),
    ),
    (
        "benefits",
        re.compile(
            r"已经(在)?(享受|领|吃)|正在(享受|领)|领过|享受过|现在(有没有|是否).{0,6}(低保|补助|救助|补贴)"
            r"|目前.{0,6}(享受|领取)|吃低保了?吗"
        ),
    ),
    ("pregnancy", re.compile(r"怀孕|孕妇|哺乳")),
    ("sex", re.compile(r"性别|男的还是女的|男还是女|男性还是女性")),
    ("age", re.compile(r"年龄|多大|几岁|岁数|年纪|出生|高寿")),
    ("name", re.compile(r"怎么称呼|姓名|叫什么|贵姓")),
    ("id_number", re.compile(r"身份证")),
    (
        "anything_else",
        re.compile(r"还有(什么|别的|其他).{0,8}(情况|补充|困难|需要|问题)|要补充|需要补充"),
    ),
    (
        "need",
        re.compile(
            r"什么(可以)?帮(您|你)|咨询什么|什么问题|什么事|什么困难|具体.{0,4}(情况|诉求)|遇到了什么|有什么需要|说说您?的?情况"
        ),
    ),
    ("exists", re.compile(r"有没有|是否有|有(孩子|子女|老伴|配偶|爱人)吗")),
]

# A question that re-states a fact and wants a yes/no: answered 「对」 or corrected.
CONFIRM = re.compile(r"对吗|是吗|对不对|是不是这样|没错吧|是这样吗|我理解得对吗|确认一下")

# When the first topic matches, the second is a misreading of the same words and is dropped.
SUPPRESS: list[tuple[str, str]] = [
    ("education_cost", "school"),
    ("education_cost", "medical_cost"),
    ("housing", "event"),
    ("homeless", "housing"),
    ("homeless", "locality"),
    ("event", "illness"),  # 「有没有遇到火灾、突发重病、失业等突发情况」 lists examples of an event
    ("event", "work"),
    ("exists", re.compile(r"有没有|是否有|有(孩子|子女|老伴|配偶|爱人)吗")),
]

# A question that re-states a fact and wants a yes/no: answered 「对」 or corrected.
CONFIRM = re.compile(r"对吗|是吗|对不对|是不是这样|没错吧|是这样吗|我理解得对吗|确认一下")

# When the first topic matches, the second is a misreading of the same words and is dropped.
SUPPRESS: list[tuple[str, str]] = [
    ("education_cost", "school"),
    ("education_cost", "medical_cost"),
    ("housing", "event"),
    ("homeless", "housing"),
    ("homeless", "locality"),
    ("event", "illness"),  # 「有没有遇到火灾、突发重病、失业等突发情况」 lists examples of an event
    ("event", "work"),
    ("need", "anything_else"),
    ("children_count", "household_size"),
    ("children_count", "exists"),
    ("medical_cost", "illness"),
    ("last_year_income", "income"),
    ("disability", "illness"),
    ("self_care", "illness"),
    ("household_size", "exists"),
    ("locality", "residency"),
    ("locality", "area"),  # 「宣城市」 names a city, not 城市
    ("work", "school"),
    ("ability", "work"),
]
# Words that make an income question about the whole household.
HOUSEHOLD_WIDE = re.compile(r"家庭|全家|家里|一家|总收入|一共|合计|人均|加起来|所有人")
# Topics that are about the household as a whole, not one member.
HOUSEHOLD_TOPICS = {
    "household_size",
    "last_year_income",
    "household_income",
    "medical_cost",
    "locality",
    "housing",
    "assets",
    "residency",
    "area",
    "event",
    "benefits",
    "anything_else",
    "need",
    "name",
    "id_number",
    "children_count",
    "education_cost",
    "homeless",
}
# Control kinds: a turn of these kinds is not a household question.
CONTROL_KINDS = {"consent", "offer", "phone", "summary", "filed", "none", "need"}

# --- How a citizen says things -------------------------------------------------------------------

DONT_KNOW = ["不知道", "不太清楚", "这个我也说不上来", "不知道啊"]
CONFUSED = ["啥意思？", "嗯", "不懂", "你说的啥意思"]
NUDGES = ["然后呢？", "那能帮我申请一下吗？"]
# The assistant did not understand: the citizen says its need again, in other words if it has them.
NOT_UNDERSTOOD = re.compile(r"没(太|有)?(明白|听懂|理解|听清)|换个说法|再说一遍|没能理解")
RELATION_WORD = {
    "self": "我",
    "spouse": "老伴",
    "child": "孩子",
    "parent": "老人",
    "grandparent": "老人",
    "grandchild": "孙子",
    "sibling": "兄弟",
    "other": "亲戚",
}
SCHOOL_WORD = {
    "preschool": "上幼儿园",
    "primary": "上小学",
    "junior_high": "上初中",
    "senior_high": "上高中",
    "vocational": "上职校",
    "college": "上大学",
    "postgraduate": "读研究生",
}
HOUSING_WORD = {
    "adequate": "住自己家的房子",
    "none": "没有房子，借住在别人家",
    "renting": "租的房子",
    "dangerous": "房子是危房，墙都裂了",
    "damaged_by_disaster": "房子受灾塌了",
}
# How a citizen names a benefit the household already gets (contracts' program ids).
BENEFIT_WORD = {
    "dibao": "低保",
    "tekun": "特困供养",
    "low_income": "低保边缘",
    "temporary": "临时救助",
    "medical": "医疗救助",
    "education": "助学金",
    "housing": "租房补贴",
    "employment": "公益岗",
    "disaster": "救灾的钱",
    "disability_subsidies": "残疾人补贴",
    "orphan_child": "孤儿的补助",
    "worker_aid": "工会的帮扶",
    "pension_subsidy": "养老保险代缴",
}
EVENT_WORD = {
    "fire": "家里着火了",
    "traffic_accident": "出了车祸",
    "sudden_major_illness": "突然得了大病",
    "natural_disaster": "遭了灾",
    "public_emergency": "疫情那阵子没法出去干活",
    "job_loss": "工作没了",
    "death_in_family": "家里有人走了",
    "other": "家里出了事",
}
EMPLOYMENT_WORD = {
    "employed": "在上班",
    "flexible": "打零工",
    "unemployed": "没工作，失业了",
    "retired": "退休了",
    "student": "还在上学",
    "none": "没干活",
}
SELF_CARE_WORD = {
    "full": "能自己照顾自己",
    "partial_loss": "有些事得别人帮着",
    "total_loss": "完全不能自理，得人伺候",
}
DISABILITY_TYPE_WORD = {
    "physical": "肢体",
    "visual": "视力",
    "hearing": "听力",
    "speech": "言语",
    "intellectual": "智力",
    "mental": "精神",
    "multiple": "多重",
}
PARENTS_WORD = {
    "both_present": "父母都在身边",
    "one_missing": "只有一个大人在管",
    "both_missing": "爹妈都不在身边，没人管",
}
# Words in an answer that match a button's title (for tapping a button instead of typing).
BUTTON_SYNONYMS: dict[str, list[str]] = {
    "城镇": ["城", "县城", "城镇", "城里", "城市"],
    "农村": ["农村", "村", "乡下"],
    "租": ["租"],
    "自有": ["自己家", "自己的房", "自有"],
    "无房": ["没有房子", "无房", "没房"],
    "危房": ["危房", "裂"],
    "倒塌": ["塌", "倒", "冲"],
    "不知道": ["不知道", "不清楚", "说不上"],
    "本地": ["本地户口", "本地"],
    "外地": ["外地", "老家"],
    "居住证": ["居住证"],
}

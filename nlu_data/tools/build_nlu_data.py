"""Build the NLU training data, lookup tables and jieba dictionary from the templates.

Deterministic (seeded): run from the repository root with the bot venv,

    .venv-bot/bin/python -m nlu_data.tools.build_nlu_data

It writes nlu_data/nlu/*.yml and nlu_data/dict/*.txt, then tokenises every example the way
the JiebaTokenizer will and reports entities that do not start and end on token boundaries.
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

from nlu_data.tools import fillers
from nlu_data.tools.conversation import CONVERSATION
from nlu_data.tools.letters import (
    GREETINGS,
    HARDSHIP,
    INTROS,
    OPERATOR_OPENINGS,
    OUT_OF_SCOPE_TOPICS,
    SIGN_OFFS,
    STORIES,
)
from nlu_data.tools.requests import (
    COMPLAINT_CUES,
    COMPLAINT_ENDS,
    FACT_CLAUSES,
    FRAUD_ENDS,
    FRAUD_FACTS,
    FRAUD_PROGRAMMES,
    FRAUD_WHO,
    LATER_SHORT,
    NEEDS,
    OUT_OF_SCOPE_COMPLAINTS,
    PROGRAMME_MENTIONS,
    SHORT,
    SHORT_NEEDS,
    STATUS_ASKS,
    STATUS_LEADS,
)
from zhtext.money_role import money_role
from zhtext.tokens import NUMBER_EXPRESSION, tokenize

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "nlu_data" / "nlu"
DICT_DIR = ROOT / "nlu_data" / "dict"
SEED = 20261123
MIN_PER_REQUEST_INTENT = 60
MID_LENGTH_PER_INTENT = 28
LONG_TEXTS_PER_INTENT = 16
LONG_OUT_OF_SCOPE = 48
MARKUP = re.compile(r"\[([^\]]+)\]\((\w+)\)")
SLOT = re.compile(r"\{(\w+)\}")

POLICY_TERMS = [
    "最低生活保障",
    "低保",
    "低保户",
    "低保边缘",
    "低保边缘家庭",
    "单人户",
    "渐退",
    "城乡低保",
    "特困人员",
    "特困供养",
    "特困人员救助供养",
    "五保",
    "五保户",
    "集中供养",
    "分散供养",
    "孤寡老人",
    "无依无靠",
    "临时救助",
    "救急难",
    "救急难资金",
    "一次性救助",
    "医疗救助",
    "大病救助",
    "资助参保",
    "二次报销",
    "门诊慢特病",
    "教育救助",
    "助学金",
    "助学贷款",
    "雨露计划",
    "住房救助",
    "公租房",
    "廉租房",
    "保障房",
    "租赁补贴",
    "危房改造",
    "因灾倒房",
    "就业救助",
    "就业援助",
    "公益性岗位",
    "公益岗",
    "零就业家庭",
    "灵活就业",
    "社保补贴",
    "技能培训",
    "残疾证",
    "残疾人证",
    "两项补贴",
    "困难残疾人生活补贴",
    "重度残疾人护理补贴",
    "护理补贴",
    "生活补贴",
    "照护服务",
    "孤儿",
    "事实无人抚养",
    "事实无人抚养儿童",
    "困境儿童",
    "孤儿基本生活费",
    "留守儿童",
    "受灾人员救助",
    "过渡期生活救助",
    "冬春救助",
    "救灾物资",
    "流浪乞讨",
    "流浪乞讨人员",
    "救助站",
    "生活无着",
    "低收入人口",
    "防返贫",
    "监测对象",
    "建档立卡",
    "关系保",
    "人情保",
    "骗保",
    "冒领",
    "优亲厚友",
    "首问负责",
    "工单号",
    "转人工",
    "新农合",
    "城乡居民医保",
    "大病保险",
    "自付",
    "透析",
    "化疗",
    "住院押金",
    "医药费",
    "养老金",
    "基础养老金",
]

REGEXES = {
    "phone": [r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])"],
    "id_number": [
        r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
        r"[0-9]{3}[0-9Xx](?![0-9])"
    ],
    "ticket_number": [r"12345-[0-9]{8}-[0-9]{6}"],
    "amount": [
        r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?:多|来)?(?:万|千)?(?:多)?(?:元|块钱|块)",
        r"[一二两三四五六七八九十百千万]+(?:多|来)?(?:元|块钱|块)",
    ],
}

SYNONYMS = {
    "urban": ["城镇", "城里", "城市"],
    "rural": ["农村", "乡下", "村里"],
    "physical": ["肢体"],
    "visual": ["视力"],
    "hearing": ["听力"],
    "speech": ["言语"],
    "intellectual": ["智力"],
    "mental": ["精神"],
    "multiple": ["多重"],
}

NUMERALS = ["一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "叁", "俩"]


def fill(template: str, rng: random.Random) -> str:
    values = fillers.slot_values(rng)
    values["last4"] = "".join(rng.choice("0123456789") for _ in range(4))
    return SLOT.sub(lambda match: values[match.group(1)], template)


STYLE_PREFIXES = ["", "", "", "你好，", "请问", "我想问一下，", "喂，", "领导，", "麻烦问下，"]
STYLE_SUFFIXES = ["", "", "？", "。", "啊", "呢", "！", "，谢谢", "，急"]


def styled(text: str, rng: random.Random) -> str:
    if rng.random() < 0.35:
        text = rng.choice(STYLE_PREFIXES) + text
    if rng.random() < 0.35 and not text.endswith(("？", "。", "！", "?")):
        text += rng.choice(STYLE_SUFFIXES)
    return text


def long_text(intent: str, rng: random.Random) -> str:
    """A letter (greeting, writer, story, need, sign-off) or an operator's work-order text."""
    hardship = rng.sample(HARDSHIP, k=rng.randint(1, 3))
    if intent == "out_of_scope":
        story, need = rng.choice(OUT_OF_SCOPE_TOPICS)
        body = hardship + [story]
        rng.shuffle(body)
    else:
        story = rng.choice(STORIES[intent])
        need = rng.choice(NEEDS[intent])
        body = hardship + [story] if rng.random() < 0.5 else [story] + hardship
    middle = "".join(body).rstrip("，") + "。"
    if rng.random() < 0.4:
        text = rng.choice(OPERATOR_OPENINGS) + middle + need
    else:
        text = rng.choice(GREETINGS) + rng.choice(INTROS) + middle + need + rng.choice(SIGN_OFFS)
    return fill(text, rng)


def mid_length_text(intent: str, rng: random.Random) -> str:
    """Facts first, then a short need: 来电人反映：其家中3口人，……诉求：咨询能否办理低保."""
    opening = rng.choice(["", "", "来电人反映：", "你好，", "我想问一下，", "市民来电：", "领导，"])
    facts = "，".join(rng.sample(FACT_CLAUSES, k=rng.randint(2, 4)))
    return fill(
        opening + facts + rng.choice(["，", "。", "……", "，"]) + rng.choice(SHORT_NEEDS[intent]),
        rng,
    )


LEXICON = (
    [(word, "relation") for word in fillers.RELATION_WORDS]
    + [(word, "event_type") for word in fillers.EVENT_WORDS]
    + [(word, "illness") for word in fillers.ILLNESS]
    + [(word, "school_stage") for word in fillers.SCHOOL]
    + [(word, "disability_type") for word in fillers.DTYPE]
)


def parse_markup(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    plain, spans, offset = "", [], 0
    for match in MARKUP.finditer(text):
        plain += text[offset : match.start()]
        spans.append((len(plain), len(plain) + len(match.group(1)), match.group(2)))
        plain += match.group(1)
        offset = match.end()
    return plain + text[offset:], spans


def render_markup(plain: str, spans: list[tuple[int, int, str]]) -> str:
    out, offset = "", 0
    for start, end, entity in sorted(spans):
        out += plain[offset:start] + f"[{plain[start:end]}]({entity})"
        offset = end
    return out + plain[offset:]


# The child a third party writes about is not a relation of the caller's household
# (annotation convention), so in these intents the child words stay plain.
THIRD_PARTY_CHILD_INTENTS = {"request_child_welfare", "request_vagrant", "report_fraud"}
CHILD_WORDS = {"孩子", "娃", "娃娃", "小孩"}
MONEY_UNIT = re.compile(r"[元块万]")


def auto_annotate(text: str, intent: str = "") -> str:
    """Annotate relation, event, illness, school and disability words and sums of money the
    template left plain, so that the same word is always annotated (only where it is a whole
    token span). A plain sum is a monthly_income where zhtext.money_role says so (the rule the
    runtime normaliser applies too), any other an amount."""
    plain, spans = parse_markup(text)
    tokens = tokenize(plain)
    starts = {start for _, start, _ in tokens}
    ends = {end for _, _, end in tokens}
    taken = [(start, end) for start, end, _ in spans]
    skip = CHILD_WORDS if intent in THIRD_PARTY_CHILD_INTENTS else set()
    for word, entity in sorted(LEXICON, key=lambda item: -len(item[0])):
        if word in skip:
            continue
        for match in re.finditer(re.escape(word), plain):
            start, end = match.span()
            if start not in starts or end not in ends:
                continue
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            spans.append((start, end, entity))
            taken.append((start, end))
    for word, start, end in tokens:
        if not (NUMBER_EXPRESSION.fullmatch(word) and MONEY_UNIT.search(word)) or len(word) < 2:
            continue
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        monthly = money_role(plain, start, end) == "monthly_income"
        spans.append((start, end, "monthly_income" if monthly else "amount"))
        taken.append((start, end))
    return render_markup(plain, spans)


def status_or_complaint(intent: str, rng: random.Random) -> str:
    """上个月申请的低保办得咋样了 / 临时救助镇上扣了三百说是手续费，凭什么 (with a place or
    household fact now and then)."""
    programme = rng.choice(PROGRAMME_MENTIONS)
    if intent == "query_ticket_status":
        text = rng.choice(STATUS_LEADS) + programme + rng.choice(STATUS_ASKS)
    elif intent == "report_fraud":
        text = (
            rng.choice(FRAUD_WHO)
            + rng.choice(FRAUD_FACTS)
            + "，还"
            + rng.choice(["吃着", "领着", "享受"])
            + rng.choice(FRAUD_PROGRAMMES)
            + rng.choice(FRAUD_ENDS)
        )
    elif intent == "out_of_scope":
        text = rng.choice(OUT_OF_SCOPE_COMPLAINTS) + rng.choice(COMPLAINT_ENDS)
    else:
        text = programme + rng.choice(COMPLAINT_CUES) + rng.choice(COMPLAINT_ENDS)
    extra = rng.choice(
        ["", "", "，{place}的", "，家里{size}", "，电话{phone}", "？{village_place}"]
    )
    return fill(text + extra, rng)


STATUS_OR_COMPLAINT_COUNT = 28


def build_examples(rng: random.Random) -> dict[str, list[str]]:
    examples: dict[str, list[str]] = {}
    for intent, templates in SHORT.items():
        lines = [styled(fill(t, rng), rng) for t in templates]
        lines += [styled(fill(t, rng), rng) for t in templates if SLOT.search(t)]
        count = LONG_OUT_OF_SCOPE if intent == "out_of_scope" else LONG_TEXTS_PER_INTENT
        if intent == "query_ticket_status":
            count = 6
        lines += [long_text(intent, rng) for _ in range(count)]
        if intent in SHORT_NEEDS:
            lines += [mid_length_text(intent, rng) for _ in range(MID_LENGTH_PER_INTENT)]
        if intent in ("query_ticket_status", "complain_handling", "report_fraud", "out_of_scope"):
            lines += [status_or_complaint(intent, rng) for _ in range(STATUS_OR_COMPLAINT_COUNT)]
        while intent.startswith("request_") and len(set(lines)) < MIN_PER_REQUEST_INTENT:
            lines.append(long_text(intent, rng))
        examples[intent] = list(dict.fromkeys(lines))
    for intent, lines in CONVERSATION.items():
        examples[intent] = list(dict.fromkeys(lines))
    later = random.Random(SEED + 5)  # its own stream: the examples above stay as they were
    for intent, templates in LATER_SHORT.items():
        added = [styled(fill(t, later), later) for t in templates]
        examples[intent] = list(dict.fromkeys(examples[intent] + added))
    return examples


def write_nlu(examples: dict[str, list[str]], path: Path, intents: list[str]) -> None:
    lines = ['version: "3.1"', "", "nlu:"]
    for intent in intents:
        lines.append(f"- intent: {intent}")
        lines.append("  examples: |")
        lines += [f"    - {example}" for example in examples[intent]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_extras() -> None:
    from zhtext.places import place_names

    lines = ['version: "3.1"', "", "nlu:"]
    for name, patterns in REGEXES.items():
        lines += [f"- regex: {name}", "  examples: |"]
        lines += [f"    - {pattern}" for pattern in patterns]
    for value, words in SYNONYMS.items():
        lines += [f"- synonym: {value}", "  examples: |"]
        lines += [f"    - {word}" for word in words]
    lines += ["- lookup: place", "  examples: |"]
    lines += [f"    - {name}" for name in place_names(curated_only=True)]
    lines += ["- lookup: illness", "  examples: |"]
    lines += [f"    - {name}" for name in fillers.ILLNESS]
    (NLU_DIR / "regex_synonyms_lookups.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


FUNCTION_CHARACTERS = set("我俺他她你咱因读上在是患得了的着过被去死有和跟带家里")


def compounds_around_entity_words() -> set[str]:
    """Words of jieba's own dictionary that glue one function character to an entity word
    (因车祸, 奶奶家, 高三上): given frequency 0 so that the entity word is a token of its own."""
    import jieba

    entity_words = set(
        fillers.RELATION_WORDS + fillers.EVENT_WORDS + fillers.SCHOOL + fillers.DTYPE
    ) | {"农村", "城镇", "城市"}
    compounds = set()
    with jieba.get_dict_file() as main_dictionary:
        lines = main_dictionary.read().decode("utf-8").splitlines()
    for word in (line.split(" ", 1)[0] for line in lines):
        if not 2 <= len(word) <= 4:
            continue
        for entity_word in entity_words:
            if entity_word != word and entity_word in word:
                rest = word.replace(entity_word, "", 1)
                if len(rest) == 1 and rest in FUNCTION_CHARACTERS:
                    compounds.add(word)
    return compounds


def write_dictionary(examples: dict[str, list[str]]) -> None:
    from zhtext.places import place_names

    DICT_DIR.mkdir(parents=True, exist_ok=True)
    (DICT_DIR / "policy_terms.txt").write_text("\n".join(POLICY_TERMS) + "\n", encoding="utf-8")
    atomic_places = [p for p in fillers.PLACE if not any(town in p for town in fillers.TOWN)]
    # Place and area words get a high frequency so that 住在城镇 / 陕西人 split around them.
    (DICT_DIR / "places.txt").write_text(
        "\n".join(
            f"{name} 20000"
            for name in place_names(curated_only=True) + fillers.TOWN + atomic_places
        )
        + "\n",
        encoding="utf-8",
    )
    area_words = fillers.AREA
    (DICT_DIR / "area_words.txt").write_text(
        "\n".join(f"{word} 50000" for word in area_words) + "\n", encoding="utf-8"
    )
    # Frequency 0 removes a compound from jieba's own dictionary, so that its parts become
    # tokens and an entity inside it (一家[三口], [农村]户口, 出[车祸]) starts and ends on a boundary.
    split = {f"一家{numeral}口" for numeral in NUMERALS}
    for word in fillers.AREA + ["城镇", "城市", "农村"]:
        split |= {f"在{word}", f"{word}人", f"{word}户口", f"{word}妇女", f"{word}居民"}
    split |= {"出车祸", "遭车祸", "癌症病人", "白血病人", "尿毒症病人", "农村低保", "城市低保"}
    split |= compounds_around_entity_words()
    (DICT_DIR / "split_words.txt").write_text(
        "\n".join(f"{word} 0" for word in sorted(split)) + "\n", encoding="utf-8"
    )
    words: set[str] = set()
    for numeral in NUMERALS + [str(n) for n in range(1, 13)]:
        words |= {f"{numeral}口人", f"{numeral}口"}
    words |= {f"{numeral}级" for numeral in ["一", "二", "三", "四", "壹", "贰", "叁", "肆"]}
    words |= set(fillers.RELATION_WORDS)
    for word in fillers.ILLNESS + fillers.SCHOOL + fillers.EVENT_SUDDEN + fillers.EVENT_DISASTER:
        words.add(word)
    for text in (text for lines in examples.values() for text in lines):
        for value, entity in MARKUP.findall(text):
            if entity in {"household_size", "age", "monthly_income", "amount"} and not re.fullmatch(
                r"[0-9.]+", value
            ):
                words.add(value)
    (DICT_DIR / "entity_words.txt").write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")


def check_alignment(examples: dict[str, list[str]]) -> list[tuple[str, str]]:
    """Entities whose span does not start and end on a jieba token boundary."""
    import jieba

    for dictionary in sorted(DICT_DIR.glob("*")):
        jieba.load_userdict(str(dictionary))
    misaligned: list[tuple[str, str]] = []
    for text in (text for lines in examples.values() for text in lines):
        plain, spans = parse_markup(text)
        tokens = tokenize(plain)
        starts = {start for _, start, _ in tokens}
        ends = {end for _, _, end in tokens}
        for start, end, _ in spans:
            if start not in starts or end not in ends:
                misaligned.append((plain[start:end], plain[max(0, start - 3) : end + 3]))
    return misaligned


def main() -> int:
    rng = random.Random(SEED)
    examples = build_examples(rng)
    write_dictionary(examples)
    import jieba

    for dictionary in sorted(DICT_DIR.glob("*")):
        jieba.load_userdict(str(dictionary))
    examples = {
        intent: list(dict.fromkeys(auto_annotate(text, intent) for text in lines))
        for intent, lines in examples.items()
    }
    NLU_DIR.mkdir(parents=True, exist_ok=True)
    request_intents = [i for i in SHORT if i.startswith("request_")]
    other_needs = [i for i in SHORT if not i.startswith("request_")]
    write_nlu(examples, NLU_DIR / "requests.yml", request_intents)
    write_nlu(examples, NLU_DIR / "other_needs.yml", other_needs)
    write_nlu(examples, NLU_DIR / "conversation.yml", list(CONVERSATION))
    write_extras()
    write_dictionary(examples)
    counts = Counter({intent: len(lines) for intent, lines in examples.items()})
    print(" ".join(f"{intent}={count}" for intent, count in sorted(counts.items())))
    misaligned = check_alignment(examples)
    for value, context in misaligned[:60]:
        print("misaligned:", value, "|", context)
    print(f"{sum(counts.values())} examples, {len(misaligned)} misaligned entities")
    return 0


if __name__ == "__main__":
    sys.exit(main())

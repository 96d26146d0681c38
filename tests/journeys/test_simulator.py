"""The journey yardstick itself: persona files, the path language, the simulated citizen's reading and
answers. Fast; needs no running system."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tests.journeys import paths
from tests.journeys.citizen import Citizen, cn_number, money, persona_phone, read_turn
from tests.journeys.personas import CONTRACTS, load_set, parse_persona


def _bot(text: str, buttons: list[tuple[str, str]] | None = None) -> list[dict]:
    message: dict = {"recipient_id": "x", "text": text}
    if buttons:
        message["buttons"] = [{"title": t, "payload": p} for t, p in buttons]
    return [message]


def _persona(**overrides: object):
    raw = {
        "id": "t-1",
        "description": "test",
        "first_message": "我想问低保",
        "place": "会宁县会师镇",
        "facts": {
            "locality": "620422",
            "area": "rural",
            "housing": "renting",
            "assets_within_local_limits": True,
            "members": [
                {
                    "relation": "self",
                    "age": 58,
                    "monthly_income": 250,
                    "disability": None,
                    "serious_illness": False,
                    "able_to_work": True,
                    "employment": "flexible",
                },
                {
                    "relation": "child",
                    "age": 14,
                    "employment": "student",
                    "school_stage": "junior_high",
                    "parents": "one_missing",
                },
            ],
        },
        "say": {"disability@self": "没有残疾证，就是腿脚不好"},
        "expect": {"category": "request_dibao"},
    }
    raw.update(overrides)
    return parse_persona(raw, "test")


# --- persona files -------------------------------------------------------------------------------


def test_sets_load_and_are_disjoint() -> None:
    held_out, tuning = load_set("held_out"), load_set("tuning")
    assert len(held_out) >= 40
    assert len(tuning) >= 12
    assert not {p.id for p in held_out} & {p.id for p in tuning}
    assert not {p.first_message for p in held_out} & {p.first_message for p in tuning}


@pytest.mark.parametrize("name", ["held_out", "tuning"])
def test_persona_facts_follow_the_household_contract(name: str) -> None:
    schema = json.loads((CONTRACTS / "household.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for persona in load_set(name):
        errors = [e.message for e in validator.iter_errors(persona.facts)]
        assert not errors, (persona.id, errors)
        for path in persona.expect.facts:
            paths.select(persona.facts, path)  # every path parses


def test_expected_facts_hold_on_the_personas_own_truth() -> None:
    """An expectation that the true household itself fails is a persona-writing mistake."""
    for name in ("held_out", "tuning"):
        for persona in load_set(name):
            for path, expected in persona.expect.facts.items():
                ok, found = paths.check(persona.facts, path, expected)
                assert ok, (persona.id, path, expected, found)


def test_held_out_covers_the_required_journeys() -> None:
    personas = load_set("held_out")
    groups = {p.group for p in personas}
    assert {
        "elderly",
        "disability",
        "illness",
        "students",
        "children",
        "disaster",
        "work",
        "stranded",
        "out_of_scope",
        "life_safety",
        "confused",
        "correction",
        "dont_know",
    } <= groups
    localities = {p.facts["locality"] for p in personas}
    assert {"620422", "620602", "341824", "610103"} <= localities
    assert any(code.startswith("41") for code in localities)  # a province with no parameter file
    stages = {m.get("school_stage") for p in personas for m in p.facts["members"]}
    assert {"junior_high", "senior_high", "vocational", "college"} <= stages
    assert any(p.expect.urgency == "urgent" for p in personas)


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "said"),
    [
        (600, "六百"),
        (2500, "两千五"),
        (1200, "一千二"),
        (73, "七十三"),
        (12000, "一万二"),
        (1050, "一千零五十"),
        (150, "一百五"),
        (15, "十五"),
        (1300, "一千三"),
        (250, "两百五"),
    ],
)
def test_spoken_numbers(n: int, said: str) -> None:
    assert cn_number(n) == said


def test_money_styles() -> None:
    assert money(600, "digits") == "600块"
    assert money(12000, "digits") == "1.2万"
    assert money(600, "vague") == "几百块"
    assert money(2500, "vague") == "两千多"
    assert money(0, "words") == "没有"


# --- the path language ---------------------------------------------------------------------------

HOUSEHOLD = {
    "locality": "620422",
    "household_monthly_income": 600,
    "members": [
        {"relation": "self", "age": 45, "disability": None},
        {"relation": "spouse", "age": 48, "disability": {"grade": 2, "type": "physical"}},
        {"relation": "child", "age": 14, "school_stage": "junior_high"},
        {"relation": "child", "age": 9},
    ],
    "events": [{"type": "natural_disaster"}],
}


@pytest.mark.parametrize(
    ("path", "expected", "ok"),
    [
        ("members.#", 4, True),
        ("members[?relation=child].#", 2, True),
        ("members[?relation=child].age", 9, True),
        ("members[?relation=child].age", 10, False),
        ("members[?relation=spouse].disability.grade", 2, True),
        ("members[?relation=self].disability", None, True),
        ("members[?relation=spouse].disability", None, False),
        ("members[?age<18].school_stage", "junior_high", True),
        ("members[?relation=child|grandchild&age>=10].age", 14, True),
        ("household_monthly_income", {"range": [500, 700]}, True),
        ("$monthly_income_total", 600, True),
        ("events[*].type", {"contains": "natural_disaster"}, True),
        ("housing", None, True),
        ("housing", {"present": True}, False),
        ("members[0].age", {"in": [44, 45]}, True),
        ("members[?relation=child].age", {"not": 14}, False),
    ],
)
def test_paths(path: str, expected: object, ok: bool) -> None:
    assert paths.check(HOUSEHOLD, path, expected)[0] is ok


def test_income_total_falls_back_to_members_then_year() -> None:
    assert (
        paths.monthly_income_total({"members": [{"monthly_income": 300}, {"monthly_income": 200}]})
        == 500
    )
    assert paths.monthly_income_total({"members": [{}], "last_year_total_income": 12000}) == 1000


# --- reading the assistant -----------------------------------------------------------------------


def test_reads_control_turns() -> None:
    consent = read_turn(
        _bot(
            "为了帮您判断，需要记录您的家庭情况，这些个人信息仅用于办理救助。您同意吗？",
            [("同意", "/affirm"), ("不同意", "/deny")],
        )
    )
    assert consent.kind == "consent"
    offer = read_turn(_bot("根据您说的情况，您较可能符合：最低生活保障。需要我帮您提交成工单吗？"))
    assert offer.kind == "offer" and offer.offer
    phone = read_turn(_bot("好的。请留下您的手机号，方便工作人员联系您。"))
    assert phone.kind == "phone"
    summary = read_turn(_bot("请核对：诉求 低保；地点 会宁县；联系电话 137****5678。确认提交吗？"))
    assert summary.kind == "summary"
    filed = read_turn(_bot("已提交，工单号 12345-20260101-000123，请保存。"))
    assert filed.kind == "filed" and filed.number == "12345-20260101-000123"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("请问您家里一共几口人？", "household_size@household"),
        ("您的孩子今年多大了？", "age@child"),
        ("您本人有残疾证吗？", "disability@self"),
        ("您老伴每月有收入吗？", "income@spouse"),
        ("家里每个月总收入大概多少？", "household_income@household"),
        ("您住在哪个县区？", "locality@household"),
        ("现在住的房子是自己的还是租的？", "housing@household"),
        ("第2位家人多大年纪？", "age@member:2"),
        ("孩子在上学吗？读哪个阶段？", "school@child"),
        ("孩子的父母现在是什么情况？", "parents@child"),
        ("家里有存款、车辆吗？", "assets@household"),
        ("最近有没有遇到火灾、车祸等突发事件？", "event@household"),
        ("您有没有子女或者其他亲人能养活您、照顾您？", "supporter@self"),
    ],
)
def test_reads_household_questions(text: str, key: str) -> None:
    reading = read_turn(_bot(text))
    assert reading.kind == "household"
    assert key in [a.key for a in reading.asks]


# --- answering -----------------------------------------------------------------------------------


def test_answers_from_the_facts_and_the_say_table() -> None:
    citizen = Citizen(_persona())
    assert citizen.reply(_bot("您本人有残疾证吗？")).text == "没有残疾证，就是腿脚不好"
    assert "14" in (citizen.reply(_bot("孩子多大了？")).text or "")
    assert citizen.reply(_bot("您住在哪个县？")).text == "会宁县会师镇"
    assert "租" in (citizen.reply(_bot("您家住房是什么情况？")).text or "")
    assert citizen.reply(_bot("您有老伴吗？")).text == "没有老伴"


def test_taps_buttons_and_files() -> None:
    citizen = Citizen(_persona())
    said = citizen.reply(
        _bot("您同意吗？我们会保护您的个人信息。", [("同意", "/affirm"), ("不同意", "/deny")])
    )
    assert said.text == "/affirm"
    said = citizen.reply(_bot("需要我帮您提交成工单吗？", [("是", "/affirm"), ("否", "/deny")]))
    assert said.text == "/affirm"
    said = citizen.reply(_bot("请问您的手机号是多少？"))
    assert said.text == persona_phone(citizen.p) and len(said.text) == 11
    assert citizen.reply(_bot("工单号 12345-20260101-000001")).text is None


def test_unknown_topics_and_unreadable_questions() -> None:
    citizen = Citizen(_persona(style={"unknown": ["income"]}))
    assert citizen.reply(_bot("您每月收入多少？")).text in (
        "不知道",
        "不太清楚",
        "这个我也说不上来",
        "不知道啊",
    )
    first = citizen.reply(_bot("请问您对本次服务的体验打几星呢？"))
    again = citizen.reply(_bot("请问您对本次服务的体验打几星呢？"))
    assert (first.text, again.text) == ("啥意思？", "不知道")


def test_summary_correction_then_confirm() -> None:
    style = {
        "correction": {"when": "残疾", "unless": "无残疾", "say": "残疾那条不对，其他的对，提交吧"}
    }
    citizen = Citizen(_persona(style=style))
    wrong = _bot("请核对：本人 58岁，二级残疾；电话 139****0000。确认提交吗？")
    assert citizen.reply(wrong).text == "残疾那条不对，其他的对，提交吧"
    right = _bot("请核对：本人 58岁，无残疾；电话 139****0000。确认提交吗？")
    assert citizen.reply(right).text == "对的，提交吧"


def test_confused_persona_never_answers() -> None:
    citizen = Citizen(_persona(style={"only_confused": True, "confused_lines": ["嗯", "不懂"]}))
    assert citizen.reply(_bot("您同意吗？会使用您的个人信息。")).text == "嗯"
    assert citizen.reply(_bot("您家几口人？")).text == "不懂"


def test_reading_edge_cases() -> None:
    thanks = read_turn(_bot("好的，谢谢您的同意，请问您家里一共几口人？"))
    assert thanks.kind == "household"
    id_card = read_turn(_bot("方便说一下您的身份证号码吗？"))
    assert id_card.kind == "household"
    both = read_turn(_bot("您和老伴今年多大年纪？"))
    assert [a.key for a in both.asks] == ["age@self,spouse"]
    kids = read_turn(_bot("家里有几个孩子？"))
    assert [a.key for a in kids.asks] == ["children_count@household"]
    consent_offer = read_turn(_bot("我需要登记您的一些个人信息，您同意吗？"))
    assert consent_offer.kind == "consent"


def test_a_question_asked_again_and_again_gets_shorter_answers() -> None:
    citizen = Citizen(_persona())
    said = [citizen.reply(_bot("您现在住的房子是租的吗？")).text for _ in range(4)]
    assert said[0] == said[1] and said[2] == "我刚才说了，" + said[0]
    assert said[3] in ("不知道", "不太清楚", "这个我也说不上来", "不知道啊")


def test_an_example_order_number_is_not_a_filing() -> None:
    example = read_turn(_bot("请告诉我工单号，比如 12345-20261123-000042。"))
    assert example.number is None and example.kind == "unknown"
    assert read_turn(_bot("转接单号：12345-20261129-000035。")).number == "12345-20261129-000035"


def test_work_and_ability_are_different_questions() -> None:
    citizen = Citizen(_persona())
    work = read_turn(_bot("您本人现在是上班、打零工、失业、退休还是在上学？"))
    assert [a.key for a in work.asks] == ["work@self"]
    assert citizen.reply([], work).text == "打零工"
    ability = read_turn(_bot("您本人有劳动能力吗？"))
    assert [a.key for a in ability.asks] == ["ability@self"]
    assert citizen.reply([], ability).text == "能干活"


def test_not_understood_gets_the_rephrase_once() -> None:
    citizen = Citizen(_persona(restate="想申请低保"))
    sorry = _bot("抱歉，我没太明白。您可以换个说法。")
    assert citizen.reply(sorry).text == "想申请低保"
    assert citizen.reply(sorry).text == "然后呢？"


def test_a_household_within_the_property_limits_taps_no_to_the_big_assets_question() -> None:
    persona = next(p for p in load_set("tuning") if p.id == "t8-liangzhou-widow-son-pays")
    assert persona.facts["assets_within_local_limits"] is True
    buttons = [("有", "有"), ("没有", "没有"), ("不知道", "不知道")]
    reply = Citizen(persona).reply(_bot("家里有没有大额存款、第二套房、汽车或者店面？", buttons))
    assert reply.text == "没有"


def test_a_couple_nobody_supports_taps_no_to_the_supporter_question() -> None:
    persona = next(p for p in load_set("tuning") if p.id == "t4-elder-dongzhi-son-in-prison")
    buttons = [("有", "有"), ("没有", "没有"), ("不知道", "不知道")]
    reply = Citizen(persona).reply(
        _bot("您有没有子女或者其他亲人能养活您、照顾您？", buttons)
    )  # its words 「就一个儿子 在坐牢…没人管我们」 begin with no 「没」
    assert reply.text == "没有"


def test_a_caller_asking_for_a_parent_answers_questions_about_the_parent_from_self() -> None:
    asking_for_mother = Citizen(_persona(first_message="我替我妈问一下 她一个人住 能办低保不"))
    assert asking_for_mother.reply(_bot("您母亲今年多大年纪？")).text.startswith("58")
    # a caller for themself has no parent among the facts: 「不知道」, as before
    for_themself = Citizen(_persona())
    assert not for_themself.reply(_bot("您母亲今年多大年纪？")).text.startswith("58")

"""Tests of the normalising NLU component's logic on entity dicts shaped like Rasa's output."""

from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.normalizer import ChineseEntityNormalizer, normalise_entities


def _entity(text: str, words: str, name: str, extractor: str = "DIETClassifier") -> dict:
    start = text.index(words)
    return {
        "entity": name,
        "start": start,
        "end": start + len(words),
        "value": words,
        "extractor": extractor,
    }


def _by_name(entities: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for entity in entities:
        grouped.setdefault(entity["entity"], []).append(entity)
    return grouped


def test_values_are_normalised_and_words_kept() -> None:
    text = "我在会宁县，家里三口人，老伴七十多岁，肢体二级残疾，每月一千出头，住在农村，孙子上初中，去年着火了"
    entities = [
        _entity(text, "会宁县", "place"),
        _entity(text, "三口人", "household_size"),
        _entity(text, "老伴", "relation"),
        _entity(text, "七十多岁", "age"),
        _entity(text, "肢体", "disability_type"),
        _entity(text, "二级", "disability_grade"),
        _entity(text, "一千出头", "monthly_income"),
        _entity(text, "农村", "area"),
        _entity(text, "初中", "school_stage"),
        _entity(text, "着火", "event_type"),
    ]
    result = _by_name(normalise_entities(text, entities))
    assert result["place"][0]["value"] == "会宁县"
    assert result["place"][0]["code"] == "620422"
    assert result["household_size"][0]["value"] == 3
    assert result["relation"][0]["value"] == "spouse"
    assert result["age"][0]["value"] == 70
    assert result["disability_type"][0]["value"] == "physical"
    assert result["disability_grade"][0]["value"] == 2
    income = result["monthly_income"][0]
    assert income["value"] == 1000.0 and income["approximate"] is True
    assert income["text"] == "一千出头"
    assert result["area"][0]["value"] == "rural"
    assert result["school_stage"][0]["value"] == "junior_high"
    assert result["event_type"][0]["value"] == "fire"


def test_synonym_mapped_enum_values_stay_valid() -> None:
    text = "住在城里"
    entity = _entity(text, "城里", "area")
    entity["value"] = "urban"
    assert normalise_entities(text, [entity])[0]["value"] == "urban"


def test_regex_duplicates_are_dropped_and_plain_facts_added() -> None:
    text = "两千五一个月，家里4口人，我78岁，手机13993012345，身份证620422198003152316"
    entities = [
        _entity(text, "两千五", "monthly_income"),
        _entity(text, "13993012345", "phone", "RegexEntityExtractor"),
        _entity(text, "620422198003152316", "id_number", "RegexEntityExtractor"),
        _entity(text, "0422198003", "phone", "RegexEntityExtractor"),
    ]
    result = _by_name(normalise_entities(text, entities))
    assert result["monthly_income"][0]["value"] == 2500.0
    assert [e["value"] for e in result["phone"]] == ["13993012345"]
    assert result["household_size"][0]["value"] == 4
    assert result["household_size"][0]["extractor"] == "ChineseEntityNormalizer"
    assert result["age"][0]["value"] == 78


def test_regex_money_after_monthly_cue_becomes_monthly_income() -> None:
    text = "每月收入600元，住院花了3万元"
    entities = [
        _entity(text, "600元", "amount", "RegexEntityExtractor"),
        _entity(text, "3万元", "amount", "RegexEntityExtractor"),
    ]
    result = _by_name(normalise_entities(text, entities))
    assert [e["value"] for e in result["monthly_income"]] == [600.0]
    assert [e["value"] for e in result["amount"]] == [30000.0]


def test_ambiguous_place_gets_candidates_not_a_code() -> None:
    text = "我在城关区"
    result = normalise_entities(text, [_entity(text, "城关区", "place")])
    assert "code" not in result[0]
    assert {code for code, _ in result[0]["candidates"]} == {"620102", "540102"}


def test_component_processes_messages_and_ignores_empty_text() -> None:
    component = ChineseEntityNormalizer()
    text = "一家五口在绩溪"
    message = Message(data={TEXT: text, ENTITIES: []})
    empty = Message(data={TEXT: ""})
    component.process([message, empty])
    entities = _by_name(message.get(ENTITIES))
    assert entities["household_size"][0]["value"] == 5
    assert entities["place"][0]["code"] == "341824"
    assert empty.get(ENTITIES) in (None, [])


def test_exact_regex_spans_win_and_non_phones_are_dropped() -> None:
    text = "查下12345-20261120-000013的进度，尾号4521"
    entities = [
        _entity(text, "12345-", "ticket_number"),
        _entity(text, "20261120-000013", "ticket_number"),
        _entity(text, "4521", "phone"),
        _entity(text, "12345-20261120-000013", "ticket_number", "RegexEntityExtractor"),
    ]
    result = normalise_entities(text, entities)
    assert [(e["entity"], e["value"]) for e in result] == [
        ("ticket_number", "12345-20261120-000013")
    ]


def test_model_entity_with_the_regex_span_is_kept_once() -> None:
    text = "我的电话13993012345"
    entities = [
        _entity(text, "13993012345", "phone"),
        _entity(text, "13993012345", "phone", "RegexEntityExtractor"),
    ]
    result = normalise_entities(text, entities)
    assert [(e["entity"], e["extractor"]) for e in result] == [("phone", "DIETClassifier")]


def test_mislabelled_numbers_and_categories_are_dropped() -> None:
    text = "孩子上三年级，大的读初二，每月2000多，摔伤了"
    entities = [
        _entity(text, "三年级", "disability_grade"),
        _entity(text, "大", "relation"),
        _entity(text, "2000多", "disability_grade"),
        _entity(text, "摔伤", "event_type"),
    ]
    result = normalise_entities(text, entities)
    assert [(e["entity"], e["value"]) for e in result] == [("event_type", "other")]


def test_touching_pieces_of_one_address_or_sum_are_joined() -> None:
    text = "家住会宁县郭城驿镇红堡子村，欠了两千五百元，儿子儿媳都在外地"
    entities = [
        _entity(text, "会宁县", "place"),
        _entity(text, "郭城驿镇", "place"),
        _entity(text, "红堡子村", "place"),
        _entity(text, "两千", "amount"),
        _entity(text, "五百元", "amount"),
        _entity(text, "儿子", "relation"),
        _entity(text, "儿媳", "relation"),
    ]
    grouped = _by_name(normalise_entities(text, entities))
    assert [place["text"] for place in grouped["place"]] == ["会宁县郭城驿镇红堡子村"]
    assert grouped["place"][0]["code"] == "620422"
    assert [(amount["text"], amount["value"]) for amount in grouped["amount"]] == [
        ("两千五百元", 2500.0)
    ]
    assert [relation["text"] for relation in grouped["relation"]] == ["儿子", "儿媳"]


def test_pieces_with_a_character_between_stay_apart() -> None:
    text = "会宁县和靖远县"
    entities = [_entity(text, "会宁县", "place"), _entity(text, "靖远县", "place")]
    assert len(normalise_entities(text, entities)) == 2


def test_an_address_broken_around_an_unknown_name_is_one_place() -> None:
    text = "在会宁县柴家门镇，老人李存德"
    entities = [
        _entity(text, "会宁县", "place"),
        _entity(text, "镇", "place"),
        _entity(text, "李", "place"),
    ]
    places = _by_name(normalise_entities(text, entities))["place"]
    assert [place["text"] for place in places] == ["会宁县柴家门镇"]


def test_a_suffix_after_and_is_not_joined_to_the_place_before() -> None:
    text = "会宁县和村"
    entities = [_entity(text, "会宁县", "place"), _entity(text, "村", "place")]
    assert [e["text"] for e in normalise_entities(text, entities)] == ["会宁县"]


def test_household_size_takes_in_the_words_one_family() -> None:
    text = "一家五口现在没地方住"
    entities = [_entity(text, "五口", "household_size")]
    [size] = normalise_entities(text, entities)
    assert (size["text"], size["value"], size["start"]) == ("一家五口", 5, 0)

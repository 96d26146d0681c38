"""The long-text reader (bot.nlu.scope_reader) and its Rasa component (bot.nlu.long_text).

Trained here on a small made-up set (seconds); the real model's figures come from
scripts/nlu_eval.sh.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.long_text import (
    SCOPE,
    LongTextReader,
    corpus_fingerprint,
    decides,
    diet_reading,
    intent_output,
)
from bot.nlu.scope_reader import (
    OUT_OF_SCOPE,
    Example,
    ReaderConfig,
    Reading,
    ScopeReader,
    corpus_text,
    load_corpus,
    split_parts,
)
from tests.bot.nlu_texts import made_up_texts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reader() -> ScopeReader:
    examples = [Example(text, intent) for text, intent in made_up_texts(120, seed=1)]
    return ScopeReader(ReaderConfig(folds=3)).fit(examples)


def test_title_and_ask_are_read_apart() -> None:
    title, body, ask = split_parts(
        "低保被停了\n我家是低保户。今年突然停了。没人告诉原因。请问这是为什么？谢谢。"
    )
    assert title == "低保被停了"
    assert body.startswith("我家是低保户")
    assert "请问这是为什么？" in ask and "谢谢。" in ask
    assert "我家是低保户。" not in ask


def test_a_single_line_or_a_long_first_line_is_no_title() -> None:
    assert split_parts("我想申请低保，家里三口人。")[0] == ""
    long_first = "我" * 41 + "\n第二行"
    assert split_parts(long_first)[0] == ""


def test_the_reader_separates_needs_from_other_matters(reader: ScopeReader) -> None:
    held = made_up_texts(40, seed=2)
    readings = reader.read([text for text, _ in held])
    right = sum(r.intent == intent for r, (_, intent) in zip(readings, held, strict=True))
    assert right >= 36
    in_scope = [r for r, (_, intent) in zip(readings, held, strict=True) if intent != OUT_OF_SCOPE]
    assert all(r.in_scope for r in in_scope)


def test_the_threshold_is_chosen_within_its_bounds(reader: ScopeReader) -> None:
    low, high = reader.config.threshold_bounds
    assert low <= reader.threshold <= high


def test_the_gate_probability_grows_with_its_score(reader: ScopeReader) -> None:
    slope, _ = reader.platt
    assert slope > 0
    p = reader.in_scope_probability(["请问能不能申请低保？家里没有收入" * 3, "烧烤摊太吵了" * 10])
    assert p[0] > p[1]
    assert np.all((p >= 0) & (p <= 1))


def test_the_reader_needs_both_sides() -> None:
    with pytest.raises(ValueError):
        ScopeReader().fit([Example("我想申请低保" * 20, "request_dibao")] * 10)


def test_an_untrained_reader_says_so() -> None:
    with pytest.raises(RuntimeError):
        ScopeReader().read(["随便一段话"])


def test_confidence_is_the_probability_of_the_stated_intent() -> None:
    needs = [("request_medical", 0.6), ("request_dibao", 0.4)]
    inside = Reading(0.9, True, needs)
    assert inside.intent == "request_medical"
    assert inside.confidence == pytest.approx(0.54)
    outside = Reading(0.2, False, needs)
    assert outside.intent == OUT_OF_SCOPE
    assert outside.confidence == pytest.approx(0.8)


def test_intent_output_is_shaped_like_rasas() -> None:
    reading = Reading(0.8, True, [("request_medical", 0.75), ("request_dibao", 0.25)])
    out = intent_output(reading, threshold=0.4)
    assert out[INTENT] == {"name": "request_medical", "confidence": pytest.approx(0.6)}
    names = [entry["name"] for entry in out[INTENT_RANKING_KEY]]
    assert names == ["request_medical", "request_dibao", OUT_OF_SCOPE]
    assert out[SCOPE] == {
        "reader": "long_text",
        "in_scope_probability": 0.8,
        "threshold": 0.4,
        "in_scope": True,
    }
    below = intent_output(Reading(0.3, False, reading.needs), threshold=0.4)
    assert below[INTENT] == {"name": OUT_OF_SCOPE, "confidence": pytest.approx(0.7)}
    assert below[INTENT_RANKING_KEY][0]["name"] == OUT_OF_SCOPE


@pytest.mark.parametrize(
    ("length", "diet", "expected"),
    [
        (60, "request_dibao", False),  # short: DIET decides
        (61, "request_dibao", True),
        (61, "out_of_scope", True),
        (61, None, True),
        (100, "inform", False),  # a long answer to the assistant's question stays an answer
        (151, "inform", True),  # a whole story is read as a request
    ],
)
def test_which_texts_the_reader_decides(length: int, diet: str | None, expected: bool) -> None:
    reading = {"name": diet, "confidence": 0.9} if diet else None
    assert decides("字" * length, reading, 60, 150) is expected


def test_a_long_need_diet_took_for_a_status_question_is_read_by_the_reader() -> None:
    status = {"name": "query_ticket_status", "confidence": 0.55}
    need = (
        "俺是古浪土门的 三个月前给人盖房子从架子上摔下来 腿断了 到现在干不了活 "
        "家里就老伴种地 一年七八千 能不能给办个低保"
    )
    assert decides(need, status, 60, 150)
    asked = "我上个月在你们这里反映的低保的事情，到现在也没人联系我，想查一下工单办得怎么样了"
    assert not decides(asked, status, 60, 150)


def test_diets_reading_is_found_under_the_fallback() -> None:
    message = Message(
        data={
            TEXT: "x",
            INTENT: {"name": "nlu_fallback", "confidence": 0.4},
            INTENT_RANKING_KEY: [
                {"name": "nlu_fallback", "confidence": 0.4},
                {"name": "request_tekun", "confidence": 0.35},
            ],
        }
    )
    assert diet_reading(message) == {"name": "request_tekun", "confidence": 0.35}
    assert diet_reading(Message(data={TEXT: "x"})) is None


def _write_corpus(directory: Path, texts: list[tuple[str, str]]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    entries = [
        {
            "id": f"tr-{i:04d}",
            "title": "",
            "text": text,
            "intent": intent,
            "topic": "民政" if intent != OUT_OF_SCOPE else "其他",
            "clear": True,
            "hardship_in_other": False,
        }
        for i, (text, intent) in enumerate(texts)
    ]
    (directory / "part_01.yml").write_text(
        yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8"
    )


def test_the_component_trains_persists_loads_and_reads_only_long_texts(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, made_up_texts(90, seed=3))
    chat = [
        Message(data={TEXT: "我想申请低保", INTENT: "request_dibao"}),
        Message(data={TEXT: "住院费报不了想申请医疗救助", INTENT: "request_medical"}),
        Message(data={TEXT: "小区停车太乱了", INTENT: OUT_OF_SCOPE}),
        Message(data={TEXT: "你好", INTENT: "greet"}),
    ]
    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    resource = Resource("long_text_reader")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**LongTextReader.get_default_config(), "corpus": str(corpus)}
    component = LongTextReader.create(config, storage, resource, context)
    assert len(component.training_examples(TrainingData(chat))) == 93  # not the greeting
    component.train(TrainingData(chat))

    loaded = LongTextReader.load(config, storage, resource, context)
    long_text, intent = made_up_texts(1, seed=4)[0]
    messages = [
        Message(data={TEXT: long_text, INTENT: {"name": "greet", "confidence": 0.9}}),
        Message(data={TEXT: "我想申请低保", INTENT: {"name": "request_dibao", "confidence": 0.9}}),
    ]
    messages[0].set(INTENT_RANKING_KEY, [{"name": "request_tekun", "confidence": 0.5}])
    loaded.process(messages)
    assert messages[0].get(SCOPE)["reader"] == "long_text"
    assert messages[0].get(INTENT)["name"] == intent
    assert "scope" in messages[0].as_dict(only_output_properties=True)
    assert messages[1].get(SCOPE) is None
    assert messages[1].get(INTENT)["name"] == "request_dibao"


def test_a_missing_corpus_is_an_error_not_a_silent_model(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path / "storage")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**LongTextReader.get_default_config(), "corpus": str(tmp_path / "nowhere")}
    component = LongTextReader.create(config, storage, Resource("r"), context)
    with pytest.raises(FileNotFoundError):
        component.train(TrainingData([]))


def test_a_changed_corpus_changes_the_fingerprint(tmp_path: Path) -> None:
    _write_corpus(tmp_path, made_up_texts(4, seed=5))
    before = corpus_fingerprint(str(tmp_path))
    _write_corpus(tmp_path, made_up_texts(5, seed=5))
    assert corpus_fingerprint(str(tmp_path)) != before
    assert LongTextReader.fingerprint_addon({"corpus": str(tmp_path)}) == corpus_fingerprint(
        str(tmp_path)
    )


def test_a_title_is_the_first_line_of_the_text() -> None:
    assert corpus_text(" 低保被停了 ", "我家是低保户。\n") == "低保被停了\n我家是低保户。"
    assert corpus_text("", "我家是低保户。") == corpus_text(None, "我家是低保户。")


def test_the_training_part_of_the_corpus_loads() -> None:
    texts = load_corpus(ROOT / "nlu_data" / "corpus12345" / "train")
    assert len(texts) == 923
    assert all(t.id.startswith("tr-") for t in texts)
    assert sum(t.intent != OUT_OF_SCOPE for t in texts) == 317

"""Rasa 3.6 intent component: long 12345 texts are read by the scope reader, not by DIET.

DIETClassifier keeps short chat turns (你好, 三口人, 我想申请低保) and every entity. A long text
(more than ``min_chars`` characters: a pasted work order, a web 留言) is decided by
:class:`bot.nlu.scope_reader.ScopeReader`: a calibrated in-scope gate tuned for recall, then the
need. The reader trains on the project's NLU examples of the work-order categories and on the
training part of the 12345 corpus (``corpus``, a directory of corpus YAML files, read at
training time; its content is part of the component's fingerprint, so a changed corpus retrains).

It runs after FallbackClassifier: a long text gets a need or ``out_of_scope``, never
``nlu_fallback``; how sure the reader is goes into the intent's confidence and into ``scope``
(in the output of ``/model/parse``)::

    "scope": {"reader": "long_text", "in_scope_probability": 0.93, "threshold": 0.38,
              "in_scope": true}

A long chat answer that DIET reads as a conversation intent (inform, deny …) keeps DIET's
reading unless the text is very long (``conversation_max_chars``): the dialogue asked a question
and the citizen answered it at length.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.scope_reader import (
    OUT_OF_SCOPE,
    Example,
    ReaderConfig,
    Reading,
    ScopeReader,
    load_corpus,
)
from household.needs import CATEGORIES
from household.words import STATUS_QUESTION_RE

log = logging.getLogger(__name__)

SCOPE = "scope"
READER_NAME = "long_text"
STATUS_QUERY = "query_ticket_status"
# A "status question" of this many characters without a word of one is a story (「俺是古浪土门的
# …能不能给办个低保」), read by the reader; a shorter one (「我的事咋样了」) stays DIET's.
MISREAD_STATUS_MIN_CHARS = 20
MODEL_FILE = "scope_reader.joblib"


def corpus_fingerprint(directory: str | None) -> str:
    """sha256 over the names and contents of the corpus files (empty when there is none)."""
    digest = hashlib.sha256()
    if directory:
        for path in sorted(Path(directory).glob("*.yml")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def diet_reading(message: Message) -> dict[str, Any] | None:
    """The intent DIET gave, before FallbackClassifier replaced it by nlu_fallback."""
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME
    ]
    if ranking:
        return dict(ranking[0])
    intent = message.get(INTENT)
    return dict(intent) if isinstance(intent, dict) and intent.get("name") else None


def decides(text: str, diet: dict[str, Any] | None, min_chars: int, conversation_max: int) -> bool:
    """Whether the reader, not DIET, gives the intent of this text."""
    length = len(text.strip())
    if diet and diet.get("name") == STATUS_QUERY and not STATUS_QUESTION_RE.search(text):
        # a need DIET took for a status question: it names no order and no progress
        return length > MISREAD_STATUS_MIN_CHARS
    if length <= min_chars:
        return False
    if diet is None or diet.get("name") in CATEGORIES:
        return True
    return length > conversation_max


def intent_output(reading: Reading, threshold: float) -> dict[str, Any]:
    """INTENT, INTENT_RANKING and SCOPE of one reading, shaped like Rasa's."""
    p_in = reading.in_scope_probability
    ranking = [{"name": name, "confidence": p_in * q} for name, q in reading.needs]
    ranking.append({"name": OUT_OF_SCOPE, "confidence": 1.0 - p_in})
    ranking.sort(key=lambda entry: -entry["confidence"])
    top = {"name": reading.intent, "confidence": reading.confidence}
    ranking = [top] + [entry for entry in ranking if entry["name"] != reading.intent]
    scope = {
        "reader": READER_NAME,
        "in_scope_probability": round(p_in, 4),
        "threshold": round(threshold, 4),
        "in_scope": reading.in_scope,
    }
    return {INTENT: top, INTENT_RANKING_KEY: ranking[:10], SCOPE: scope}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LongTextReader(GraphComponent, IntentClassifier):
    """Gives the intent of long texts: social assistance or not, then which need."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Texts longer than this are read here; shorter ones keep DIET's intent.
            "min_chars": 60,
            # A conversation intent from DIET (inform, affirm …) is kept up to this length.
            "conversation_max_chars": 150,
            # Training part of the 12345 corpus (relative to the working directory), or null.
            "corpus": "nlu_data/corpus12345/train",
            # Weight of a project NLU example against a corpus text.
            "chat_weight": 0.5,
            # Share of the corpus' in-scope texts the gate keeps, out of fold.
            "target_recall": 0.98,
            "random_seed": 20261123,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        return corpus_fingerprint(config.get("corpus"))

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        reader: ScopeReader | None = None,
    ) -> None:
        self.component_config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.reader = reader

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LongTextReader:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LongTextReader:
        try:
            with model_storage.read_from(resource) as directory:
                reader = joblib.load(directory / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            log.warning("LongTextReader: no trained reader found; DIET reads every text")
            reader = None
        return cls(config, model_storage, resource, reader)

    def training_examples(self, training_data: TrainingData) -> list[Example]:
        weight = float(self.component_config["chat_weight"])
        examples = [
            Example(str(m.get(TEXT)), str(m.get(INTENT)), weight, long_text=False)
            for m in training_data.intent_examples
            if m.get(INTENT) in CATEGORIES and m.get(TEXT)
        ]
        corpus = self.component_config.get("corpus")
        if corpus:
            if not Path(corpus).is_dir():
                raise FileNotFoundError(f"LongTextReader: no corpus directory {corpus}")
            examples += [
                Example(t.text, t.intent, 1.0, long_text=True)
                for t in load_corpus(corpus)
                if t.intent in CATEGORIES
            ]
        return examples

    def train(self, training_data: TrainingData) -> Resource:
        config = ReaderConfig(
            target_recall=float(self.component_config["target_recall"]),
            seed=int(self.component_config["random_seed"]),
        )
        self.reader = ScopeReader(config).fit(self.training_examples(training_data))
        log.info(
            "LongTextReader: gate threshold %.3f (target recall %.2f)",
            self.reader.threshold,
            config.target_recall,
        )
        with self._model_storage.write_to(self._resource) as directory:
            joblib.dump(self.reader, directory / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self.reader is None:
            return messages
        min_chars = int(self.component_config["min_chars"])
        conversation_max = int(self.component_config["conversation_max_chars"])
        chosen = [
            m
            for m in messages
            if isinstance(m.get(TEXT), str)
            and decides(m.get(TEXT), diet_reading(m), min_chars, conversation_max)
        ]
        if not chosen:
            return messages
        readings = self.reader.read([m.get(TEXT) for m in chosen])
        for message, reading in zip(chosen, readings, strict=True):
            for key, value in intent_output(reading, self.reader.threshold).items():
                message.set(key, value, add_to_output=True)
        return messages

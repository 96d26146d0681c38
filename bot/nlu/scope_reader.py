"""The long-text reader: is a 12345 留言 about social assistance, and which need does it state?

Plain scikit-learn (no Rasa import), so that the Rasa component (:mod:`bot.nlu.long_text`), the
evaluation tool and the tests share one implementation.

A long 12345 text is read in parts, each with its own vocabulary:

* the whole text (character 1-3-grams, TF-IDF, sublinear term frequency);
* the title, when the first line is a short headline (web 留言 carry one);
* the ask: the sentences that state the 诉求 (请问, 希望, 能不能, 申请 …) and the last two
  sentences, where an operator or a citizen puts what they want;
* the words (jieba tokens, 1-2-grams) of the whole text.

Two logistic regressions read the joined features: a **gate** (in scope of social assistance or
not) and a **need** classifier over the in-scope intents, trained on in-scope texts only. The gate
is calibrated: its out-of-fold scores on the 12345 corpus are mapped to probabilities (Platt
scaling), and its threshold is the lowest probability that still keeps ``target_recall`` of the
corpus' in-scope texts in scope, out of fold. A missed person in hardship is the worse error, so
the threshold is chosen for recall first; false routes are what is left to minimise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

OUT_OF_SCOPE = "out_of_scope"

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
# Words that introduce what the writer asks for (the 诉求 of a 留言).
_ASK = re.compile(
    r"请问|希望|恳请|恳求|请求|诉求|要求|能不能|能否|可不可以|可否|有没有|怎么办|咋办|帮帮|"
    r"帮助|救救|申请|咨询|想问|麻烦|盼|求求|给个说法|落实|解决|办理|\?|？"
)
TITLE_MAX_CHARS = 40
MAX_TEXT_CHARS = 5000


@dataclass(frozen=True)
class Example:
    """One training text: its intent, its weight, and whether it counts for the recall target."""

    text: str
    intent: str
    weight: float = 1.0
    long_text: bool = True  # a real-style 12345 text (the corpus), not a chat line


@dataclass(frozen=True)
class Reading:
    """The reader's view of one text."""

    in_scope_probability: float
    in_scope: bool
    needs: list[tuple[str, float]]  # in-scope intents, most likely first (given in scope)

    @property
    def intent(self) -> str:
        return self.needs[0][0] if self.in_scope else OUT_OF_SCOPE

    @property
    def confidence(self) -> float:
        """Probability that the text is what :attr:`intent` says."""
        if not self.in_scope:
            return 1.0 - self.in_scope_probability
        return self.in_scope_probability * self.needs[0][1]


def split_parts(text: str) -> tuple[str, str, str]:
    """(title, body, ask) of a text. The title is a short first line followed by more lines."""
    text = text[:MAX_TEXT_CHARS]
    first, _, rest = text.partition("\n")
    title, body = "", text
    if rest.strip() and 0 < len(first.strip()) <= TITLE_MAX_CHARS:
        title, body = first.strip(), rest
    sentences = [s.strip() for s in _SENTENCE.findall(body) if s.strip()]
    asks = [s for s in sentences if _ASK.search(s)] + sentences[-2:]
    return title, body, " ".join(dict.fromkeys(asks))


def default_words(text: str) -> list[str]:
    """Jieba tokens of the project tokenizer (numbers whole), with whatever dictionary is loaded."""
    from zhtext.tokens import tokenize

    return [word for word, _, _ in tokenize(text[:MAX_TEXT_CHARS]) if word.strip()]


@dataclass
class ReaderConfig:
    char_max_features: int = 40000
    title_weight: float = 1.0
    ask_weight: float = 1.0
    word_weight_gate: float = 1.0
    word_weight_need: float = 2.0
    gate_c: float = 10.0
    need_c: float = 10.0
    target_recall: float = 0.98
    folds: int = 5
    seed: int = 20261123
    # The threshold never leaves this range, whatever the out-of-fold scores say.
    threshold_bounds: tuple[float, float] = (0.05, 0.5)


def _char_vectorizer(max_features: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char",
        ngram_range=(1, 3),
        sublinear_tf=True,
        min_df=2,
        max_features=max_features,
        dtype=np.float32,
    )


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _word_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=_identity,
        sublinear_tf=True,
        min_df=2,
        dtype=np.float32,
    )


def _word_ngrams(words: list[str]) -> list[str]:
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass
class ScopeReader:
    """Gate + need classifier over the parts of a text. Fit with :meth:`fit`."""

    config: ReaderConfig = field(default_factory=ReaderConfig)
    words: Callable[[str], list[str]] = default_words
    threshold: float = 0.5
    platt: tuple[float, float] = (1.0, 0.0)
    _vectorizers: dict[str, TfidfVectorizer] = field(default_factory=dict)
    _gate: LogisticRegression | None = None
    _need: LogisticRegression | None = None

    # -- features ------------------------------------------------------------------------------
    def _texts(self, texts: Sequence[str]) -> dict[str, list[Any]]:
        parts = [split_parts(t) for t in texts]
        return {
            "whole": [t[:MAX_TEXT_CHARS] for t in texts],
            "title": [p[0] for p in parts],
            "ask": [p[2] for p in parts],
            "words": [_word_ngrams(self.words(t)) for t in texts],
        }

    def _fit_vectorizers(self, texts: Sequence[str]) -> dict[str, list[Any]]:
        inputs = self._texts(texts)
        size = self.config.char_max_features
        self._vectorizers = {
            "whole": _char_vectorizer(size),
            "title": _char_vectorizer(size),
            "ask": _char_vectorizer(size),
            "words": _word_vectorizer(),
        }
        for name, vectorizer in self._vectorizers.items():
            # A part with no text at all (no titles) still needs a vocabulary.
            vectorizer.fit([x for x in inputs[name] if x] or ["无"] * 2)
        return inputs

    def _features(self, inputs: dict[str, list[Any]], word_weight: float) -> sp.csr_matrix:
        weights = {
            "whole": 1.0,
            "title": self.config.title_weight,
            "ask": self.config.ask_weight,
            "words": word_weight,
        }
        blocks = [
            weights[name] * vectorizer.transform(inputs[name])
            for name, vectorizer in self._vectorizers.items()
            if weights[name]
        ]
        return sp.hstack(blocks).tocsr()

    # -- training ------------------------------------------------------------------------------
    def fit(self, examples: Sequence[Example]) -> ScopeReader:
        texts = [e.text for e in examples]
        weights = np.array([e.weight for e in examples], dtype=float)
        in_scope = np.array([e.intent != OUT_OF_SCOPE for e in examples])
        long_text = np.array([e.long_text for e in examples])
        if in_scope.all() or not in_scope.any():
            raise ValueError("the reader needs in-scope and out-of-scope texts")
        inputs = self._fit_vectorizers(texts)
        gate_x = self._features(inputs, self.config.word_weight_gate)
        need_x = self._features(inputs, self.config.word_weight_need)

        scores = self._out_of_fold_gate_scores(gate_x, in_scope, weights)
        calibrate = long_text if long_text.any() else np.ones_like(long_text)
        self.platt = _fit_platt(scores[calibrate], in_scope[calibrate])
        probabilities = _sigmoid(self.platt, scores)
        self.threshold = self._recall_threshold(probabilities[calibrate & in_scope])

        self._gate = self._new_gate().fit(gate_x, in_scope, sample_weight=weights)
        needs = np.array([e.intent for e in examples])
        self._need = LogisticRegression(C=self.config.need_c, solver="liblinear").fit(
            need_x[in_scope], needs[in_scope], sample_weight=weights[in_scope]
        )
        return self

    def _new_gate(self) -> LogisticRegression:
        return LogisticRegression(C=self.config.gate_c, solver="liblinear", class_weight="balanced")

    def _out_of_fold_gate_scores(
        self, x: sp.csr_matrix, in_scope: np.ndarray, weights: np.ndarray
    ) -> np.ndarray:
        scores = np.zeros(len(in_scope))
        folds = StratifiedKFold(self.config.folds, shuffle=True, random_state=self.config.seed)
        for train, held in folds.split(np.zeros(len(in_scope)), in_scope):
            gate = self._new_gate().fit(x[train], in_scope[train], sample_weight=weights[train])
            scores[held] = gate.decision_function(x[held])
        return scores

    def _recall_threshold(self, in_scope_probabilities: np.ndarray) -> float:
        low, high = self.config.threshold_bounds
        if not len(in_scope_probabilities):
            return high
        ranked = np.sort(in_scope_probabilities)
        index = int(np.floor((1.0 - self.config.target_recall) * len(ranked)))
        return float(min(high, max(low, ranked[min(index, len(ranked) - 1)])))

    # -- reading -------------------------------------------------------------------------------
    def in_scope_probability(self, texts: Sequence[str]) -> np.ndarray:
        if self._gate is None:
            raise RuntimeError("the reader is not trained")
        inputs = self._texts(texts)
        scores = self._gate.decision_function(self._features(inputs, self.config.word_weight_gate))
        return _sigmoid(self.platt, np.asarray(scores, dtype=float))

    def read(self, texts: Sequence[str]) -> list[Reading]:
        if self._gate is None or self._need is None:
            raise RuntimeError("the reader is not trained")
        inputs = self._texts(texts)
        gate_scores = self._gate.decision_function(
            self._features(inputs, self.config.word_weight_gate)
        )
        probabilities = _sigmoid(self.platt, np.asarray(gate_scores, dtype=float))
        need_probabilities = self._need.predict_proba(
            self._features(inputs, self.config.word_weight_need)
        )
        classes = [str(c) for c in self._need.classes_]
        readings = []
        for probability, row in zip(probabilities, need_probabilities, strict=True):
            order = np.argsort(-row)
            readings.append(
                Reading(
                    in_scope_probability=float(probability),
                    in_scope=bool(probability >= self.threshold),
                    needs=[(classes[i], float(row[i])) for i in order],
                )
            )
        return readings


def _fit_platt(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Slope and intercept mapping a decision score to a probability (Platt scaling)."""
    model = LogisticRegression(C=1e4).fit(scores.reshape(-1, 1), labels)
    return float(model.coef_[0][0]), float(model.intercept_[0])


def _sigmoid(platt: tuple[float, float], scores: np.ndarray) -> np.ndarray:
    slope, intercept = platt
    return np.asarray(1.0 / (1.0 + np.exp(-(slope * scores + intercept))), dtype=float)


# -- the 12345 corpus ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CorpusText:
    id: str
    text: str  # the title (when there is one) on its own first line, then the body
    intent: str
    clear: bool
    hardship_in_other: bool
    topic: str


def corpus_text(title: str | None, body: str) -> str:
    """A 留言 as one text, the way an operator pastes it: the title on its first line."""
    title = (title or "").strip()
    return f"{title}\n{body.strip()}" if title else body.strip()


def load_corpus(directory: Path | str) -> list[CorpusText]:
    """Every entry of the corpus files (``*.yml``) in ``directory``, in file order."""
    texts = []
    for path in sorted(Path(directory).glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            texts.append(
                CorpusText(
                    id=str(entry["id"]),
                    text=corpus_text(entry.get("title"), str(entry["text"])),
                    intent=str(entry["intent"]),
                    clear=bool(entry.get("clear", True)),
                    hardship_in_other=bool(entry.get("hardship_in_other", False)),
                    topic=str(entry.get("topic", "")),
                )
            )
    return texts

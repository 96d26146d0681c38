"""Rasa 3.6 tokenizer component: JiebaTokenizer that keeps number expressions whole.

Same configuration as Rasa's JiebaTokenizer (``dictionary_path`` …); only the tokens differ:
see :mod:`zhtext.tokens` for why 八九百块 or 3万余元 is one token.

A message is read as at most ``max_tokens`` tokens (its beginning and its end, where a 12345
text puts its 诉求): the intent and entity model's memory grows with the square of the length,
and one 40,000-character chat message must not take the server down.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message

from zhtext.tokens import tokenize

MAX_TOKENS = 400
TAIL_TOKENS = 80  # of the kept tokens, how many come from the end of the text


def keep_within(tokens: list[Any], limit: int = MAX_TOKENS, tail: int = TAIL_TOKENS) -> list[Any]:
    """The first and last tokens of a text too long to read whole."""
    if len(tokens) <= limit:
        return tokens
    return tokens[: limit - tail] + tokens[-tail:]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class ChineseNumberTokenizer(JiebaTokenizer):
    """Jieba tokens, with each amount, age or household size as a single token."""

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute)
        tokens = [Token(word, start) for word, start, _ in tokenize(text)]
        return keep_within(self._apply_token_pattern(tokens))

"""Rasa 3.6 tokenizer component: JiebaTokenizer that keeps number expressions whole.

Same configuration as Rasa's JiebaTokenizer (``dictionary_path`` …); only the tokens differ:
see :mod:`bot.nlu.tokens` for why 八九百块 or 3万余元 is one token.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message

from zhtext.tokens import tokenize


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class ChineseNumberTokenizer(JiebaTokenizer):
    """Jieba tokens, with each amount, age or household size as a single token."""

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute)
        tokens = [Token(word, start) for word, start, _ in tokenize(text)]
        return self._apply_token_pattern(tokens)

"""Jieba tokens with every number expression kept whole.

Jieba splits 一千出头 into 一千 / 出头, 八九百块 into 八九 / 百块 and 3万余元 into 3 / 万余 / 元,
differently from one phrasing to the next, so the entity model would have to learn a boundary
for each. Merging a number with its qualifiers and unit (多, 来, 余, 左右, 出头; 元, 块钱, 岁,
口人 ...) into one token makes every stated amount, age or household size a single token whose
label (monthly_income or amount, age, household_size) the model decides from the context.

Pure Python plus jieba: the training-data builder (nlu_data/tools) and the Rasa tokenizer
component (bot/nlu/tokenizer.py) both tokenise with :func:`tokenize`, so annotations line up
with the tokens the model sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NUMERAL = "0-9０-９零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟俩"
NUMBER_EXPRESSION = re.compile(
    rf"[{_NUMERAL}](?:[{_NUMERAL}多来余几]|\.[0-9])*"
    r"(?:块钱|块|元|周岁|岁|口人|口)?"
    r"(?:左右|出头|上下)?"
)
_UNIT_OR_QUALIFIER = re.compile(r"(?:块钱|块|元|岁|口人|口|左右|出头|上下|[万千百十多来余])")


def _mergeable(expression: str) -> bool:
    """Only number expressions worth one token: with a unit or a qualifier, or several digits."""
    return len(expression) >= 2 and bool(
        _UNIT_OR_QUALIFIER.search(expression[1:]) or expression.isdigit()
    )


def merge_number_tokens(
    text: str, tokens: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """Replace the run of tokens covering each number expression by one token.

    A token that starts before or ends after the expression (一口气, 两口子, 三口人家) means
    the number belongs to a word: those tokens are kept as they are.
    """
    merged: list[tuple[str, int, int]] = []
    index = 0
    expressions = {
        match.start(): match.end()
        for match in NUMBER_EXPRESSION.finditer(text)
        if _mergeable(match.group())
    }
    while index < len(tokens):
        word, start, end = tokens[index]
        stop = expressions.get(start)
        if stop is not None and stop > end:
            last = index
            while last + 1 < len(tokens) and tokens[last + 1][2] <= stop:
                last += 1
            if tokens[last][2] == stop and last > index:
                merged.append((text[start:stop], start, stop))
                index = last + 1
                continue
        merged.append((word, start, end))
        index += 1
    return merged


# Entity words that jieba's HMM glues to a neighbour when it guesses an unknown word
# (我爸, 俺娘, 娃上, 读高二): a guessed word holding one is split around it.
_GRADES = [f"{stage}{year}" for stage in "高初大" for year in "一二三四"]
INNER_WORDS = sorted([*_GRADES, *"爸妈爹娘哥姐弟妹叔婶姨舅娃"], key=len, reverse=True)


def split_guessed_words(
    tokens: list[tuple[str, int, int]], is_known: Callable[[str], bool]
) -> list[tuple[str, int, int]]:
    """Split every token that is not a dictionary word around the entity word in it."""
    split: list[tuple[str, int, int]] = []
    for word, start, end in tokens:
        inner = next((inner for inner in INNER_WORDS if inner in word and inner != word), None)
        if len(word) < 2 or inner is None or is_known(word):
            split.append((word, start, end))
            continue
        position = word.index(inner)
        pieces = [word[:position], inner, word[position + len(inner) :]]
        offset = start
        for piece in pieces:
            if piece:
                split.append((piece, offset, offset + len(piece)))
                offset += len(piece)
    return split


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Jieba's tokens of ``text`` (with whatever user dictionary is loaded), numbers whole,
    kinship words apart from the words jieba's HMM guessed around them."""
    import jieba

    def is_known(word: str) -> bool:
        return bool(jieba.dt.FREQ.get(word))

    tokens = split_guessed_words(list(jieba.tokenize(text)), is_known)
    return merge_number_tokens(text, tokens)

"""Number expressions stay one token (bot/nlu/tokens.py), words with numerals do not."""

from __future__ import annotations

import pytest

from zhtext.tokens import merge_number_tokens, tokenize


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("一个月挣八九百块", "八九百块"),
        ("欠了3万余元的债", "3万余元"),
        ("每月两千五百块钱", "两千五百块钱"),
        ("老伴七十多岁了", "七十多岁"),
        ("看病花了十几万", "十几万"),
    ],
)
def test_a_number_with_its_unit_is_one_token(text: str, token: str) -> None:
    words = [word for word, _, _ in tokenize(text)]
    assert token in words
    assert "".join(words) == text


@pytest.mark.parametrize("text", ["两口子一口气干完", "我们三口人家", "申请两项补贴", "二级残疾"])
def test_numerals_inside_words_keep_jieba_tokens(text: str) -> None:
    import jieba

    assert tokenize(text) == list(jieba.tokenize(text))


def test_merge_joins_only_whole_tokens() -> None:
    text = "挣八九百块"
    tokens = [("挣", 0, 1), ("八九", 1, 3), ("百块", 3, 5)]
    assert merge_number_tokens(text, tokens) == [("挣", 0, 1), ("八九百块", 1, 5)]
    straddling = [("挣八", 0, 2), ("九百块", 2, 5)]
    assert merge_number_tokens(text, straddling) == straddling


def test_offsets_cover_the_text_without_gaps() -> None:
    text = "来电人反映：其家中3口人，每月仅靠600元，欠债1.2万，诉求：申请低保"
    tokens = tokenize(text)
    assert [start for _, start, _ in tokens][1:] == [end for _, _, end in tokens][:-1]
    assert all(text[start:end] == word for word, start, end in tokens)


def test_guessed_words_are_split_around_kinship_and_grade_words() -> None:
    from zhtext.tokens import split_guessed_words

    tokens = [("我爸", 0, 2), ("读高二", 2, 5), ("妈妈", 5, 7), ("李存德", 7, 10)]
    known = {"妈妈"}
    assert split_guessed_words(tokens, known.__contains__) == [
        ("我", 0, 1),
        ("爸", 1, 2),
        ("读", 2, 3),
        ("高二", 3, 5),
        ("妈妈", 5, 7),
        ("李存德", 7, 10),
    ]

"""Orders the assistant files for a person (转人工), and reading the conversation it attaches.

The assistant marks such an order with ``"handoff": true`` (or, as before, a text starting with
「【转人工】」); its text ends with the conversation as 「市民：…」/「助手：…」 lines. Here: telling a
handoff, the citizen's own words (for the urgency and life-safety check, which must not read the
assistant's words), and the transcript as lines a person can read (button payloads such as
``/request_human`` shown as the button's words, not as intents).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from household.needs import CATEGORY_ZH

HANDOFF_MARK = "【转人工】"
CITIZEN, ASSISTANT = "市民", "助手"
_LINE_RE = re.compile(r"^(市民|助手)[：:](.*)$")
_QUOTE_RE = re.compile(r"^市民原话[：:](.*)$")
# Quick-reply payloads of the chat (an intent, maybe with entities): what the citizen clicked.
_PAYLOAD_RE = re.compile(r"^/([a-z_]+)(\{.*\})?$")
PAYLOAD_WORDS = {
    "greet": "（打开对话）",
    "request_human": "（点选：转人工）",
    "affirm": "（点选：是）",
    "deny": "（点选：否）",
    "goodbye": "（点选：再见）",
    "thank": "（点选：谢谢）",
    "consent": "（点选：同意）",
    "inform": "（点选了选项）",
}


def marked_as_handoff(text: str) -> bool:
    return text.lstrip().startswith(HANDOFF_MARK)


def clicked(text: str) -> str | None:
    """The words for a button payload ('/request_human' -> '（点选：转人工）'), else None."""
    match = _PAYLOAD_RE.fullmatch(text.strip())
    if match is None:
        return None
    intent = match.group(1)
    if intent in PAYLOAD_WORDS:
        return PAYLOAD_WORDS[intent]
    if intent in CATEGORY_ZH:
        return f"（点选：{CATEGORY_ZH[intent]}）"
    return "（点选了快捷按钮）"


def citizen_words(text: str) -> str:
    """What the citizen said: the 「市民：」 lines and the 「市民原话：」 line of an assistant's
    order (button payloads left out), or the whole text when it carries no conversation."""
    said = []
    for line in text.splitlines():
        line = line.strip()
        for pattern in (_LINE_RE, _QUOTE_RE):
            match = pattern.match(line)
            if match is None:
                continue
            words = match.group(match.lastindex or 1).strip()
            if pattern is _LINE_RE and match.group(1) != CITIZEN:
                break
            if words and clicked(words) is None:
                said.append(words)
            break
    return "\n".join(said) if said else text


@dataclass(frozen=True)
class Line:
    speaker: str  # 市民 / 助手
    text: str
    clicked: bool = False


@dataclass(frozen=True)
class Conversation:
    head: str  # the text before the transcript (the reason, the citizen's quoted words)
    lines: tuple[Line, ...]


def read_conversation(text: str) -> Conversation | None:
    """The order's text split into its head and the transcript lines; None without a transcript.
    A line that does not start with a speaker continues the line before it."""
    lines: list[Line] = []
    head: list[str] = []
    for raw in text.splitlines():
        match = _LINE_RE.match(raw.strip())
        if match is not None:
            words = match.group(2).strip()
            shown = clicked(words) if match.group(1) == CITIZEN else None
            lines.append(Line(match.group(1), shown or words, shown is not None))
        elif lines and raw.strip():
            last = lines[-1]
            lines[-1] = Line(last.speaker, f"{last.text}\n{raw.strip()}", last.clicked)
        elif not lines:
            head.append(raw)
    if not lines:
        return None
    head_text = "\n".join(head).strip()
    head_text = re.sub(r"\n?对话记录[：:]\s*$", "", head_text).strip()
    return Conversation(head_text, tuple(lines))


def summary(text: str, limit: int = 60) -> str:
    """A one-line preview: the head of a handoff (its reason and the citizen's words), else the
    text, without the transcript; cut at `limit` characters."""
    conversation = read_conversation(text)
    if conversation is not None:
        said = [line.text for line in conversation.lines if line.speaker == CITIZEN]
        said = [s for s in said if not s.startswith("（")]
        base = conversation.head.replace(HANDOFF_MARK, "").strip()
        text = "；".join(part for part in (base, "；".join(said[-2:])) if part)
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"

"""A rule-based simulated citizen: reads the assistant's latest messages and answers as the persona.

`read_turn()` turns the assistant's messages into a `Reading` (what kind of turn it is, which
questions it asks, about whom); `Citizen.reply()` picks the persona's answer from its true household
facts and its answer style. The reading rules are the tables in `rules.py`. Everything is
deterministic: the same persona against the same assistant says the same things.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from tests.journeys import rules as R
from tests.journeys.personas import Persona

# --- Numbers as people say them --------------------------------------------------------------------

_CN = "零一二三四五六七八九"


def _below_10000(n: int) -> str:
    digits = [n // 1000, n // 100 % 10, n // 10 % 10, n % 10]
    units = ["千", "百", "十", ""]
    out = ""
    zero = False
    nonzero: list[int] = []
    for i, d in enumerate(digits):
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("两" if d == 2 and i < 2 else _CN[d]) + units[i]
        nonzero.append(i)
    # Spoken short form: 两千五百 -> 两千五, 一百五十 -> 一百五 (two adjacent digits, nothing after).
    if len(nonzero) == 2 and nonzero[1] == nonzero[0] + 1 and nonzero[1] < 3 and "零" not in out:
        out = out[: -len(units[nonzero[1]])]
        if out.endswith("两"):
            out = out[:-1] + "二"  # 一千两百 -> 一千二
    return out


def cn_number(n: int) -> str:
    """Spoken Chinese for 0..99999: 600 -> 六百, 2500 -> 两千五, 73 -> 七十三, 12000 -> 一万二."""
    if n < 0 or n > 99999:
        return str(n)
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    if n < 10000:
        return _below_10000(n)
    head = _below_10000(n // 10000) + "万"
    rest = n % 10000
    if not rest:
        return head
    if rest % 1000 == 0:
        return head + _CN[rest // 1000]
    if rest < 1000:
        return head + "零" + _below_10000(rest)
    return head + _below_10000(rest)


def money(amount: float, style: str) -> str:
    """A monthly sum as this persona says it: digits (600块), words (六百), or vague (几百块)."""
    n = int(round(amount))
    if n == 0:
        return "没有"
    if style == "vague":
        if n < 100:
            return "几十块"
        if n < 1000:
            return "几百块"
        if n < 10000:
            return f"{'两' if n // 1000 == 2 else cn_number(n // 1000)}千多"
        return "一万多"
    if style == "words":
        return cn_number(n) + ("块" if n < 1000 else "")
    if n >= 10000:
        return f"{n / 10000:g}万"
    return f"{n}块"


def age_text(age: int, style: str) -> str:
    if style == "vague" and age >= 20:
        return f"{cn_number(age // 10 * 10)}多岁"
    if style == "words":
        return cn_number(age) + "岁"
    return f"{age}岁"


def persona_phone(persona: Persona) -> str:
    """A made-up mobile number, different for every persona (so no two journeys are merged)."""
    if persona.phone:
        return persona.phone
    digest = int(hashlib.sha1(persona.id.encode()).hexdigest(), 16)
    return f"1{'3456789'[digest % 7]}{digest // 7 % 10**9:09d}"


# --- Reading the assistant -----------------------------------------------------------------------


@dataclass
class Ask:
    """One thing asked: a topic about someone (`who` is self/spouse/child/... or member:N, childN:N)."""

    topic: str
    who: str
    sentence: str

    @property
    def key(self) -> str:
        return f"{self.topic}@{self.who}"


@dataclass
class Reading:
    """What one turn of the assistant says, as the citizen reads it."""

    text: str
    kind: str  # filed|summary|phone|offer|consent|household|need|unknown|none
    asks: list[Ask] = field(default_factory=list)
    question: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)
    number: str | None = None
    handover: bool = False
    emergency: bool = False
    offer: bool = False
    confirm: bool = False

    @property
    def is_household_question(self) -> bool:
        return self.kind in ("household", "unknown")

    @property
    def loop_key(self) -> str:
        if self.kind == "household":
            return "household:" + ",".join(sorted({a.key for a in self.asks}))
        if self.kind == "unknown":
            return "unknown:" + re.sub(r"\W", "", self.question)
        return self.kind


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[。！？!?\n；;])", text)
    return [p.strip() for p in parts if p.strip()]


def is_question(sentence: str) -> bool:
    return bool(R.QUESTION_MARKERS.search(sentence))


def who_of(sentence: str) -> str:
    best: tuple[int, str] | None = None
    for pattern, who in R.WHO_MARKERS:
        match = pattern.search(sentence)
        if not match:
            continue
        label = who
        if who in ("member", "childN") and match.groups():
            raw = match.group(1)
            label = f"{who}:{R.CN_DIGITS.get(raw, raw)}"
        if best is None or match.start() < best[0]:
            best = (match.start(), label)
    return best[1] if best else "self"


def asks_of(sentence: str) -> list[Ask]:
    who = who_of(sentence)
    found: list[tuple[int, str]] = []
    for topic, pattern in R.TOPICS:
        match = pattern.search(sentence)
        if match:
            found.append((match.start(), topic))
    topics = list(dict.fromkeys(t for _, t in sorted(found)))
    if len(topics) > 1 and "exists" in topics:
        topics.remove("exists")  # 「有没有残疾人证」 asks about the certificate, not the person
    for strong, weak in R.SUPPRESS:
        if strong in topics and weak in topics:
            topics.remove(weak)
    asks: list[Ask] = []
    for topic in topics:
        if topic == "income" and who == "self" and R.HOUSEHOLD_WIDE.search(sentence):
            topic = "household_income"
        if (
            topic == "parents"
            and who not in ("self",)
            and not (who.startswith("child") or who == "grandchild")
        ):
            topic = "exists"
        if topic == "exists" and who == "self":
            continue
        ask_who = "household" if topic in R.HOUSEHOLD_TOPICS or topic == "household_income" else who
        asks.append(Ask(topic, ask_who, sentence))
    return asks


def read_turn(messages: list[dict[str, Any]]) -> Reading:
    texts = [m.get("text") or "" for m in messages]
    text = "\n".join(t for t in texts if t)
    buttons: list[dict[str, str]] = []
    for message in messages:
        if message.get("buttons"):
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in message["buttons"]
            ]
    reading = Reading(text=text, kind="none", buttons=buttons)
    numbers = [
        m.group(0)
        for m in R.ORDER_NUMBER.finditer(text)
        if not R.EXAMPLE_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
    ]
    reading.number = numbers[0] if numbers else None
    reading.handover = bool(R.HANDOVER.search(text))
    reading.emergency = bool(R.EMERGENCY.search(text))
    if reading.number:
        reading.kind = "filed"
        return reading
    sentences = [s for t in texts for s in split_sentences(t)]
    questions = [s for s in sentences if is_question(s)]
    if not questions and buttons:
        questions = sentences[
            -1:
        ]  # 「请选择」 without a question mark, or a bare prompt with buttons
    last = questions[-1] if questions else ""
    reading.question = last
    titles = " ".join(b["title"] for b in buttons)
    is_summary = bool(R.MASKED_PHONE.search(text) or R.SUMMARY_WORDS.search(text)) and bool(
        R.SUMMARY_ANSWER.search(last + titles)
    )
    if is_summary and not R.CONSENT.search(last):
        reading.kind = "summary"
    elif not last:
        reading.kind = "none"
    elif R.CONSENT.search(last) and R.CONSENT_CONTEXT.search(text) and "工单" not in last:
        reading.kind = "consent"
    elif R.PHONE.search(last) and not R.OFFER.search(last):
        reading.kind = "phone"
    elif R.OFFER.search(last) and not R.PHONE.search(last):
        reading.kind = "offer"
    elif R.OFFER.search(last) and R.PHONE.search(last):
        # 「留个电话，帮您提交工单？」: a phone request when it asks for the number.
        reading.kind = "phone" if re.search(r"(号码|号)(是|多少)|留|提供|输入", last) else "offer"
    else:
        # Household questions: every question sentence of the last message that asks one.
        last_message_questions = [
            s for s in split_sentences(texts[-1] if texts else "") if is_question(s)
        ] or [last]
        asks = list({a.key: a for s in last_message_questions for a in asks_of(s)}.values())
        if len(asks) > 1:
            asks = [a for a in asks if a.topic != "exists"] or asks
        only_need = asks and all(a.topic == "need" for a in asks)
        if only_need:
            reading.kind = "need"
        elif asks:
            reading.kind = "household"
        else:
            reading.kind = "unknown"
        reading.asks = [a for a in asks if a.topic != "need"] if not only_need else asks
        reading.confirm = bool(R.CONFIRM.search(last))
    reading.offer = reading.kind == "offer"
    return reading


# --- The citizen ---------------------------------------------------------------------------------


@dataclass
class Reply:
    text: str | None  # None: the citizen leaves the conversation
    note: str = ""


class Citizen:
    """Plays one persona. Call `first_message()`, then `reply(messages)` after every assistant turn."""

    def __init__(self, persona: Persona) -> None:
        self.p = persona
        self.style = persona.style
        self.asked: dict[str, int] = {}
        self.said_topics: list[str] = []
        self.household_answers = 0
        self.extras_told = 0
        self.dont_know_index = 0
        self.confused_index = 0
        self.nudges = 0
        self.consents = 0
        self.corrections = 0
        self.asked_for_human = False
        self.declined = False
        self.restated = False
        self.unknown_seen: dict[str, int] = {}
        self.phone = persona_phone(persona)
        # 「我替我妈问一下」: the persona's self is the parent the caller asks for, so a question
        # about 「您母亲」 is about self (when no other parent is among the facts)
        self.for_parent = bool(R.ASKS_FOR_PARENT.search(persona.first_message)) and not any(
            m.get("relation") in ("parent", "grandparent") for m in self.members
        )

    # -- facts --------------------------------------------------------------------------------

    @property
    def members(self) -> list[dict[str, Any]]:
        return self.p.facts.get("members", [])

    def member(self, who: str) -> dict[str, Any] | None:
        if who == "self":
            return self.members[0] if self.members else None
        if who.startswith("member:"):
            index = int(who.split(":")[1]) - 1
            return self.members[index] if 0 <= index < len(self.members) else None
        if who.startswith("childN:"):
            index = int(who.split(":")[1]) - 1
            kids = self.of_relation("child") or self.of_relation("grandchild")
            return kids[index] if 0 <= index < len(kids) else None
        chain = {"child": ["child", "grandchild"], "parent": ["parent", "grandparent"]}
        for relation in chain.get(who, [who]):
            found = self.of_relation(relation)
            if found:
                return found[0]
        return None

    def of_relation(self, relation: str) -> list[dict[str, Any]]:
        return [m for m in self.members if m.get("relation") == relation]

    def unknown(self, ask: Ask) -> bool:
        names = set(self.style.get("unknown", []))
        return ask.topic in names or ask.key in names

    # -- the conversation ---------------------------------------------------------------------

    def first_message(self) -> str:
        return self.p.first_message

    def reply(self, messages: list[dict[str, Any]], reading: Reading | None = None) -> Reply:
        reading = reading or read_turn(messages)
        if self.for_parent:
            reading.asks = [
                Ask(a.topic, "self", a.sentence) if a.who == "parent" else a for a in reading.asks
            ]
        if reading.kind == "filed":
            return Reply(None, "order filed")
        human_at = self.style.get("human_at")
        if (
            human_at is not None
            and not self.asked_for_human
            and reading.kind in ("household", "unknown", "consent")
            and self.household_answers >= int(human_at)
        ):
            self.asked_for_human = True
            return Reply(self.style.get("human_text", "转人工"), "asks for a person")
        if self.style.get("only_confused") and reading.kind not in ("none",):
            return Reply(self._confused(), "confused")
        handler = {
            "summary": self._summary,
            "phone": self._phone,
            "offer": self._offer,
            "consent": self._consent,
            "household": self._household,
            "need": self._need,
            "unknown": self._unknown_question,
            "none": self._no_question,
        }[reading.kind]
        return handler(reading)

    def _tap_or_type(self, reading: Reading, text: str, polarity: bool | None = None) -> str:
        """Taps the button that means `text` when the persona taps buttons; else types `text`."""
        if not reading.buttons or self.style.get("buttons", "tap") != "tap":
            return text
        if text in R.DONT_KNOW:  # 「不知道」 is no 「没有」: its own button, or typed
            for button in reading.buttons:
                if re.search(r"不知道|不清楚|说不上", button["title"]):
                    return button["payload"] or button["title"]
            return text
        if polarity is None:
            polarity = not R.NEGATIVE_ANSWER.search(text)
        for button in reading.buttons:
            title = button["title"].strip()
            if polarity and R.YES_BUTTON.search(title) and not R.NO_BUTTON.search(title):
                return button["payload"] or title
            if not polarity and R.NO_BUTTON.search(title):
                return button["payload"] or title
        for button in reading.buttons:
            title = button["title"]
            for key, words in R.BUTTON_SYNONYMS.items():
                if key in title and any(w in text for w in words):
                    return button["payload"] or title
            if len(title) >= 2 and title in text:
                return button["payload"] or title
        return text

    def _consent(self, reading: Reading) -> Reply:
        self.consents += 1
        plan = self.style.get("consent", "同意")
        replies = plan if isinstance(plan, list) else [plan]
        said = replies[min(self.consents - 1, len(replies) - 1)]
        if said == "button":
            for button in reading.buttons:
                if "同意" in button["title"] and "不" not in button["title"]:
                    return Reply(button["payload"] or button["title"], "consent (button)")
            said = "同意"
        if said in ("同意", "好的", "可以", "行", "嗯嗯好"):
            return Reply(self._tap_or_type(reading, said, True), "consent")
        return Reply(said, "consent (scripted)")

    def _offer(self, reading: Reading) -> Reply:
        if self.style.get("decline_offer"):
            self.declined = True
            return Reply(self._tap_or_type(reading, "不用了，我就是问问", False), "declines")
        return Reply(
            self._tap_or_type(reading, self.style.get("accept", "好，帮我提交吧"), True), "accepts"
        )

    def _phone(self, reading: Reading) -> Reply:
        how = self.style.get("phone_style", "plain")
        phone = self.phone
        if how == "sentence":
            return Reply(f"我手机号是{phone}", "phone")
        if how == "spaced":
            return Reply(f"{phone[:3]} {phone[3:7]} {phone[7:]}", "phone")
        return Reply(phone, "phone")

    def _summary(self, reading: Reading) -> Reply:
        correction = self.style.get("correction")
        if correction and self.corrections < 2:
            trigger = re.compile(correction["when"])
            unless = correction.get("unless")
            if trigger.search(reading.text) and not (unless and re.search(unless, reading.text)):
                self.corrections += 1
                return Reply(correction["say"], "corrects the summary")
        return Reply(
            self._tap_or_type(reading, self.style.get("confirm", "对的，提交吧"), True), "confirms"
        )

    def _need(self, reading: Reading) -> Reply:
        return Reply(self.p.restate or self.p.first_message, "restates the need")

    def _confused(self) -> str:
        lines = self.style.get("confused_lines", R.CONFUSED)
        said = lines[self.confused_index % len(lines)]
        self.confused_index += 1
        return said

    def _dont_know(self) -> str:
        said = R.DONT_KNOW[self.dont_know_index % len(R.DONT_KNOW)]
        self.dont_know_index += 1
        return said

    def _unknown_question(self, reading: Reading) -> Reply:
        key = re.sub(r"\W", "", reading.question)
        seen = self.unknown_seen.get(key, 0)
        self.unknown_seen[key] = seen + 1
        for rule in self.p.replies:
            if re.search(rule["when"], reading.question):
                self.household_answers += 1
                return Reply(rule["say"], "scripted reply")
        if reading.buttons and self.style.get("buttons", "tap") == "tap" and seen >= 1:
            # A second time with buttons: tap the first choice rather than ask again.
            return Reply(
                reading.buttons[0]["payload"] or reading.buttons[0]["title"], "taps a button"
            )
        self.household_answers += 1
        return Reply("啥意思？" if seen == 0 else "不知道", "does not understand the question")

    def _no_question(self, reading: Reading) -> Reply:
        if (
            R.NOT_UNDERSTOOD.search(reading.text)
            and not self.restated
            and not self.style.get("only_confused")
        ):
            self.restated = True
            return Reply(self.p.restate or self.p.first_message, "says it again")
        if self.declined or (reading.handover and (self.asked_for_human or self.p.expect.handover)):
            return Reply(None, "nothing more to say")
        if self.style.get("only_confused"):
            return Reply(self._confused() if self.nudges < 2 else None, "confused")
        if self.nudges >= len(R.NUDGES):
            return Reply(None, "gives up")
        said = R.NUDGES[self.nudges]
        self.nudges += 1
        return Reply(said, "nudges")

    # -- household answers --------------------------------------------------------------------

    def _household(self, reading: Reading) -> Reply:
        asks = reading.asks
        for rule in self.p.replies:
            if re.search(rule["when"], reading.question):
                self.household_answers += 1
                return Reply(rule["say"], "scripted reply")
        index = self.household_answers
        self.household_answers += 1
        first_time = all(self.asked.get(a.key, 0) == 0 for a in asks)
        for a in asks:
            self.asked[a.key] = self.asked.get(a.key, 0) + 1
        if self.style.get("confused_first") and first_time:
            return Reply(self._confused(), "confused first")
        for off in self.style.get("off_topic", []):
            if off.get("at") == index and off.get("mode", "replace") == "replace":
                return Reply(off["say"], "off topic")
        if self.style.get("verbosity") == "terse":
            asks = asks[:1]
        parts: list[str] = []
        for ask in asks:
            answer = self.answer(ask, reading)
            if answer and answer not in parts:
                parts.append(answer)
        text = "，".join(parts) if parts else self._dont_know()
        repeats = max(self.asked.get(a.key, 0) for a in asks) if asks else 0
        if repeats == 3:
            text = "我刚才说了，" + text  # a person asked the same thing a third time
        elif repeats >= 4:
            text = self._dont_know()
        if reading.confirm and len(asks) >= 1:
            text = self._confirm(reading, text)
        if self.style.get("verbosity") == "chatty":
            extras = self.p.extras
            if self.extras_told < len(extras):
                text += "。" + extras[self.extras_told]
                self.extras_told += 1
        for off in self.style.get("off_topic", []):
            if off.get("at") == index and off.get("mode") == "append":
                text += "。" + off["say"]
        if len(asks) == 1:
            text = self._tap_or_type(reading, text, self._yes_to(asks[0]))
        return Reply(text, "answers " + ",".join(a.key for a in reading.asks))

    def _yes_to(self, ask: Ask) -> bool | None:
        """Whether the truth answers a yes/no question with yes, where the words alone may not
        tell (「就这一套老楼房 没啥存款」 to 「有没有大额存款、第二套房…」 is a 「没有」)."""
        facts = self.p.facts
        if ask.topic == "assets":
            within = facts.get("assets_within_local_limits")
            return None if within is None else not within
        if ask.topic == "event":
            return bool(facts.get("events"))
        if ask.topic == "benefits":
            return bool(facts.get("current_benefits"))
        if ask.topic in ("supporter", "illness") and ask.who not in ("others", "all"):
            person = self.member(ask.who) if "," not in ask.who else None
            if person is None:
                return None
            field = "has_capable_supporter" if ask.topic == "supporter" else "serious_illness"
            value = person.get(field)
            return None if value is None else bool(value)
        return None

    def _confirm(self, reading: Reading, truth: str) -> str:
        """「您家3口人，对吗？」: 「对」 when the numbers it repeats are the true ones, else a correction."""
        said_numbers = set(re.findall(r"\d+", reading.question))
        true_numbers = set(re.findall(r"\d+", truth))
        if not said_numbers or said_numbers <= true_numbers or not true_numbers:
            return "对"
        return "不对，" + truth

    def say_override(self, ask: Ask) -> str | None:
        for key in (ask.key, ask.topic):
            said = self.p.say.get(key)
            if said is None:
                continue
            if isinstance(said, list):
                count = self.asked.get(ask.key, 1)
                return said[min(count - 1, len(said) - 1)]
            return str(said)
        return None

    def answer(self, ask: Ask, reading: Reading) -> str:
        override = self.say_override(ask)
        if override is not None:
            return override
        if self.unknown(ask):
            return self._dont_know()
        method = getattr(self, f"_a_{ask.topic}", None)
        if method is None:
            return self._dont_know()
        if ask.topic in R.HOUSEHOLD_TOPICS or ask.topic == "household_income":
            return method()
        if ask.who in ("others", "all") or "," in ask.who:
            if "," in ask.who:
                people = [m for w in ask.who.split(",") if (m := self.member(w)) is not None]
            else:
                people = self.members[1:] if ask.who == "others" else self.members
            if not people:
                return "就我一个人"
            said = [f"{self._name(m)}{method(m)}" for m in people]
            return "，".join(said)
        person = self.member(ask.who)
        if person is None:
            return self._absent(ask.who)
        return method(person)

    def _name(self, m: dict[str, Any]) -> str:
        word = R.RELATION_WORD.get(m.get("relation", ""), "家里人")
        return word if m.get("relation") != "self" else "我"

    def _absent(self, who: str) -> str:
        said = self.p.say.get(f"absent@{who}")
        if said:
            return str(said)
        return {
            "spouse": "没有老伴",
            "child": "没有孩子",
            "parent": "父母都不在了",
            "grandparent": "没有",
            "grandchild": "没有",
            "sibling": "没有兄弟姐妹",
        }.get(who.split(":")[0], "没有这个人")

    # One method per topic: _a_<topic>(member) or _a_<topic>() for household-wide topics.

    def _a_household_size(self) -> str:
        n = len(self.members)
        if n == 1:
            return "就我一个人"
        spoken = "两" if n == 2 else cn_number(n)
        said = f"{n}口人" if self.style.get("numbers") != "words" else f"{spoken}口人"
        if self.style.get("verbosity") == "chatty":
            names = "、".join(self._name(m) for m in self.members)
            said += f"，{names}"
        return said

    def _a_children_count(self) -> str:
        kids = self.of_relation("child") or self.of_relation("grandchild")
        if not kids:
            return "没有孩子"
        n = len(kids)
        return f"{'两' if n == 2 else cn_number(n)}个孩子"

    def _a_age(self, m: dict[str, Any]) -> str:
        if "age" not in m:
            return self._dont_know()
        said = age_text(m["age"], self.style.get("age_style", self.style.get("numbers", "digits")))
        if m.get("school_stage") and self.style.get("verbosity") != "terse":
            said += "，" + R.SCHOOL_WORD[m["school_stage"]]
        return said

    def _a_sex(self, m: dict[str, Any]) -> str:
        return {"male": "男的", "female": "女的"}.get(m.get("sex", ""), self._dont_know())

    def _a_income(self, m: dict[str, Any]) -> str:
        income = m.get("monthly_income")
        excluded = m.get("excluded_income") or 0
        style = self.style.get("numbers", "digits")
        if income is None:
            return self._dont_know()
        if m.get("employment") == "student" and not income:
            return "没有，还在上学"
        if not income and excluded:
            return f"没收入，就每月{money(excluded, style)}的基础养老金"
        if not income:
            return "没有收入"
        said = f"一个月{money(income, style)}"
        if excluded:
            said += f"，另外还有{money(excluded, style)}基础养老金"
        return said

    def _a_household_income(self) -> str:
        style = self.style.get("numbers", "digits")
        total = self.p.facts.get("household_monthly_income")
        if total is None:
            incomes = [m.get("monthly_income") for m in self.members]
            if any(i is None for i in incomes):
                return self._dont_know()
            total = sum(incomes)
        if not total:
            return "家里没有收入"
        return f"全家一个月就{money(total, style)}"

    def _a_last_year_income(self) -> str:
        total = self.p.facts.get("last_year_total_income")
        if total is None:
            return self._dont_know()
        return f"去年一年总共{money(total, self.style.get('numbers', 'digits'))}"

    def _a_medical_cost(self) -> str:
        cost = (self.p.facts.get("expenses_12m") or {}).get("medical_out_of_pocket")
        if cost is None:
            return self._dont_know()
        if not cost:
            return "没花啥看病钱"
        return f"报销完自己还掏了{money(cost, self.style.get('numbers', 'digits'))}"

    def _a_disability(self, m: dict[str, Any]) -> str:
        d = m.get("disability")  # not written: no certificate (a person knows that)
        if not d:
            return "没有残疾证"
        grade = d.get("grade")
        kind = R.DISABILITY_TYPE_WORD.get(d.get("type", ""), "")
        grade_word = f"{cn_number(grade)}级" if grade else ""
        return f"有残疾证，{kind}{grade_word}残疾".replace("，残疾", "，有残疾")

    def _a_illness(self, m: dict[str, Any]) -> str:
        return "有大病，一直在治" if m.get("serious_illness") else "没有大病"  # not written: no

    def _a_school(self, m: dict[str, Any]) -> str:
        stage = m.get("school_stage")
        if stage:
            return R.SCHOOL_WORD[stage]
        if m.get("age", 99) < 6:
            return "还没上学"
        return "没上学了" if m.get("relation") != "self" else "我不上学"

    def _a_housing(self) -> str:
        housing = self.p.facts.get("housing")
        if housing is None:
            return self._dont_know()
        return R.HOUSING_WORD[housing]

    def _a_assets(self) -> str:
        within = self.p.facts.get("assets_within_local_limits")
        if within is None:
            return self._dont_know()
        return "没啥存款，也没车" if within else "有点存款，还有辆车"

    def _a_work(self, m: dict[str, Any]) -> str:
        employment = m.get("employment")
        able = m.get("able_to_work")
        if employment is None and able is None:
            return self._dont_know()
        if employment in (None, "none") and able is False:
            return "年纪大了，在家待着" if m.get("age", 0) >= 60 else "在家待着，干不了活"
        if employment in (None, "none") and m.get("age", 0) < 16:
            return "还小，没干活"
        said = R.EMPLOYMENT_WORD.get(employment or "none", "没干活")
        if able is False and employment not in ("retired", "student"):
            said += "，也干不了活"
        return said

    def _a_ability(self, m: dict[str, Any]) -> str:
        able = m.get("able_to_work")
        if able is None:
            return "还小" if m.get("age", 99) < 16 else self._dont_know()
        return "能干活" if able else "干不了活"

    def _a_self_care(self, m: dict[str, Any]) -> str:
        care = m.get("self_care")
        if care is None:
            return "能自己照顾自己" if m.get("able_to_work") else self._dont_know()
        return R.SELF_CARE_WORD[care]

    def _a_parents(self, m: dict[str, Any]) -> str:
        parents = m.get("parents")
        if parents is not None:
            return R.PARENTS_WORD[parents]
        if m.get("relation") == "self" and m.get("age", 0) >= 18:
            if self.of_relation("parent"):
                return "父母跟我一起过"
            return "我都这么大了，父母早不在了" if m.get("age", 0) >= 40 else "父母在老家"
        return self._dont_know()

    def _a_education_cost(self) -> str:
        cost = (self.p.facts.get("expenses_12m") or {}).get("education")
        students = [m for m in self.members if m.get("school_stage")]
        if cost is not None:
            return (
                f"上学一年花{money(cost, self.style.get('numbers', 'digits'))}"
                if cost
                else "没花啥"
            )
        if not students:
            return "家里没有上学的"
        return self._dont_know()

    def _a_supporter(self, m: dict[str, Any]) -> str:
        has = m.get("has_capable_supporter")
        if has is None:
            return self._dont_know()
        return "有儿女，他们也会管" if has else "没有人管，没有能靠的儿女"

    def _a_exists(self, m: dict[str, Any]) -> str:
        age = m.get("age")
        return f"有，{age}岁" if age is not None else "有"

    def _a_pregnancy(self, m: dict[str, Any]) -> str:
        return "在怀孕" if m.get("pregnant_or_nursing") else "没有"

    def _a_homeless(self) -> str:
        if self.p.facts.get("homeless"):
            return "是，没地方住，回不去"
        return "没有，有地方住"

    def _a_residency(self) -> str:
        return {
            "local_hukou": "本地户口",
            "residence_permit": "户口不在这，有居住证",
            "non_local": "不是本地的，户口在老家",
        }.get(self.p.facts.get("residency", ""), self._dont_know())

    def _a_locality(self) -> str:
        return self.p.place or self._dont_know()

    def _a_area(self) -> str:
        return {"urban": "住在城里", "rural": "在农村"}.get(
            self.p.facts.get("area", ""), self._dont_know()
        )

    def _a_event(self) -> str:
        events = self.p.facts.get("events") or []
        if not events:
            return "没有出啥事"
        return "，".join(R.EVENT_WORD.get(e.get("type", "other"), "出了事") for e in events)

    def _a_benefits(self) -> str:
        benefits = self.p.facts.get("current_benefits") or []
        if not benefits:
            return "啥也没领"
        return "现在领着" + "、".join(R.BENEFIT_WORD.get(b, "补助") for b in benefits)

    def _a_name(self) -> str:
        return self.p.name or "姓王"

    def _a_id_number(self) -> str:
        return "身份证号现在记不住"

    def _a_anything_else(self) -> str:
        if self.extras_told < len(self.p.extras):
            self.extras_told += 1
            return self.p.extras[self.extras_told - 1]
        return "没有了"

    def _a_need(self) -> str:
        return self.p.restate or self.p.first_message

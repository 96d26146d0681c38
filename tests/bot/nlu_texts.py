"""Made-up 12345-like texts for training small readers in tests (seconds, not a real model)."""

from __future__ import annotations

import random

from bot.nlu.scope_reader import OUT_OF_SCOPE, corpus_text

OPENINGS = ["尊敬的领导您好，", "市长您好！", "来电人反映：", "你好，", "各位领导："]
PLACES = ["会宁县河畔镇", "凉州区黄羊镇", "绩溪县华阳镇", "西安市灞桥区", "兰州市七里河区"]
STORIES = {
    "request_dibao": [
        "家里三口人，丈夫瘫痪在床，我一个人打零工，每月只有六七百块钱",
        "我今年六十八岁，一个人过，没有儿女，也没有任何收入，日子实在过不下去",
        "老伴去年走了，儿子残疾，家里全靠我种两亩地，一年到头挣不了几个钱",
    ],
    "request_medical": [
        "我母亲得了尿毒症，每周透析三次，报销以后自己还要掏一大笔",
        "孩子白血病住院半年，花了二十多万，亲戚朋友都借遍了",
        "我父亲做了心脏手术，自付部分八万多，家里实在拿不出来了",
    ],
    OUT_OF_SCOPE: [
        "小区楼下的烧烤摊每天晚上吵到凌晨两点，油烟直接飘进窗户",
        "物业公司乱收停车费，一个月涨了两百块，也不给任何说法",
        "我们在工地干了八个月，包工头欠了我们十几个人的工资跑了",
        "开发商交房两年了房产证还没办下来，问了好几次都说在走流程",
        "门口的路挖开三个月了一直没人修，下雨天全是泥，老人孩子出门摔跤",
        "学校要求统一买校服和教辅资料，一学期收了一千多，不交不行",
    ],
}
ASKS = {
    "request_dibao": ["恳请政府帮我们申请低保。", "请问我家能不能吃低保？", "想办个低保，找谁办？"],
    "request_medical": [
        "请问能不能申请医疗救助？",
        "恳请给点大病救助。",
        "医疗救助去哪里申请？",
    ],
    OUT_OF_SCOPE: ["请有关部门管一管。", "希望尽快解决。", "请领导督促处理，给个说法。"],
}


def made_up_texts(count: int, seed: int) -> list[tuple[str, str]]:
    """(text, intent) pairs of 12345-like texts, every one longer than 60 characters."""
    rng = random.Random(seed)
    intents = ["request_dibao", "request_medical", OUT_OF_SCOPE, OUT_OF_SCOPE]
    texts = []
    for index in range(count):
        intent = intents[index % len(intents)]
        body = (
            f"{rng.choice(OPENINGS)}我是{rng.choice(PLACES)}的村民，{rng.choice(STORIES[intent])}。"
            f"这个事情已经拖了很久了，找了好几个地方都没有结果。{rng.choice(ASKS[intent])}"
        )
        title = rng.choice(["", f"关于{rng.choice(PLACES)}的问题"])
        texts.append((corpus_text(title, body), intent))
    return texts

"""A realistic 12345 export of 100 rows (fixed seed): varied needs, places, phones, times."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

NEEDS = [
    "家里{n}口人，{who}瘫痪在床，每月收入只有{m}元，想申请低保",
    "{who}得了尿毒症，每月透析花费{m}元，家里负担不起，问能不能申请医疗救助",
    "孩子今年考上大学，学费交不起，家庭月收入{m}元，想申请教育救助",
    "房子是危房，下雨漏水，家里{n}口人，想申请危房改造",
    "老人{age}岁，无儿无女，没有收入，想申请特困供养",
    "前几天家里着火，东西都烧没了，损失{m}元，想申请临时救助",
    "{who}是二级肢体残疾，想问残疾人护理补贴怎么申请",
    "失业半年了，家里{n}口人，想找份工作，问有没有就业帮扶",
    "反映低保申请交上去两个月了还没有人来入户调查，要求尽快办理",
    "想咨询一下低保的标准是多少，我家人均收入{m}元够不够",
]
WHO = ["丈夫", "妻子", "父亲", "母亲", "儿子", "女儿"]
PLACES = ["会宁县", "会宁县河畔镇", "会宁县会师镇", "绩溪县", "绩溪县华阳镇", "白银市会宁县"]


def export_rows(count: int = 100, seed: int = 12345, today: date | None = None) -> list[list[str]]:
    """Header + rows. Rows 41-43 repeat rows 1-3 exactly (the export lists some calls twice);
    row 60 has no text. The calls came in over the 20 days before `today` (the 来电时间 is the
    registration time, which may not lie in the future nor more than a year back)."""
    rng = random.Random(seed)
    first = (today or date.today()) - timedelta(days=21)
    rows = [["工单编号", "来电时间", "来电号码", "诉求内容", "所属区域"]]
    for i in range(1, count + 1):
        if 41 <= i <= 43:
            rows.append([f"W{i:04d}", *rows[i - 40][1:]])
            continue
        text = rng.choice(NEEDS).format(
            n=rng.randint(2, 6),
            who=rng.choice(WHO),
            m=rng.choice([300, 600, 800, 1200, 5000]),
            age=rng.randint(62, 90),
        )
        phone = "" if i == 60 else f"139{rng.randint(10_000_000, 99_999_999)}"
        rows.append(
            [
                f"W{i:04d}",
                f"{first + timedelta(days=rng.randint(1, 19)):%Y-%m-%d} "
                f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}",
                phone,
                "" if i == 60 else text,
                rng.choice(PLACES),
            ]
        )
    return rows


def export_csv(count: int = 100) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(export_rows(count))
    return buffer.getvalue().encode("utf-8-sig")

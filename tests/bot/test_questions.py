import policies
from bot.actions.questions import MAX_QUESTIONS, next_field, remaining_fields
from household.answers import apply_answer
from household.facts import for_policy, new_household, set_household_size
from household.questions import question_for


def test_place_then_household_size_come_first() -> None:
    household = new_household()
    assert next_field(household, None, [], 0) == "locality"
    assert next_field(household, "620422", [], 0) == "members"


def test_then_the_income_when_no_money_was_told_then_the_policies_most_decisive_unknown() -> None:
    household = new_household()
    set_household_size(household, 3)
    assert next_field(household, "620422", [], 2) == "household_monthly_income"
    household["household_monthly_income"] = 600.0
    expected = policies.most_decisive_unknowns(for_policy(household, "620422"), None, limit=10)
    assert next_field(household, "620422", [], 3) == expected[0]


def test_known_and_skipped_facts_are_not_asked_again() -> None:
    household = new_household()
    set_household_size(household, 3)
    first = next_field(household, "620422", [], 2)
    assert first is not None
    second = next_field(household, "620422", [first], 3)
    assert second is not None and second != first
    household["household_monthly_income"] = 600.0
    asked = next_field(household, "620422", [first], 3)
    assert asked != "household_monthly_income"


def test_questions_stop_after_the_limit() -> None:
    household = new_household()
    set_household_size(household, 2)
    assert next_field(household, "620422", [], MAX_QUESTIONS) is None


def test_a_typical_conversation_needs_at_most_eight_questions() -> None:
    """Answer every question with a plausible answer: the estimate comes within 8 questions."""
    answers = {
        "members": "3口人",
        "household_monthly_income": "600",
        "assets_within_local_limits": "没有",
        "housing": "租房",
        "events": "车祸",
        "area": "城镇",
        "residency": "本地户口",
    }
    household = new_household()
    locality = None
    skipped: list[str] = []
    asked = 0
    while (path := next_field(household, locality, skipped, asked)) is not None:
        asked += 1
        if path == "locality":
            locality = "620422"
            continue
        text = answers.get(path) or ("不知道" if "." not in path else "45")
        answer = apply_answer(household, path, text, None)
        if not answer.accepted:
            skipped.append(path)
    assert asked <= MAX_QUESTIONS
    assert policies.estimate(for_policy(household, locality or "620422"))["programs"]


def test_question_names_the_family_member() -> None:
    household = new_household()
    set_household_size(household, 2)
    household["members"][1]["relation"] = "spouse"
    assert "配偶" in question_for("members[1].age", household)
    assert question_for("locality", household).startswith("您住在")


def test_no_certificate_question_for_children_at_school_of_whom_nothing_else_is_told() -> None:
    household = {
        "members": [
            {"relation": "self", "age": 44, "monthly_income": 1500, "disability": None},
            {"relation": "child", "age": 20, "school_stage": "college", "employment": "student"},
            {
                "relation": "child",
                "age": 16,
                "school_stage": "senior_high",
                "employment": "student",
            },
            {"relation": "parent", "sex": "female", "age": 72, "serious_illness": True},
        ],
        "_size": 4,
        "assets_within_local_limits": True,
        "housing": "adequate",
    }
    asked = remaining_fields(household, "341824", [], 0, "education")
    assert "members[1].disability" not in asked and "members[2].disability" not in asked
    assert "members[3].disability" in asked  # an ill grandmother's certificate matters
    household["members"][2]["serious_illness"] = True
    assert "members[2].disability" in remaining_fields(household, "341824", [], 0, "education")


def test_a_healthy_familys_certificates_are_not_asked_one_by_one() -> None:
    household = {
        "members": [
            {"relation": "self", "age": 42},
            {"relation": "spouse", "age": 45},
            {"relation": "child", "age": 16, "school_stage": "senior_high"},
            {"relation": "child"},
            {"relation": "parent", "sex": "male", "age": 71},
        ],
        "_size": 5,
    }
    asked = remaining_fields(household, "620622", [], 0, "education")
    assert "members[1].disability" not in asked and "members[3].disability" not in asked
    assert "members[4].disability" in asked  # a grandfather of 71: worth asking
    # asked about the 残疾人补贴, every member's certificate may be asked
    asked = remaining_fields(household, "620622", [], 0, "disability_subsidies")
    assert any(path.endswith(".disability") and path != "members[0].disability" for path in asked)


def test_a_basic_pension_told_does_not_stand_for_the_households_income() -> None:
    household = {
        "members": [
            {"relation": "self", "age": 42},
            {"relation": "spouse"},
            {"relation": "child", "school_stage": "senior_high"},
            {"relation": "child"},
            {"relation": "parent", "sex": "male", "age": 71, "excluded_income": 100.0},
        ],
        "_size": 5,
    }
    assert next_field(household, "620622", [], 0, "education") == "household_monthly_income"


def test_no_self_care_or_certificate_question_for_a_caller_at_work_of_whom_no_illness_is_told():
    household = {
        "members": [
            {"relation": "self", "age": 45, "employment": "flexible", "monthly_income": 1500.0},
            {"relation": "parent", "sex": "female", "age": 71, "serious_illness": True},
        ],
        "_size": 2,
    }
    asked = remaining_fields(household, "620422", [], 0)
    assert "members[0].self_care" not in asked and "members[0].disability" not in asked
    household["members"][0]["serious_illness"] = True
    household["members"][0].pop("monthly_income")
    household["members"][0].pop("employment")
    asked = remaining_fields(household, "620422", [], 0)
    assert "members[0].disability" in asked or "members[0].self_care" in asked


def test_a_household_told_in_detail_is_asked_fewer_questions() -> None:
    from bot.actions.questions import FULLY_TOLD, SOFT_LIMIT

    rich = {
        "members": [
            {"relation": "self", "age": 45, "employment": "flexible", "monthly_income": 1500.0},
            {"relation": "spouse", "age": 43, "monthly_income": 0.0, "employment": "none"},
            {"relation": "parent", "sex": "male", "age": 74, "excluded_income": 130.0},
            {
                "relation": "parent",
                "sex": "female",
                "age": 71,
                "serious_illness": True,
                "disability": {"grade": 2, "type": "physical"},
            },
            {"relation": "child", "age": 19, "school_stage": "college", "employment": "student"},
            {"relation": "child", "age": 15, "school_stage": "junior_high"},
        ],
        "_size": 6,
        "housing": "adequate",
        "assets_within_local_limits": True,
    }
    told = sum(len([k for k in m if k != "relation"]) for m in rich["members"])
    assert told >= FULLY_TOLD
    assert len(remaining_fields(rich, "620422", [], 0)) <= SOFT_LIMIT - 2


def test_the_program_asked_for_takes_at_most_one_question_beyond_the_soft_limit() -> None:
    from bot.actions.questions import SOFT_LIMIT

    # 「我今年考上安徽大学了…我爸有残疾 我妈打零工」: parents' and brother's ages and more would
    # all bear on 教育救助; the questions stop one beyond the soft limit
    household = {
        "members": [
            {"relation": "self", "school_stage": "college", "employment": "student"},
            {"relation": "parent", "sex": "male", "_disabled": True},
            {"relation": "parent", "sex": "female"},
            {"relation": "sibling"},
        ],
        "_size": 4,
        "area": "rural",
    }
    remaining = remaining_fields(household, "341021", [], 0, "education")
    assert len(remaining) <= SOFT_LIMIT + 1
    assert "members[1].disability" in remaining  # the father's 「有残疾」 is worth asking


def test_a_farm_whose_monthly_income_is_not_known_is_asked_last_years_total() -> None:
    household = new_household()
    set_household_size(household, 4)
    household["_yearly_income"] = True  # 「一年到头就靠几亩茶」
    assert next_field(household, "341824", [], 2) == "household_monthly_income"
    skipped = ["household_monthly_income"]
    assert next_field(household, "341824", skipped, 3) == "last_year_total_income"
    household["last_year_total_income"] = 45000.0
    assert next_field(household, "341824", skipped, 4) != "last_year_total_income"
    # a household not living by the season: never asked by the year
    plain = new_household()
    set_household_size(plain, 4)
    assert next_field(plain, "341824", skipped, 3) != "last_year_total_income"

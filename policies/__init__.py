"""Assistance rules of the seed documents as code, with explained estimates.

>>> from policies import estimate
>>> estimate({"locality": "620422", "members": [{"age": 52}]})["programs"][0]["id"]
'dibao'
"""

from household.questions import QUESTIONS, question_for
from policies.catalog import DEPARTMENTS, PROGRAM_IDS
from policies.errors import InvalidHousehold
from policies.estimator import estimate
from policies.explain import decisive_unknowns, most_decisive_unknowns, what_would_change

__all__ = [
    "DEPARTMENTS",
    "PROGRAM_IDS",
    "QUESTIONS",
    "InvalidHousehold",
    "estimate",
    "decisive_unknowns",
    "most_decisive_unknowns",
    "question_for",
    "what_would_change",
]

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

CODE_PATTERN = r"^[0-9A-Za-z_-]{1,64}$"
LOCALITY_PATTERN = r"^[0-9]{6}$"


class DepartmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    locality: str
    kind: str
    on_duty_username: str | None = None


class DepartmentUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    name: str = Field(min_length=1, max_length=100)
    locality: str = Field(pattern=LOCALITY_PATTERN)
    kind: str = Field(default="", max_length=32)
    on_duty_username: str | None = Field(default=None, max_length=64)


class OnDutyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on_duty_username: str = Field(min_length=1, max_length=64)


class RoutingRuleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    locality: str
    category: str
    department_code: str
    intake: bool


class RoutingRuleUpsert(BaseModel):
    model_config = ConfigDict(extra="forbid")

    locality: str = Field(pattern=LOCALITY_PATTERN)
    category: str = Field(pattern=r"^([a-z_]{1,40}|\*)$")
    department_code: str = Field(pattern=CODE_PATTERN)


class Route(BaseModel):
    """Where a request of a locality and category goes, and who answers first for chat."""

    locality_used: str
    department_code: str | None
    intake_department_code: str | None

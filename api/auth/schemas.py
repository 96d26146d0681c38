from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.auth.models import Role


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class Me(BaseModel):
    username: str
    role: str
    department: str | None = None
    display_name: str = ""


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(pattern=r"^[A-Za-z0-9_.-]{2,64}$")
    password: str = Field(min_length=8, max_length=128)
    role: Role
    department: str | None = Field(default=None, pattern=r"^[0-9A-Za-z_-]{1,64}$")
    display_name: str = Field(default="", max_length=100)

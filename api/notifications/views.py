from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.auth.deps import CurrentUser
from api.core.deps import SessionDep, WriteSessionDep
from api.notifications import service

router = APIRouter(prefix="/api/v1", tags=["notifications"])


class NotificationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    ticket_id: int
    kind: str
    message: str
    created_at: datetime
    read_at: datetime | None


class MarkRead(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[Annotated[int, Field(ge=1, le=2_000_000_000)]] = Field(max_length=500)


@router.get("/notifications", response_model=list[NotificationOut], summary="我的提醒")
def my_notifications(
    principal: CurrentUser,
    session: SessionDep,
    unread: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[NotificationOut]:
    rows = service.list_for(session, principal.username, unread, limit)
    return [NotificationOut.model_validate(n) for n in rows]


@router.post("/notifications/read", summary="标记提醒为已读")
def mark_read(data: MarkRead, principal: CurrentUser, session: WriteSessionDep) -> dict[str, int]:
    count = service.mark_read(session, principal.username, data.ids)
    session.commit()
    return {"marked": count}

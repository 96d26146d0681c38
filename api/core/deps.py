"""Dependency aliases of the endpoints (as in FastAPI's full-stack template)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlalchemy.orm import Session

from api.core.config import Settings, get_settings
from api.core.database import get_db, get_write_db

# A read session (plain BEGIN) for the request.
SessionDep = Annotated[Session, Depends(get_db)]
# A write session: one immediate transaction; the endpoint commits before it answers.
WriteSessionDep = Annotated[Session, Depends(get_write_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]

"""All page routes and the static files, included by api.main."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.staticfiles import StaticFiles

from api.web import (
    pages_import,
    pages_notifications,
    pages_operator,
    pages_public,
    pages_supervisor,
)
from api.web.templating import HERE

router = APIRouter(include_in_schema=False)
for _module in (pages_public, pages_notifications, pages_operator, pages_import, pages_supervisor):
    router.include_router(_module.router)
router.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

"""Bulk import of a 12345 export: upload -> column mapping -> rows filed in chunks with progress."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from api.core.config import get_settings
from api.intake.triage import DEFAULT_LOCALITY
from api.web.bulk_import import (
    FIELD_NAMES,
    FIELDS,
    MAX_FILE_BYTES,
    ImportFileError,
    discard_upload,
    import_rows_concurrently,
    load_upload,
    save_upload,
)
from api.web.common import render
from api.web.pages_operator import Hotline
from api.web.session import check_csrf

router = APIRouter(include_in_schema=False)
MAX_CHUNK = 50


@router.get("/operator/import", response_class=HTMLResponse)
def import_page(request: Request, principal: Hotline) -> Response:
    return render(request, "import.html", principal, table=None, error=None)


@router.post("/operator/import", response_class=HTMLResponse)
async def import_upload(
    request: Request,
    principal: Hotline,
    file: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_csrf(request, csrf)
    content = await file.read(MAX_FILE_BYTES + 1)
    try:
        table = save_upload(file.filename or "", content)
    except ImportFileError as exc:
        return render(request, "import.html", principal, 422, table=None, error=str(exc))
    return render(
        request,
        "import.html",
        principal,
        table=table,
        error=None,
        fields=FIELDS,
        field_names=FIELD_NAMES,
        preview=table.rows[:5],
        default_locality=DEFAULT_LOCALITY,
    )


class ChunkIn(BaseModel):
    csrf: str = Field(max_length=100)
    start: int = Field(ge=0, le=100_000)
    count: int = Field(ge=1, le=MAX_CHUNK)
    mapping: dict[str, int | None]
    default_locality: str = Field(pattern=r"^[0-9]{6}$")


@router.post("/operator/import/{token}/rows")
def import_rows(request: Request, token: str, data: ChunkIn, principal: Hotline) -> Response:
    check_csrf(request, data.csrf)
    table = load_upload(token)
    if table is None:
        return JSONResponse({"detail": "导入文件已失效，请重新上传"}, status_code=404)
    mapping = {k: v for k, v in data.mapping.items() if k in FIELDS}
    if mapping.get("text") is None:
        return JSONResponse({"detail": "请指定“诉求内容”所在的列"}, status_code=422)
    width = len(table.header)
    if any(v is not None and not 0 <= v < width for v in mapping.values()):
        return JSONResponse({"detail": "列的选择有误"}, status_code=422)
    rows = table.rows[data.start : data.start + data.count]
    values = [{k: row[v] if v is not None else "" for k, v in mapping.items()} for row in rows]
    done = import_rows_concurrently(
        principal,
        data.start + 1,
        values,
        data.default_locality,
        get_settings().import_concurrency,
    )
    results = [result.__dict__ for result in done]
    if data.start + len(rows) >= len(table.rows):
        discard_upload(token)
    return JSONResponse({"total": len(table.rows), "results": results})

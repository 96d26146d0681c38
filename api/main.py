"""The FastAPI application: `uvicorn api.main:app`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool

from api.auth.views import router as auth_router
from api.core.bodies import GuardBodiesMiddleware
from api.core.config import get_settings
from api.core.errors import ApiError
from api.core.headers import SecurityHeadersMiddleware
from api.core.logging import configure_logging
from api.core.middleware import (
    REQUEST_ID_HEADER,
    Admission,
    RequestContextMiddleware,
    request_id_of,
)
from api.departments.views import router as departments_router
from api.estimate.views import router as estimate_router
from api.metrics.views import router as metrics_router
from api.notifications.views import router as notifications_router
from api.tickets.sweep import sweep_once
from api.tickets.views import router as tickets_router
from api.web.router import router as web_router

log = logging.getLogger("api")

DESCRIPTION = """
12345 政务服务便民热线 社会救助工单服务：受理、派单、签收、退单、转办、延期、答复、回访、归档、重办、督办，
首问负责，工作日时限，全程留痕。
"""


async def _sweep_loop(interval: int) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            result = await run_in_threadpool(sweep_once)
            if result.warned or result.breached:
                log.info("deadline sweep: %d warned, %d breached", result.warned, result.breached)
        except Exception:  # noqa: BLE001 - keep sweeping; the next round retries
            log.exception("deadline sweep failed")


async def _warm_dashboard(days: int) -> None:
    from api.metrics import daily

    started = time.perf_counter()
    try:
        await run_in_threadpool(daily.warm, days)
        log.info(
            "dashboard figures of %d days ready in %.1f s", days, time.perf_counter() - started
        )
    except Exception:  # noqa: BLE001 - only a cache: the first request computes what is missing
        log.exception("dashboard warm-up failed")


@contextlib.asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    # Sync endpoints run in this many threads (each holds at most one database connection).
    anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threadpool_size
    interval = settings.sweep_interval_seconds
    tasks = [asyncio.create_task(_sweep_loop(interval))] if interval > 0 else []
    if settings.dashboard_warm_days > 0:
        tasks.append(asyncio.create_task(_warm_dashboard(settings.dashboard_warm_days)))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level)
    app = FastAPI(
        # No OpenTelemetry here: without this, FastAPI looks for configured providers (and
        # reads the environment) on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
        lifespan=lifespan,
        title="12345 救助工单服务",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PUT"],
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key", REQUEST_ID_HEADER],
        expose_headers=[REQUEST_ID_HEADER],
    )
    # The refusals of bodies before they are read (api.core.bodies), inside the request id.
    app.add_middleware(GuardBodiesMiddleware)
    # Outermost of ours: every request, its log lines and its answer carry the request id.
    app.state.admission = Admission(settings.max_requests_in_progress, settings.retry_after_seconds)
    app.add_middleware(RequestContextMiddleware, admission=app.state.admission)
    # Outermost: the security headers on every answer (the 401/413/503/500 ones included).
    app.add_middleware(SecurityHeadersMiddleware)

    def unavailable(request: Request, detail: str) -> JSONResponse:
        """503: the client may retry after a moment (and says which request failed)."""
        return JSONResponse(
            {"detail": detail, "request_id": request_id_of(request.scope)},
            status_code=503,
            headers={"Retry-After": str(settings.retry_after_seconds)},
        )

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        if exc.status_code == 503:
            return unavailable(request, exc.detail)
        headers = dict(getattr(exc, "headers", None) or {})  # e.g. Retry-After of a 429
        if exc.status_code == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=headers or None
        )

    @app.exception_handler(PoolTimeout)
    async def _no_connection(request: Request, _exc: PoolTimeout) -> JSONResponse:
        log.warning(
            "no database connection free within %s s: answering 503", settings.db_pool_timeout
        )
        return unavailable(request, "服务繁忙（数据库连接已满），请稍后重试")

    @app.exception_handler(OperationalError)
    async def _operational(request: Request, exc: OperationalError) -> JSONResponse:
        if "locked" in str(exc.orig).lower() or "busy" in str(exc.orig).lower():
            log.warning("database busy: answering 503")
            return unavailable(request, "服务繁忙（数据库写入排队），请稍后重试")
        if exc.connection_invalidated:
            # The server dropped the connection (a restart): the pool is renewed, retry works.
            log.warning("database connection lost: answering 503, the pool is renewed")
            return unavailable(request, "数据库连接已中断并已重建，请稍后重试")
        raise exc

    @app.exception_handler(StaleDataError)
    async def _stale(_request: Request, _exc: StaleDataError) -> JSONResponse:
        return JSONResponse({"detail": "工单已被他人同时更新，请刷新后重试"}, status_code=409)

    @app.exception_handler(IntegrityError)
    async def _integrity(_request: Request, exc: IntegrityError) -> JSONResponse:
        # Last line of defence: services check references first; never leak SQL to the client.
        log.warning("integrity error: %s", type(exc.orig).__name__)
        return JSONResponse(
            {"detail": "数据冲突或引用了不存在的记录，未作任何修改"}, status_code=409
        )

    @app.exception_handler(DataError)
    async def _data(_request: Request, exc: DataError) -> JSONResponse:
        # e.g. a NUL byte, which PostgreSQL text cannot hold.
        log.warning("data error: %s", type(exc.orig).__name__)
        return JSONResponse(
            {"detail": "输入含有无法处理的字符（如空字符），请检查后重试"}, status_code=422
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": errors, "message": "请求内容有误"}, status_code=422)

    for router in (
        auth_router,
        departments_router,
        tickets_router,
        metrics_router,
        notifications_router,
        estimate_router,
        web_router,
    ):
        app.include_router(router)

    @app.get("/api/v1/health", tags=["health"], summary="健康检查")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/docs")

    return app


app = create_app()

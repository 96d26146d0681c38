"""POST /api/v1/estimate: the policies package's assistance estimate, over HTTP."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Body

from api.core.errors import ApiError, Unprocessable

router = APIRouter(prefix="/api/v1", tags=["estimate"])
log = logging.getLogger(__name__)


class EstimatorUnavailable(ApiError):
    status_code = 503


@router.post(
    "/estimate",
    summary="救助政策测算（无需登录）",
    responses={422: {"description": "家庭情况不合法"}, 503: {"description": "测算模块不可用"}},
)
def estimate_view(household: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    try:
        from policies import InvalidHousehold, estimate
    except ImportError as exc:  # the estimator ships separately
        raise EstimatorUnavailable("测算模块暂不可用") from exc
    try:
        return estimate(household)
    except InvalidHousehold as exc:
        raise Unprocessable(str(exc)) from exc
    except (TypeError, KeyError, AttributeError) as exc:
        # Malformed facts the estimator did not anticipate: still the caller's input, not a 500.
        # Only the exception type is logged: the facts are personal data.
        log.warning("estimate failed on unexpected input: %s", type(exc).__name__)
        raise Unprocessable("家庭情况格式有误，无法测算 (malformed household facts)") from exc

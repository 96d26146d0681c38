"""Answering with a model already built: its JSON straight from pydantic's serializer.

FastAPI validates an endpoint's return value against `response_model` again before serialising
it; for a model the endpoint has just built from stored rows that is the same work twice. The
routes keep `response_model` for the documentation (OpenAPI) and return this `Response`."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel


def model_response(model: BaseModel, status_code: int = 200) -> Response:
    return Response(
        content=model.__pydantic_serializer__.to_json(model),
        status_code=status_code,
        media_type="application/json",
    )

"""Domain errors, each answered as JSON {"detail": "<Chinese message>"} with its HTTP status."""

from __future__ import annotations


class ApiError(Exception):
    status_code = 400

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code


class NotFound(ApiError):
    status_code = 404


class Forbidden(ApiError):
    status_code = 403


class Unauthorized(ApiError):
    status_code = 401


class Conflict(ApiError):
    status_code = 409


class Unprocessable(ApiError):
    status_code = 422


class Overloaded(ApiError):
    """The service cannot take the request now (queue full, waited too long): 503 + Retry-After."""

    status_code = 503

"""Client of the ticket API (contracts/api.md): token, create a work order, public status."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import requests

from bot.actions import settings

logger = logging.getLogger(__name__)


class ApiUnavailable(Exception):
    """The API did not answer usefully (down, timeout, 5xx): try again later.

    ``reachable`` is True when the API answered (a 5xx for this request), False when it could not
    be reached at all (then every other request would fail too)."""

    def __init__(self, message: str, reachable: bool = False) -> None:
        super().__init__(message)
        self.reachable = reachable


class ApiRejected(Exception):
    """The API refused the request for good (4xx other than an expired token)."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status
        self.detail = detail


class TicketApi:
    def __init__(
        self,
        base_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float | None = None,
    ) -> None:
        default_user, default_password = settings.assistant_credentials()
        self.base_url = (base_url or settings.api_url()).rstrip("/")
        self.username = username or default_user
        self.password = password if password is not None else default_password
        self.timeout = timeout or settings.api_timeout_seconds()
        self._token: str | None = None
        self._lock = threading.Lock()
        self._session = requests.Session()

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            response = self._session.request(
                method, self.base_url + path, timeout=self.timeout, **kwargs
            )
        except requests.RequestException as error:
            raise ApiUnavailable(f"{method} {path}: {type(error).__name__}") from error
        if response.status_code >= 500:
            raise ApiUnavailable(f"{method} {path}: HTTP {response.status_code}", reachable=True)
        return response

    def _fetch_token(self) -> str:
        response = self._request(
            "POST",
            "/api/v1/auth/token",
            data={"username": self.username, "password": self.password},
        )
        if response.status_code != 200:
            raise ApiRejected(response.status_code, _detail(response))
        return str(response.json()["access_token"])

    def _authorised(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        with self._lock:
            if self._token is None:
                self._token = self._fetch_token()
            token = self._token
        headers = dict(kwargs.pop("headers", {}))
        response = self._request(
            method, path, headers={**headers, "Authorization": f"Bearer {token}"}, **kwargs
        )
        if response.status_code == 401:  # expired or revoked: one fresh token, one retry
            with self._lock:
                self._token = self._fetch_token()
                token = self._token
            response = self._request(
                method, path, headers={**headers, "Authorization": f"Bearer {token}"}, **kwargs
            )
        return response

    def create_ticket(self, payload: dict[str, Any], idempotency_key: str) -> dict[str, Any]:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        response = self._authorised(
            "POST",
            "/api/v1/tickets",
            data=body,
            headers={
                "Idempotency-Key": idempotency_key,
                "Content-Type": "application/json; charset=utf-8",
            },
        )
        if response.status_code not in (200, 201):
            raise ApiRejected(response.status_code, _detail(response))
        return dict(response.json())

    def public_status(
        self, number: str, phone_last4: str, citizen_ref: str | None = None
    ) -> dict[str, Any] | None:
        """The public view of a ticket, or None when the number or the digits do not match.

        With ``citizen_ref`` (a hash of the conversation) the assistant asks with its token, so
        that the API counts wrong digits per conversation rather than for every chat citizen at
        once (they all come from the action server's address)."""
        path = f"/api/v1/public/tickets/{requests.utils.quote(number, safe='')}"
        params = {"phone_last4": phone_last4}
        if citizen_ref:
            response = self._authorised(
                "GET", path, params=params, headers={"X-Citizen-Ref": citizen_ref}
            )
        else:
            response = self._request("GET", path, params=params)
        if response.status_code in (404, 422):
            return None
        if response.status_code != 200:
            raise ApiRejected(response.status_code, _detail(response))
        return dict(response.json())

    def department_names(self) -> dict[str, str]:
        """code -> Chinese name; empty when the list cannot be read."""
        try:
            response = self._authorised("GET", "/api/v1/departments")
        except (ApiUnavailable, ApiRejected):
            return {}
        if response.status_code != 200:
            return {}
        try:
            return {d["code"]: d["name"] for d in response.json() if "code" in d and "name" in d}
        except (ValueError, TypeError, KeyError):
            return {}


def _detail(response: requests.Response) -> Any:
    try:
        return response.json().get("detail")
    except (ValueError, AttributeError):
        return response.text[:200]

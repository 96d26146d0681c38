"""The action server, bound to loopback and closed to anyone without the shared token.

`rasa run actions` listens on every interface and answers anyone: a forged POST /webhook could
file an order as the assistant. This starts the same rasa_sdk app on ACTIONS_HOST (default
127.0.0.1) and refuses a /webhook call without ACTION_SERVER_TOKEN, which the Rasa server sends
as `?token=` (bot/endpoints*.yml). `/health` stays open for the supervisor and the tests.

    .venv-bot/bin/python -m bot.action_server        # ACTIONS_PORT (5055), ACTIONS_HOST
"""

from __future__ import annotations

import hmac
import logging
import os

from rasa_sdk.endpoint import create_app
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import retention

logger = logging.getLogger(__name__)


def build_app(token: str | None) -> object:
    app = create_app("bot.actions", cors_origins=None)

    @app.middleware("request")  # type: ignore[misc]
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path == "/health" or not token:
            return None
        given = request.args.get("token") or ""
        if not hmac.compare_digest(given, token):
            logger.warning("action server: refused a call without the token to %s", request.path)
            return response.json({"error": "未授权"}, status=401)
        return None

    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    token = os.environ.get("ACTION_SERVER_TOKEN") or None
    if token is None:
        logger.warning("ACTION_SERVER_TOKEN is not set: the action server accepts any caller")
    app = build_app(token)
    retention.start_background()  # the conversations Rasa keeps: masked, then deleted
    host = os.environ.get("ACTIONS_HOST", "127.0.0.1")
    port = int(os.environ.get("ACTIONS_PORT", "5055"))
    app.run(host, port, workers=1, access_log=False)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()

"""Custom actions of the hotline assistant (run: `rasa run actions --actions bot.actions`).

Importing the package masks phone and ID numbers in every log record of the process. In the action
server it also starts the outbox retry thread at once, so orders queued before a restart are sent
even if nobody files a new one (OUTBOX_WORKER=on/off forces it either way).
"""

import os
import sys

from bot.actions.log_masking import install_log_masking

install_log_masking()


def _in_action_server() -> bool:
    setting = os.environ.get("OUTBOX_WORKER", "auto")
    if setting in ("on", "off"):
        return setting == "on"
    args = sys.argv[1:3]
    return args == ["run", "actions"] or "rasa_sdk" in (sys.argv[0] if sys.argv else "")


if _in_action_server():
    from bot.actions.filing import ensure_retry_worker

    ensure_retry_worker()

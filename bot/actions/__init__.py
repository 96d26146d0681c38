"""Custom actions of the hotline assistant (run: `rasa run actions --actions bot.actions`).

Importing the package masks phone and ID numbers in every log record of the process.
"""

from bot.actions.masking import install_log_masking

install_log_masking()

"""Chinese working-day calendar and 12345 work-order time limits.

- ``api.calendar.holidays``: is a date a working day (chinesecalendar, override table, fallback).
- ``api.calendar.workdays``: working-day arithmetic (deadlines, pauses, warnings).
- ``api.calendar.time_limits``: limits per step/urgency/kind from ``time_limits.yaml``; ``due_at``.
"""

"""Import every model so that Base.metadata knows all tables (alembic, tests)."""

from api.auth.models import User  # noqa: F401
from api.departments.models import Department, RoutingRule  # noqa: F401
from api.events.models import TicketEvent  # noqa: F401
from api.notifications.models import Notification  # noqa: F401
from api.tickets.models import (  # noqa: F401
    AssistingDepartment,
    IdempotencyKey,
    LookupThrottle,
    Ticket,
    TicketCounter,
    TicketDeadline,
    TicketTransfer,
)

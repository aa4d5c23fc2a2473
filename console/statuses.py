"""The status values the database stores: one `StrEnum` per concept, for models and services.

A member is its string (`TicketStatus.OPEN == "open"`, `str(TicketStatus.OPEN) == "open"`), so
the columns keep the very values the migrations wrote (no migration), a value read back compares
equal to its member, and members serve as dictionary keys, audit details and i18n keys as the
plain strings did. Code names the member instead of retyping the string, so a typo is an
AttributeError at import instead of a query that silently matches nothing.
"""

from __future__ import annotations

from enum import StrEnum


class TicketStatus(StrEnum):
    """A ticket in the queue (R9-R11): open until its visit starts, then done or cancelled."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"  # the technician is on site (D8: fixed for the planner)
    DONE = "done"
    CANCELLED = "cancelled"


# Tickets still in the queue: waiting for a visit or with the technician on site.
OPEN_TICKETS = (TicketStatus.OPEN, TicketStatus.IN_PROGRESS)


class VisitStatus(StrEnum):
    """A technician's visit (Visit.status): planned, on site, then settled one way or another."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"  # nobody let the technician in


# Visits that hold a technician's time (the booking cells are theirs).
HOLDING_VISITS = (VisitStatus.PLANNED, VisitStatus.IN_PROGRESS)


class VisitOutcome(StrEnum):
    """How a visit ended, from its signed act (Visit.outcome, Act.outcome)."""

    DONE = "done"
    FOLLOW_UP = "follow_up"  # not solved: a linked ticket goes into the queue
    REFUSED = "refused"  # R12: the client refused the work
    NO_SHOW = "no_show"


class CallOutcome(StrEnum):
    """How a call ended (Call.outcome, R16)."""

    SOLVED = "solved"
    TICKET = "ticket"
    CALLBACK = "callback"
    REFUSED = "refused"
    OUT_OF_SCOPE = "out_of_scope"
    HUNG_UP = "hung_up"
    UNREACHABLE = "unreachable"  # a callback nobody answered
    INTERRUPTED = "interrupted"  # the terminal was killed mid-call; closed at the next start


class NotificationStatus(StrEnum):
    """A call owed to a client whose visit moved (D9, D15, D16)."""

    PENDING = "pending"
    UNREACHABLE = "unreachable"  # tried; tried again after a while
    AWAITING_SLOT = "awaiting_slot"  # told we will call back with a time once there is a slot
    CALLED = "called"
    SMS = "sms"
    CLIENT_CANCELS = "client_cancels"
    SUPERSEDED = "superseded"  # the visit moved back: nothing to tell any more
    TICKET_CLOSED = "ticket_closed"


# Notifications on the list: nobody has told the client yet.
PENDING_NOTIFICATIONS = (NotificationStatus.PENDING, NotificationStatus.UNREACHABLE)


class ContractStatus(StrEnum):
    """A contract as billing reports it (Contract.status)."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class ClaimStatus(StrEnum):
    """A written claim in the register (R17, R18)."""

    REGISTERED = "registered"
    INCOMPLETE = "incomplete"  # an R17 field is missing
    DIRECTOR = "director"  # with the director, who reviews every claim personally (R18)
    ANSWERED = "answered"
    REJECTED = "rejected"


class OverrideStatus(StrEnum):
    """An operator's request to lift the balance gate, and the supervisor's answer (D4)."""

    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


class MachineMessageStatus(StrEnum):
    """A message from the answering machine (D16)."""

    ENTERED = "entered"  # a ticket was made from it
    UNIDENTIFIED = "unidentified"  # no contract matched: the client is called back
    CALLED_BACK = "called_back"

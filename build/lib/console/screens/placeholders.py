"""Screens that later issues fill; until then each names what it will hold."""

from __future__ import annotations

from console.screens.base import PlannedScreen


class TimeslotsScreen(PlannedScreen):
    """F4: technicians x time of day, day by day (R3)."""

    TITLE = "Visits"
    PLAN = (
        "The technicians' day: technicians by time of day (10:30-17:00), day by day; "
        "book, move, cancel a visit, close it with the signed act."
    )


class ClaimsScreen(PlannedScreen):
    """F5: the claims register (R17, R18, D12)."""

    TITLE = "Claims"
    PLAN = (
        "The claims register: written claims to the general director, their 14-working-day "
        "deadlines, statuses and replies; incomplete claims show what is missing."
    )


class HelpDeskScreen(PlannedScreen):
    """F6: HelpDesk questions from the web cabinet (R5, D11)."""

    TITLE = "HelpDesk"
    PLAN = (
        "HelpDesk questions from the clients' web cabinet, each with its deadline of one "
        "working day of service time; overdue ones first."
    )

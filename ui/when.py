"""Moments in words: "3 minutes ago", "due Dec 23", "Today 21:08", in the interface language.

Every date and time shown is in one zone, the person's (``app.clock.local_zone``): an instant stored in
UTC or with a platform's offset is turned into it here; bare dates are shown as they are.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from app import clock

translate = QCoreApplication.translate  # lupdate reads translate("When", "...") calls


def aware(value: datetime) -> datetime:
    """The vault keeps naive UTC timestamps; treat them as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def local(moment: datetime) -> datetime:
    """``moment`` as wall time in the person's zone (naive values are UTC, as the vault keeps them)."""
    return clock.to_local(moment)


def local_day(moment: datetime) -> date:
    """The person's date of an instant."""
    return local(moment).date()


def time_of_day(moment: datetime) -> str:
    """ "21:08": 24-hour time in the person's zone, in both languages."""
    return local(moment).strftime("%H:%M")


def date_time(moment: datetime) -> str:
    """ "2026-12-05 21:08" in the person's zone (tables, tooltips, histories; no zone name)."""
    return local(moment).strftime("%Y-%m-%d %H:%M")


def day_and_time(moment: datetime) -> str:
    """ "Today 21:08" / "Yesterday 21:08" / "2026-12-03 21:08", the day being the person's."""
    wall = local(moment)
    today = clock.local_today()
    if wall.date() == today:
        return translate("When", "Today %1").replace("%1", wall.strftime("%H:%M"))
    if (today - wall.date()).days == 1:
        return translate("When", "Yesterday %1").replace("%1", wall.strftime("%H:%M"))
    return wall.strftime("%Y-%m-%d %H:%M")


def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """How long ago ``moment`` was, rounded down to the largest whole unit ("" when unknown)."""
    if moment is None:
        return ""
    seconds = ((now or clock.utcnow()) - aware(moment)).total_seconds()
    if seconds < 60:
        return translate("When", "just now")
    minutes = int(seconds // 60)
    if minutes < 60:
        return translate(
            "When", "%n minutes ago", None, minutes
        )  # plural forms: huiliu_en.ts, huiliu_zh_CN.ts
    hours = minutes // 60
    if hours < 24:
        return translate("When", "%n hours ago", None, hours)
    days = hours // 24  # a plain name: the lupdate of PySide6 6.11 misses the string otherwise
    return translate("When", "%n days ago", None, days)


def updated_ago(moment: datetime | None, now: datetime | None = None) -> str:
    """ "updated 3 minutes ago", or "never updated"."""
    if moment is None:
        return translate("When", "never updated")
    return translate("When", "updated %1").replace("%1", ago(moment, now))


def next_day_of_month(day: int, today: date) -> date:
    """The next date (today included) that falls on ``day`` of a month; short months use their last day."""
    year, month = today.year, today.month
    for _ in range(2):
        last = calendar.monthrange(year, month)[1]
        candidate = date(year, month, min(day, last))
        if candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return candidate


def short_date(day: date) -> str:
    """A date in columns and summaries: ISO order (2025-03-31), clear in both languages, never cut."""
    return day.isoformat()


def month_day(day: date) -> str:
    """ "12月23日" / "Dec 23"."""
    return QLocale().toString(QDate(day.year, day.month, day.day), translate("When", "MMM d"))


def until(moment: datetime | None, now: datetime | None = None) -> str:
    """How long until ``moment`` ("in 7 days", "in 3 hours"), to the nearest whole unit so a deadline a
    week away is not called six days; "" when unknown, past ones by ``ago``."""
    if moment is None:
        return ""
    seconds = (aware(moment) - (now or clock.utcnow())).total_seconds()
    if seconds <= 0:
        return ago(moment, now)
    if seconds < 3600:
        minutes = max(round(seconds / 60), 1)  # plain names: lupdate only sees a count passed as one
        return translate("When", "in %n minutes", None, minutes)
    if seconds < 86400 - 1800:
        hours = max(round(seconds / 3600), 1)
        return translate("When", "in %n hours", None, hours)
    days = max(round(seconds / 86400), 1)
    return translate("When", "in %n days", None, days)

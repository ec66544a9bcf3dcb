"""How the policy's texts show numbers and times: money exactly (10,000.00; more digits only when the
value has them, never rounded), hours to a tenth (cut, not rounded up), instants in China time."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from decimal import ROUND_DOWN, Decimal

from app.policy.facts import FACT_SPECS, SHANGHAI

MONEY_UNITS = frozenset({"CNY", "USD"})


def money(value: Decimal | int) -> str:
    """10000 -> 10,000.00; 0.005 -> 0.005 (an exact value is shown whole, never rounded)."""
    d = Decimal(value)
    exponent = d.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -2:
        return f"{d.quantize(Decimal('0.01')):,.2f}"
    return f"{d:,f}"


def number(value: Decimal | int) -> str:
    d = Decimal(value)
    text = f"{d.normalize():f}" if d == d.to_integral_value() else f"{d:f}"
    return text


def hours(value: Decimal | int) -> str:
    return number(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_DOWN).normalize())


def when(moment: datetime, language: str) -> str:
    local = moment.astimezone(SHANGHAI)
    if language.startswith("zh"):
        return f"{local.month}月{local.day}日 {local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def show(name: str, value: object, language: str, money_names: Collection[str] = ()) -> str:
    spec = FACT_SPECS.get(name)
    unit = spec.unit if spec is not None else ""
    if isinstance(value, datetime):
        return when(value, language)
    if isinstance(value, bool):
        return ("是" if value else "否") if language.startswith("zh") else ("yes" if value else "no")
    if isinstance(value, (Decimal, int)):
        if name in money_names or unit in MONEY_UNITS or (unit == "currency" and isinstance(value, Decimal)):
            return money(value)
        if unit == "hours":
            return hours(value)
        return number(value)
    return str(value)


def render(template: str, fields: Mapping[str, object], language: str, money_names: Collection[str] = ()) -> str:
    """``template`` with each {name} shown for ``language``; unknown names stay visible as {name}."""
    shown = _Shown(fields, language, money_names)
    return template.format_map(shown)


class _Shown(dict[str, str]):
    def __init__(self, fields: Mapping[str, object], language: str, money_names: Collection[str]) -> None:
        super().__init__()
        self._fields, self._language, self._money = fields, language, money_names

    def __missing__(self, key: str) -> str:
        if key not in self._fields:
            return "{" + key + "}"
        return show(key, self._fields[key], self._language, self._money)

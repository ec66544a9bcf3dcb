"""Exchange rates: providers and the conversions totals use.

A ``Rate`` says how many units of ``quote`` one unit of ``base`` buys on ``as_of``. Providers:
the ECB daily reference-rate XML (EUR-based; crosses into CNY are computed here), a platform's
``/fx/quote`` endpoint (through its connector), and rates a person types. Cross rates are computed
exactly in Decimal and rounded half-up to ``RATE_PLACES`` decimal places, written down here once.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from app.errors import HuiliuError
from app.i18n import _
from app.money import normalize_currency

RATE_PLACES = Decimal("0.0000000001")  # 10 decimal places: far below a fen on any realistic balance
ECB_NAMESPACE = "http://www.ecb.int/vocabulary/2002-08-01/eurofxref"


class RateError(HuiliuError):
    """A rate source could not be read."""


@dataclass(frozen=True)
class Rate:
    """Units of ``quote`` per one unit of ``base`` on a date, from a source."""

    base: str
    quote: str
    rate: Decimal
    as_of: date
    source: str


def cross(via_base: Decimal, via_quote: Decimal) -> Decimal:
    """Rate base->quote from two rates against a common currency: (C per quote)... see ecb_rates."""
    with localcontext() as ctx:
        ctx.prec = 40
        return (via_quote / via_base).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def ecb_rates(xml: bytes, target: str = "CNY", source_name: str = "ECB") -> list[Rate]:
    """Rates of every ECB currency (and EUR) into ``target`` from one eurofxref daily file."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise RateError(_("The ECB rate file is not valid XML: {error}").format(error=exc)) from None
    day_cube = next((c for c in root.iter(f"{{{ECB_NAMESPACE}}}Cube") if "time" in c.attrib), None)
    if day_cube is None:
        raise RateError(_("The ECB rate file has no dated rates."))
    try:
        as_of = date.fromisoformat(day_cube.attrib["time"])
    except ValueError:
        raise RateError(_("The ECB rate file has a bad date: {value}").format(value=day_cube.attrib["time"])) from None
    per_eur: dict[str, Decimal] = {"EUR": Decimal(1)}
    for cube in day_cube:
        code, text = cube.attrib.get("currency", ""), cube.attrib.get("rate", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise RateError(_("The ECB rate for {code} is not a number: {value}").format(code=code, value=text)) from None
        if not value.is_finite() or value <= 0:
            raise RateError(_("The ECB rate for {code} is not a positive number: {value}").format(code=code, value=text))
        per_eur[normalize_currency(code)] = value
    target = normalize_currency(target)
    if target not in per_eur:
        raise RateError(_("The ECB rate file has no rate for {code}.").format(code=target))
    # One EUR buys per_eur[X] of X and per_eur[target] of target: one X buys target/X of target.
    return [Rate(code, target, cross(value, per_eur[target]), as_of, source_name)
            for code, value in sorted(per_eur.items()) if code != target]

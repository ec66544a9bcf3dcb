"""Money: an exact ``Decimal`` amount in one ISO 4217 currency, and how Huiliu shows and reads it.

Rounding rule (the only one in Huiliu):

* Rounding is half-up (ties away from zero: 0.005 -> 0.01, -0.005 -> -0.01) to the currency's minor
  unit as Babel/CLDR gives it (CNY 2 digits, JPY 0, KWD 3). It is written down once: the constant
  ``ROUNDING`` and the function ``round_to_minor``; nothing else rounds money.
* ``Money(...)`` keeps the exact ``Decimal`` it is given. ``+``, ``-``, negation, ``abs``, comparisons
  and multiplication by a ``Decimal``/``int`` (a percentage, a rate) are exact, never rounded.
* Rounding happens only where a result must be a whole number of minor units: ``Money.rounded()``,
  ``Money.convert()`` (the product in the target currency), ``Money.allocate()`` (parts are whole
  minor units that sum exactly to the original, by largest remainder: nothing is lost) and display
  (``format_money``, ``format_wan``, ``amount_in_chinese_capitals``).
* A sum shown with its parts (a total and its breakdown) is rounded once: ``round_parts`` rounds the
  exact sum and hands the parts whole minor units through ``Money.allocate``, so they add up to it.
* External input is never rounded: ``parse_money`` rejects more decimals than the currency has, and
  ``to_minor_units`` refuses an amount that is not a whole number of minor units.

Floats are refused everywhere (TypeError): they cannot hold 0.1 exactly.
"""

from __future__ import annotations

import decimal
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import (
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    list_currencies,
)

from app import i18n
from app.errors import CurrencyMismatch, MoneyError, UnknownCurrency
from app.i18n import _

__all__ = [
    "ROUNDING",
    "InvalidAmount",
    "Money",
    "amount_in_chinese_capitals",
    "currency_marker",
    "currency_name",
    "format_money",
    "format_wan",
    "minor_digits",
    "normalize_currency",
    "parse_money",
    "round_parts",
    "round_to_minor",
]

ROUNDING = decimal.ROUND_HALF_UP
"""How money is rounded to its minor unit: half-up, ties away from zero."""

# Arithmetic on amounts is exact: this context is wide enough for any household sum, and if a result
# ever needed more digits it raises ``decimal.Inexact`` instead of silently rounding.
_PRECISION = 200
_EXACT = decimal.Context(
    prec=_PRECISION,
    rounding=ROUNDING,
    traps=[decimal.InvalidOperation, decimal.Inexact, decimal.Overflow, decimal.DivisionByZero],
)
_ROUNDING_CONTEXT = decimal.Context(prec=_PRECISION, rounding=ROUNDING, traps=[decimal.InvalidOperation])

_FLOAT_MESSAGE = "{what} must not be a float, which cannot hold amounts like 0.1 exactly; use Decimal"


class InvalidAmount(MoneyError, ValueError):
    """Text or a value that is not a usable amount (also a ValueError, so validators accept it)."""


# --------------------------------------------------------------------------------------------- currency


@lru_cache(maxsize=1)
def _known_currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def normalize_currency(code: str) -> str:
    """The upper-case ISO 4217 code for ``code``; UnknownCurrency if Babel does not know it."""
    if not isinstance(code, str):
        raise TypeError(f"currency must be an ISO 4217 code as str, not {type(code).__name__}")
    norm = code.strip().upper()
    if norm not in _known_currencies():
        raise UnknownCurrency(code)
    return norm


@cache
def minor_digits(currency: str) -> int:
    """Number of decimal digits of the currency's minor unit (CNY 2, JPY 0, KWD 3)."""
    return get_currency_precision(normalize_currency(currency))


# --------------------------------------------------------------------------------------------- rounding


def _quantize(amount: Decimal, places: int) -> Decimal:
    """Round ``amount`` to ``places`` decimals with ROUNDING; the only rounding primitive."""
    result = amount.quantize(Decimal((0, (1,), -places)), rounding=ROUNDING, context=_ROUNDING_CONTEXT)
    return result.copy_abs() if result.is_zero() else result


def round_to_minor(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up to the minor unit of ``currency`` (the one rounding rule)."""
    return _quantize(_to_decimal(amount, "amount"), minor_digits(currency))


def _to_decimal(value: object, what: str) -> Decimal:
    """An exact finite Decimal from Decimal, int or str; TypeError for float and other types."""
    if isinstance(value, float):
        raise TypeError(_FLOAT_MESSAGE.format(what=what))
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(f"{what} must be a Decimal, int or str, not {type(value).__name__}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    else:
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise InvalidAmount(_("'{text}' is not a number.").format(text=value)) from None
    if not result.is_finite():
        raise InvalidAmount(_("'{text}' is not a number.").format(text=value))
    return result


def _check_factor(value: object, what: str) -> Decimal:
    if isinstance(value, float):
        raise TypeError(_FLOAT_MESSAGE.format(what=what))
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{what} must be a Decimal or int, not {type(value).__name__}")
    return _to_decimal(value, what)


# --------------------------------------------------------------------------------------------- Money


class Money:
    """An immutable, hashable amount of one currency with an exact Decimal amount."""

    __slots__ = ("_amount", "_currency")

    _amount: Decimal
    _currency: str

    def __init__(self, amount: Decimal | int | str, currency: str) -> None:
        value = _to_decimal(amount, "Money amount")
        if value.is_zero():
            value = value.copy_abs()  # no "-0.00"
        object.__setattr__(self, "_amount", value)
        object.__setattr__(self, "_currency", normalize_currency(currency))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Money is immutable")

    def __reduce__(self) -> tuple[type[Money], tuple[str, str]]:
        return (Money, (str(self._amount), self._currency))

    # construction ------------------------------------------------------------------------------------

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency`` (a start value for ``sum``)."""
        return cls(0, currency)

    @classmethod
    def from_minor_units(cls, units: int, currency: str) -> Money:
        """The amount of ``units`` minor units (fen, cents...) of ``currency``."""
        if isinstance(units, bool) or not isinstance(units, int):
            raise TypeError(f"minor units must be an int, not {type(units).__name__}")
        return cls(Decimal(units).scaleb(-minor_digits(currency), context=_EXACT), currency)

    # accessors ---------------------------------------------------------------------------------------

    @property
    def amount(self) -> Decimal:
        """The exact amount."""
        return self._amount

    @property
    def currency(self) -> str:
        """The upper-case ISO 4217 code."""
        return self._currency

    @property
    def minor_digits(self) -> int:
        """Decimal digits of this currency's minor unit."""
        return minor_digits(self._currency)

    def is_rounded(self) -> bool:
        """Whether the amount is a whole number of minor units."""
        return round_to_minor(self._amount, self._currency) == self._amount

    def is_zero(self) -> bool:
        """Whether the amount is zero."""
        return self._amount.is_zero()

    def is_negative(self) -> bool:
        """Whether the amount is below zero."""
        return self._amount < 0

    def is_positive(self) -> bool:
        """Whether the amount is above zero."""
        return self._amount > 0

    def rounded(self) -> Money:
        """This amount rounded half-up to the currency's minor unit."""
        return Money(round_to_minor(self._amount, self._currency), self._currency)

    def to_minor_units(self) -> int:
        """The amount as an integer count of minor units; ValueError if it is not whole."""
        scaled = self._amount.scaleb(self.minor_digits, context=_EXACT)
        if scaled != scaled.to_integral_value(context=_ROUNDING_CONTEXT):
            raise ValueError(f"{self!r} is not a whole number of minor units; call .rounded() first")
        return int(scaled)

    # arithmetic --------------------------------------------------------------------------------------

    def _same_currency(self, other: Money) -> None:
        if other._currency != self._currency:
            raise CurrencyMismatch(self._currency, other._currency)

    def __add__(self, other: object) -> Money:
        if type(other) is int and other == 0:  # lets ``sum(moneys)`` start from 0
            return self
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(_EXACT.add(self._amount, other._amount), self._currency)

    def __radd__(self, other: object) -> Money:
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return Money(_EXACT.subtract(self._amount, other._amount), self._currency)

    def __neg__(self) -> Money:
        return Money(self._amount.copy_negate(), self._currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money(self._amount.copy_abs(), self._currency)

    def __mul__(self, factor: object) -> Money:
        if not isinstance(factor, float | Decimal | int) or isinstance(factor, bool):
            return NotImplemented
        return Money(_EXACT.multiply(self._amount, _check_factor(factor, "A factor")), self._currency)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return not self._amount.is_zero()

    # comparison --------------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._currency == other._currency and self._amount == other._amount

    def __hash__(self) -> int:
        return hash((self._amount, self._currency))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self._amount < other._amount

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self._amount <= other._amount

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self._amount > other._amount

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other)
        return self._amount >= other._amount

    # splitting and conversion ------------------------------------------------------------------------

    def allocate(self, ratios: Sequence[Decimal | int]) -> list[Money]:
        """Split into whole-minor-unit parts proportional to ``ratios`` that sum exactly to this amount.

        Largest-remainder method: each part gets the floor of its exact share, and the minor units left
        over go one each to the parts with the largest remainders (ties: the earlier part). A zero ratio
        always gets zero. The amount must already be a whole number of minor units.
        """
        if isinstance(ratios, str | bytes) or not isinstance(ratios, Sequence):
            raise TypeError("ratios must be a sequence of Decimal or int")
        if not ratios:
            raise ValueError("allocate needs at least one ratio")
        weights = [Fraction(_check_factor(r, "A ratio")) for r in ratios]
        if any(w < 0 for w in weights):
            raise ValueError("ratios must not be negative")
        total_weight = sum(weights, Fraction(0))
        if total_weight == 0:
            raise ValueError("at least one ratio must be above zero")
        units = self.to_minor_units()
        sign, remaining = (-1 if units < 0 else 1), abs(units)
        shares = [remaining * w / total_weight for w in weights]
        parts = [s.numerator // s.denominator for s in shares]
        leftover = remaining - sum(parts)
        by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - parts[i]), i))
        for i in by_remainder[:leftover]:
            parts[i] += 1
        return [Money.from_minor_units(sign * p, self._currency) for p in parts]

    def convert(self, rate: Decimal | int, to_currency: str) -> Money:
        """This amount times ``rate`` in ``to_currency``, rounded half-up to its minor unit."""
        factor = _check_factor(rate, "An exchange rate")
        if factor <= 0:
            raise ValueError(f"an exchange rate must be above zero, not {factor}")
        target = normalize_currency(to_currency)
        return Money(round_to_minor(_EXACT.multiply(self._amount, factor), target), target)

    # text --------------------------------------------------------------------------------------------

    def __str__(self) -> str:
        """Plain form such as ``1234.56 CNY``: at least the minor digits, never fewer than exact."""
        digits = self.minor_digits
        amount = self._amount
        if amount.as_tuple().exponent > -digits:  # type: ignore[operator]
            amount = amount.quantize(Decimal((0, (1,), -digits)), context=_EXACT)
        return f"{amount:f} {self._currency}"

    def __repr__(self) -> str:
        return f"Money('{self._amount:f}', '{self._currency}')"


def round_parts(parts: Sequence[Money]) -> list[Money]:
    """Exact parts of one currency, as whole minor units that sum exactly to their exact sum rounded once.

    Each part first keeps the whole minor units below its exact value (its floor); the units that the
    rounded sum has beyond those floors go to the parts by ``Money.allocate``, weighted by what each part
    lost to its floor (a part that is already whole gets nothing, so it is shown unchanged). Parts may
    be of either sign. Nothing is lost: ``sum(round_parts(p)) == sum(p).rounded()``.
    """
    if not parts:
        return []
    currency = parts[0].currency
    total = sum(parts, Money.zero(currency))  # CurrencyMismatch if the parts are of several currencies
    digits = minor_digits(currency)
    exact = [p.amount.scaleb(digits, context=_EXACT) for p in parts]
    floors = [e.to_integral_value(rounding=decimal.ROUND_FLOOR, context=_ROUNDING_CONTEXT) for e in exact]
    units = [int(f) for f in floors]
    leftover = total.rounded().to_minor_units() - sum(units)
    if leftover:
        losses = [_EXACT.subtract(e, f) for e, f in zip(exact, floors, strict=True)]
        extra = Money.from_minor_units(leftover, currency).allocate(losses)
        units = [u + x.to_minor_units() for u, x in zip(units, extra, strict=True)]
    return [Money.from_minor_units(u, currency) for u in units]


# --------------------------------------------------------------------------------------------- display

_AMBIGUOUS_SYMBOLS = frozenset({"$", "¥", "￥", "¤"})
_MASK = "****"


def _babel_locale(locale: str | None) -> Locale:
    return Locale.parse((locale or i18n.language()).replace("-", "_"))


# Names the glossary prefers over Babel's (ZH-STYLE.md: 港币, not 港元).
_ZH_NAMES = {"HKD": "港币"}


def currency_name(currency: str, locale: str | None = None) -> str:
    """How a currency is named to a person: in Chinese by its name (美元, 港币, 欧元), elsewhere by its ISO
    code, which English-speaking users of a finance app read more readily than "US dollar"."""
    code = normalize_currency(currency)
    loc = _babel_locale(locale)
    if loc.language != "zh":
        return code
    return _ZH_NAMES.get(code) or get_currency_name(code, locale=loc) or code


def currency_marker(currency: str, locale: str | None = None) -> str:
    """The prefix that marks ``currency`` in ``locale``: ``¥`` for CNY, else an unambiguous symbol or code.

    Babel's symbol for the locale is used unless it is a bare sign shared by several currencies (``$``
    for USD or ``¥`` for JPY in English), which become the internationally clear ``US$`` / ``JP¥``;
    currencies without such a symbol show their ISO code.
    """
    code = normalize_currency(currency)
    if code == "CNY":
        return "¥"
    symbol = get_currency_symbol(code, _babel_locale(locale))
    if symbol in _AMBIGUOUS_SYMBOLS:
        symbol = get_currency_symbol(code, "zh_CN")
    return code if symbol in _AMBIGUOUS_SYMBOLS else symbol


def _with_marker(marker: str, number: str) -> str:
    """Join marker and number, with a space when the marker ends in a letter (``KWD 1.000``)."""
    if not marker:
        return number
    return f"{marker} {number}" if marker[-1].isalpha() else marker + number


def _prefix(currency: str, locale: str | None, show_code: bool | None) -> str:
    if show_code is None:
        return currency_marker(currency, locale)
    return currency if show_code else ""


def _digits_pattern(places: int) -> str:
    return "#,##0" + ("." + "0" * places if places else "")


def format_money(
    money: Money, locale: str | None = None, *, show_code: bool | None = None, masked: bool = False
) -> str:
    """``money`` for people: ``¥1,234.56``, ``-¥12.00``, ``US$1.00``, ``JP¥1,200``, ``¥****`` when masked.

    Always exactly the currency's minor digits (rounded half-up), a leading minus, the locale's
    grouping. ``show_code=None`` uses ``currency_marker``; ``True`` shows the ISO code (``USD 1.00``);
    ``False`` shows the bare number. The locale defaults to the app language.
    """
    if not isinstance(money, Money):
        raise TypeError(f"format_money needs Money, not {type(money).__name__}")
    prefix = _prefix(money.currency, locale, show_code)
    if masked:
        return _with_marker(prefix, _MASK)
    value = round_to_minor(money.amount, money.currency)
    pattern = _digits_pattern(money.minor_digits)
    number = format_decimal(value.copy_abs(), format=pattern, locale=_babel_locale(locale))
    return ("-" if value < 0 else "") + _with_marker(prefix, number)


_WAN = 4  # 万 = 10**4
_YI = 8  # 亿 = 10**8


def format_wan(money: Money, locale: str | None = None, *, masked: bool = False) -> str:
    """A large sum for an overview: ``¥12.35万`` / ``¥1.23亿`` in Chinese; elsewhere as ``format_money``.

    Only amounts of at least 10,000 are abbreviated (to two decimals of 万 or 亿, half-up); smaller
    ones, and every amount outside Chinese, are shown exactly as ``format_money`` shows them.
    """
    loc = _babel_locale(locale)
    if masked or loc.language != "zh":
        return format_money(money, locale, masked=masked)
    value = round_to_minor(money.amount, money.currency)
    if value.copy_abs() < Decimal(10) ** _WAN:
        return format_money(money, locale)
    scaled, unit = _quantize(value.copy_abs().scaleb(-_WAN, context=_EXACT), 2), "万"
    if scaled >= Decimal(10) ** (_YI - _WAN):
        scaled, unit = _quantize(value.copy_abs().scaleb(-_YI, context=_EXACT), 2), "亿"
    number = format_decimal(scaled, format=_digits_pattern(2), locale=loc) + unit
    return ("-" if value < 0 else "") + _with_marker(currency_marker(money.currency, locale), number)


# --------------------------------------------------------------------------------------------- parsing

_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+", re.ASCII)
_SIGNS = {"-": -1, "+": 1, "\u2212": -1}


def _markers(currency: str) -> list[str]:
    """Every way a user may mark ``currency`` when typing an amount, longest first."""
    found = {currency, get_currency_symbol(currency, "en"), get_currency_symbol(currency, "zh_CN")}
    found.add(currency_marker(currency, "en"))
    if currency == "CNY":
        found.update({"¥", "元", "RMB"})
    normalised = {unicodedata.normalize("NFKC", m).upper() for m in found if m}
    return sorted(normalised, key=len, reverse=True)


def _strip_marker(text: str, currency: str) -> str:
    upper = text.upper()
    for marker in _markers(currency):
        if upper.startswith(marker):
            return text[len(marker) :].strip()
        if upper.endswith(marker):
            return text[: len(text) - len(marker)].strip()
    return text


def parse_money(text: str, currency: str) -> Money:
    """The amount a person typed, e.g. ``1,234.56``, ``¥1,234.56``, ``-12``, full-width ``１２３.４``.

    Accepts a sign (before or after the currency marker), the currency's symbol or code before or
    after the number, comma grouping in threes and full-width characters. Never rounds: more
    significant decimals than the currency has is an error. Raises InvalidAmount (a MoneyError and
    ValueError) with a message that says what is wrong.
    """
    code = normalize_currency(currency)
    if not isinstance(text, str):
        raise TypeError(f"parse_money needs str, not {type(text).__name__}")
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        raise InvalidAmount(_("Enter an amount."))
    sign = 1
    if cleaned[0] in _SIGNS:
        sign, cleaned = _SIGNS[cleaned[0]], cleaned[1:].strip()
    cleaned = _strip_marker(cleaned, code)
    if sign == 1 and cleaned[:1] in _SIGNS:
        sign, cleaned = _SIGNS[cleaned[0]], cleaned[1:].strip()
    if not _NUMBER.fullmatch(cleaned):
        raise InvalidAmount(
            _("'{text}' is not an amount in {currency}; type digits such as 1,234.56.").format(
                text=text.strip(), currency=code
            )
        )
    value = Decimal(cleaned.replace(",", ""))
    digits = minor_digits(code)
    rounded = _quantize(value, digits)
    if rounded != value:
        if digits == 0:
            message = _("'{text}': {currency} amounts have no decimal places.")
        else:
            message = _("'{text}' has too many decimal places: {currency} allows at most {digits}.")
        raise InvalidAmount(message.format(text=text.strip(), currency=code, digits=digits))
    return Money(rounded.copy_negate() if sign < 0 else rounded, code)


# --------------------------------------------------------------------------------------------- 大写金额

_CN_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CN_PLACES = ("", "拾", "佰", "仟")
_CN_LIMIT = 10**16


def _cn_section(n: int) -> str:
    """1..9999 in capitals; one 零 for each run of zeros between non-zero digits, none trailing."""
    out: list[str] = []
    pending_zero = False
    for place in range(3, -1, -1):
        digit = n // 10**place % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_CN_DIGITS[digit] + _CN_PLACES[place])
    return "".join(out)


def _cn_below_yi(n: int) -> str:
    """1..99999999 in capitals, with 万 and a 零 where the lower section starts with zeros."""
    high, low = divmod(n, 10**_WAN)
    text = _cn_section(high) + "万" if high else ""
    if low:
        text += ("零" if high and low < 10 ** (_WAN - 1) else "") + _cn_section(low)
    return text


def _cn_integer(n: int) -> str:
    """1..10**16-1 in capitals (亿 above 万, so 10**12 is 壹万亿)."""
    high, low = divmod(n, 10**_YI)
    if not high:
        return _cn_below_yi(low)
    text = _cn_below_yi(high) + "亿"
    if low:
        text += ("零" if low < 10 ** (_YI - 1) else "") + _cn_below_yi(low)
    return text


def amount_in_chinese_capitals(amount: Decimal | int) -> str:
    """大写金额 as written on Chinese cheques, e.g. 1234.56 -> 壹仟贰佰叁拾肆元伍角陆分, 1000 -> 壹仟元整.

    Follows the PBOC rules for 票据 (正确填写票据和结算凭证的基本规定), choosing the first form they
    list wherever they allow two, so each of their examples comes out verbatim:

    * 壹拾 is written in full (壹拾元, 壹拾壹万); units 万 and 亿 follow each non-zero group.
    * One 零 for each run of zeros between non-zero yuan digits (陆仟零柒元, 壹亿零壹万零壹元); a zero
      万 digit directly followed by a non-zero 仟 digit takes none (壹拾万柒仟元, as rule 3 allows).
    * After 元, 零 when 角 is zero but 分 is not (壹拾元零伍分) and when the 元 digit is zero and a
      fraction follows (壹仟陆佰捌拾元零叁角贰分, 壹拾万柒仟元零伍角叁分).
    * 整 after 元 when there are no 角 and 分 (壹仟元整, 零元整); none after 角 or 分 (壹拾元伍角).
    * Below one yuan, 元 and 零 are left out (伍角, 伍分). Negative amounts start with 负.

    The amount is first rounded half-up to the fen; it must be below 10**16.
    """
    fen_total = int(round_to_minor(_to_decimal(amount, "amount"), "CNY").scaleb(2, context=_EXACT))
    negative, fen_total = fen_total < 0, abs(fen_total)
    if fen_total >= _CN_LIMIT * 100:
        raise ValueError(f"{amount} is too large to write in capitals (limit 10**16)")
    yuan, rest = divmod(fen_total, 100)
    jiao, fen = divmod(rest, 10)
    text = _cn_integer(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        text = (text or "零元") + "整"
    else:
        if yuan and (yuan % 10 == 0 or not jiao):
            text += "零"  # rule 4 (角 is 0), and rule 3's first form (元 digit is 0)
        if jiao:
            text += _CN_DIGITS[jiao] + "角"
        if fen:
            text += _CN_DIGITS[fen] + "分"
    return ("负" if negative else "") + text

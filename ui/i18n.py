"""The translation catalog and locale-aware number formatting (no Streamlit here).

Every visible string is a key in `locales/<language>.toml`; both catalogs must hold the same keys
(a test checks it). Numbers and money are formatted with Babel for the chosen language.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import (
    format_compact_currency, format_compact_decimal, format_currency, format_decimal,
    format_percent, get_decimal_symbol, get_group_symbol,
)

LANGUAGES: dict[str, str] = {"en": "English", "hu": "Magyar"}
LOCALES: dict[str, str] = {"en": "en_US", "hu": "hu_HU"}
CURRENCIES: tuple[str, ...] = ("USD", "EUR", "GBP", "HUF")
DEFAULT_LANGUAGE = "en"
DEFAULT_CURRENCY = "USD"
# From here on numbers are written as 1.2 × 10^65: Babel's formats fail from about 1e28, and
# no count or amount of this app is that large but a cost where spending no longer buys anything.
HUGE = 1e18
_LOCALE_DIR = Path(__file__).parent / "locales"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat |= _flatten(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    """All strings of one language, keyed by dotted names."""
    with open(_LOCALE_DIR / f"{language}.toml", "rb") as file:
        return _flatten(tomllib.load(file))


@cache
def _locale(language: str) -> Locale:
    """Parsed once: Babel parses a locale name on every call (a third of a number's cost)."""
    return Locale.parse(LOCALES[language])


def language_from_locale(browser_locale: str | None) -> str:
    """The app language for a browser locale such as "hu-HU"; English when unsupported."""
    code = (browser_locale or "").split("-")[0].split("_")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


# Formatted numbers remembered per language and currency: Babel takes about 0.1 ms for each,
# and a rerun formats most of the same numbers again (a table of four scenarios, 200 of them).
_REMEMBERED = 8192


def _remembered(method: Callable[..., str]) -> Callable[..., str]:
    """`method` remembered by its arguments, as a rerun formats the same numbers again."""
    cached = lru_cache(maxsize=_REMEMBERED)(method)

    @wraps(method)
    def format_number(*arguments: Any, **options: Any) -> str:
        try:
            return cached(*arguments, **options)
        except TypeError:  # an argument that cannot be a key (a 0-d array): formatted afresh
            return method(*arguments, **options)
    return format_number


@dataclass(frozen=True)
class Translator:
    """Text and numbers in one language and currency."""

    language: str = DEFAULT_LANGUAGE
    currency: str = DEFAULT_CURRENCY

    @property
    def locale(self) -> Locale:
        return _locale(self.language)

    @property
    def separators(self) -> str:
        """Decimal and thousands separators, in the order Plotly's `separators` wants."""
        return get_decimal_symbol(self.locale) + get_group_symbol(self.locale)

    def __call__(self, key: str, **values: Any) -> str:
        """The text for `key`, with `{name}` placeholders filled in."""
        text = catalog(self.language)[key]
        return text.format(**values) if values else text

    @_remembered
    def number(self, value: float, digits: int = 0) -> str:
        if not math.isfinite(value):
            return "∞" if value > 0 else "–"
        if abs(value) >= HUGE:
            return self._scientific(value)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, pattern, locale=self.locale)

    @_remembered
    def compact(self, value: float) -> str:
        """Large counts shortened: 12.3K."""
        if not math.isfinite(value) or abs(value) >= HUGE:
            return self.number(value)
        if abs(value) < 10_000:
            return self.number(value)
        return format_compact_decimal(value, locale=self.locale, fraction_digits=1)

    @_remembered
    def money(self, value: float, compact: bool = False) -> str:
        if not math.isfinite(value) or abs(value) >= HUGE:
            return self.number(value) + ("" if not math.isfinite(value) else f" {self.currency}")
        if compact and abs(value) >= 10_000:
            return format_compact_currency(value, self.currency, locale=self.locale,
                                           fraction_digits=2)
        return format_currency(value, self.currency, locale=self.locale,
                               format="¤#,##0" if self.language == "en" else "#,##0\u00a0¤",
                               currency_digits=False)

    @_remembered
    def percent(self, value: float, digits: int = 1) -> str:
        if not math.isfinite(value):
            return self.number(value)
        if abs(value) >= HUGE:
            return self.number(value * 100) + "%"
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(value, pattern, locale=self.locale)

    def _scientific(self, value: float) -> str:
        """A number too large for Babel's decimal formats (from ~1e28), as 1.2 × 10^65."""
        mantissa, exponent = f"{value:.1e}".split("e")
        return f"{mantissa.replace('.', get_decimal_symbol(self.locale))} × 10^{int(exponent)}"

    def signed(self, text: str, value: float) -> str:
        """Prefix a plus sign to a formatted non-negative change."""
        return f"+{text}" if value >= 0 and not text.startswith(("+", "-", "−")) else text

"""Phone numbers as people type them → E.164, or a ValidationError that says what is wrong."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import phonenumbers

from voicedash.errors import ValidationError

_SEPARATORS = re.compile(r"[\s\-./()\u00a0]")
_MAX_E164_DIGITS = 15
_MIN_DIGITS = 6


_PLUS_SIGNS = {"\uff0b": "+", "\u2795": "+"}  # full-width and heavy plus


class MissingCountryCode(ValidationError):
    """A national number, and no DEFAULT_REGION to say which country it belongs to."""


def _ascii_digits(text: str) -> str:
    """Turn any Unicode decimal digit (Arabic-Indic, full-width, …) and plus sign into ASCII."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else _PLUS_SIGNS.get(ch, ch) for ch in text)


def normalize_phone(value: Any, *, default_region: str | None = None, field: str = "to") -> str:
    """Return `value` as an E.164 number; raise ValidationError naming `field` when it is not one."""
    if not isinstance(value, str):
        raise ValidationError(f"{field} must be a phone number written as text", field=field)
    text = _SEPARATORS.sub("", _ascii_digits(value.strip()))
    if not text:
        raise ValidationError(f"{field} is required", field=field)
    if re.search(r"[^\W\d_]", text):
        raise ValidationError(f"{field} must contain only digits, spaces and + ( ) - .", field=field)
    if text.startswith("00"):
        text = "+" + text[2:]
    if not re.fullmatch(r"\+?\d+", text):
        raise ValidationError(f"{field} must contain only digits, spaces and + ( ) - .", field=field)
    digits = text.lstrip("+")
    if len(digits) > _MAX_E164_DIGITS:
        raise ValidationError(f"{field} is too long: a phone number has at most 15 digits", field=field)
    if len(digits) < _MIN_DIGITS:
        raise ValidationError(f"{field} is too short to be a phone number", field=field)
    if not text.startswith("+") and not default_region:
        raise MissingCountryCode(
            f"{field} has no country code: start it with + and the country code (for example "
            "+90 532 123 45 67), or set DEFAULT_REGION so national numbers are accepted",
            field=field,
        )
    return _parse(text, default_region, field)


def _parse(text: str, default_region: str | None, field: str) -> str:
    try:
        number = phonenumbers.parse(text, None if text.startswith("+") else default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(f"{field} is not a valid phone number", field=field) from exc
    if not phonenumbers.is_valid_number(number):
        region = phonenumbers.region_code_for_number(number)
        where = f" in {region}" if region and region != "ZZ" else ""
        raise ValidationError(f"{field} is not a valid phone number{where}", field=field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

import pytest

from voicedash.calls.phone import normalize_phone
from voicedash.errors import ValidationError


@pytest.mark.parametrize(
    ("typed", "region", "e164"),
    [
        ("+1 415 555 0101", None, "+14155550101"),
        ("+1-415-555-0101", None, "+14155550101"),
        ("+1 (415) 555.0101", None, "+14155550101"),
        ("0014155550101", None, "+14155550101"),
        ("00 90 532 123 45 67", None, "+905321234567"),
        ("+90 532 123 45 67", "GB", "+905321234567"),
        ("0532 123 45 67", "TR", "+905321234567"),
        ("05321234567", "TR", "+905321234567"),
        ("(415) 555-0101", "US", "+14155550101"),
        ("  +14155550101  ", None, "+14155550101"),
        ("+\uff11 \uff14\uff11\uff15 555 0101", None, "+14155550101"),  # full-width digits
        (
            "\u0660\u0665\u0663\u0662\u0661\u0662\u0663\u0664\u0665\u0666\u0667",
            "TR",
            "+905321234567",
        ),  # Arabic-Indic
    ],
)
def test_numbers_as_people_type_them_become_e164(typed: str, region: str | None, e164: str) -> None:
    assert normalize_phone(typed, default_region=region) == e164


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "required"),
        ("   ", "required"),
        ("+1 415 CALL NOW", "only digits"),
        ("call me", "only digits"),
        ("+1 415 555 0101 ext 2", "only digits"),
        ("+44 12", "too short"),
        ("+1 415 555 0101 0101 0101", "too long"),
        ("4155550101", "no country code"),
        ("+1 555 555 0101", "not a valid phone number"),
        ("+1#4155550101", "only digits"),
        (["+14155550101"], "written as text"),
        (14155550101, "written as text"),
        (None, "written as text"),
        ({"number": "+14155550101"}, "written as text"),
    ],
)
def test_bad_numbers_are_refused_naming_the_field(value: object, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value)
    assert fragment in caught.value.message
    assert caught.value.details["field"] == "to"
    assert caught.value.status_code == 400


def test_national_number_is_accepted_once_a_default_region_is_set() -> None:
    with pytest.raises(ValidationError, match="DEFAULT_REGION"):
        normalize_phone("0532 123 45 67")
    assert normalize_phone("0532 123 45 67", default_region="TR") == "+905321234567"

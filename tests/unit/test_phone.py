import pytest

from voicedash.calls.phone import normalize_phone
from voicedash.errors import ValidationError
from voicedash.logs import scrub


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


@pytest.mark.parametrize(
    ("line", "masked"),
    [
        ("calling +905321234567 now", "calling +90*******67 now"),
        ("to=0532 123 45 67", "to=05*******67"),
        ("GET /api/calls/history?search=%2B14155550304", "GET /api/calls/history?search=+14*******04"),
        ("(415) 555-0101 and +1 415 555 0101", "(41*******01 and +14*******01"),
    ],
)
def test_phone_numbers_are_masked_in_log_text(line: str, masked: str) -> None:
    assert scrub(line) == masked


@pytest.mark.parametrize(
    "line",
    [
        "2026-12-03T16:38:28.123456Z",
        "execution FN0123456789abcdef0123456789abcdef",
        "CA12345678901234567890123456789012",
        "duration_ms=27.3 status=200 event_id=123456",
    ],
)
def test_dates_sids_and_figures_stay_readable(line: str) -> None:
    assert scrub(line) == line


def test_secret_keys_are_hidden() -> None:
    assert scrub({"auth_token": "abc", "nested": {"password": "x", "to": "+905321234567"}}) == {
        "auth_token": "***",
        "nested": {"password": "***", "to": "+90*******67"},
    }


def test_full_width_plus_is_a_plus() -> None:
    assert normalize_phone("\uff0b1 415 555 0101") == "+14155550101"


@pytest.mark.parametrize("line", ["2026-12-03 16:50:24 [info] started", "at 2026-12-03 16:50"])
def test_space_separated_date_times_stay_readable(line: str) -> None:
    assert scrub(line) == line

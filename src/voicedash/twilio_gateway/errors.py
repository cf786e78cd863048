"""Twilio's error codes → voicedash errors that tell the user what to do."""

from __future__ import annotations

from twilio.base.exceptions import TwilioRestException

from voicedash.errors import AppError, RateLimitedError, TwilioError, ValidationError

_BAD_NUMBER = {21211, 21214, 21217}
NOT_FOUND_CODE = "TWILIO_NOT_FOUND"


def counts_against_breaker(exc: TwilioRestException) -> bool:
    """Only Twilio failing counts: any 4xx is an answer from a healthy Twilio (and says what to fix)."""
    return bool(exc.status >= 500)


def map_rest_error(exc: TwilioRestException) -> AppError:
    code = exc.code
    if code in _BAD_NUMBER:
        return ValidationError(
            f"Twilio cannot call this number (error {code})", field="to", code="INVALID_NUMBER"
        )
    if code == 20429 or exc.status == 429:
        return RateLimitedError("Twilio's rate limit was reached; try again in a moment", retry_after=1)
    if code == 20409 or exc.status == 409:
        return AppError(
            "a call to this number is already in progress",
            status_code=409,
            code="CALL_IN_PROGRESS",
            details={"field": "to"},
        )
    if code == 20003 or exc.status == 401:
        return TwilioError(
            "Twilio refused the credentials: check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
            code="TWILIO_AUTH_FAILED",
        )
    if code == 20404 or exc.status == 404:
        return TwilioError(
            "Twilio does not know the Studio flow or execution: check TWILIO_FLOW_SID", code=NOT_FOUND_CODE
        )
    return TwilioError(f"Twilio refused the request (error {code or exc.status})")

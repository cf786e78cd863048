"""Twilio's error codes → voicedash errors that tell the user what to do."""

from __future__ import annotations

from twilio.base.exceptions import TwilioRestException

from voicedash.errors import AppError, RateLimitedError, TwilioError, ValidationError

_BAD_NUMBER = {21211, 21214, 21217}


def counts_against_breaker(exc: TwilioRestException) -> bool:
    """Refusals caused by the request itself say nothing about Twilio's health."""
    return not (exc.code in _BAD_NUMBER or exc.code in (20429, 20409) or exc.status in (409, 429))


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
            "Twilio does not know the Studio flow: check TWILIO_FLOW_SID", code="TWILIO_FLOW_NOT_FOUND"
        )
    return TwilioError(f"Twilio refused the request (error {code or exc.status})")

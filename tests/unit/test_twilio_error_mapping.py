import pytest
from twilio.base.exceptions import TwilioRestException

from voicedash.errors import RateLimitedError, TwilioError, ValidationError
from voicedash.twilio_gateway.breaker import CircuitBreaker
from voicedash.twilio_gateway.errors import counts_against_breaker, map_rest_error


def rest_error(status: int, code: int) -> TwilioRestException:
    return TwilioRestException(status, "https://studio.twilio.com/v2/Flows/FW1/Executions", "refused", code)


@pytest.mark.parametrize("code", [21211, 21214, 21217])
def test_bad_number_codes_are_400_on_to(code: int) -> None:
    error = map_rest_error(rest_error(400, code))
    assert isinstance(error, ValidationError) and error.details["field"] == "to"
    assert not counts_against_breaker(rest_error(400, code))


def test_rate_limit_is_429_with_retry_after() -> None:
    error = map_rest_error(rest_error(429, 20429))
    assert isinstance(error, RateLimitedError) and error.status_code == 429
    assert error.headers["Retry-After"] == "1"


@pytest.mark.parametrize(
    ("status", "code", "setting"), [(401, 20003, "TWILIO_AUTH_TOKEN"), (404, 20404, "TWILIO_FLOW_SID")]
)
def test_configuration_errors_are_502_naming_the_setting(status: int, code: int, setting: str) -> None:
    error = map_rest_error(rest_error(status, code))
    assert isinstance(error, TwilioError) and error.status_code == 502 and setting in error.message
    assert not counts_against_breaker(rest_error(status, code)), "Twilio answered: it is not down"


@pytest.mark.parametrize("status", [500, 502, 503])
def test_twilio_server_errors_count_against_the_breaker(status: int) -> None:
    assert counts_against_breaker(rest_error(status, 20500))


def test_active_execution_is_409() -> None:
    assert map_rest_error(rest_error(409, 20409)).status_code == 409


def test_breaker_opens_after_five_failures_and_half_opens_after_the_cooldown() -> None:
    now = [0.0]
    breaker = CircuitBreaker(threshold=5, cooldown=60, clock=lambda: now[0])
    for _ in range(4):
        breaker.record_failure()
    assert breaker.state == "closed"
    breaker.record_failure()
    assert breaker.is_open and breaker.seconds_until_retry() == 60
    now[0] = 59.0
    assert breaker.is_open
    now[0] = 60.5
    assert not breaker.is_open and breaker.state == "half-open"
    breaker.record_success()
    assert breaker.state == "closed"


def test_a_success_resets_the_count() -> None:
    breaker = CircuitBreaker(threshold=5)
    for _ in range(4):
        breaker.record_failure()
    breaker.record_success()
    for _ in range(4):
        breaker.record_failure()
    assert breaker.state == "closed"

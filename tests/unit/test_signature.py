import base64
import hashlib
import hmac
import json

import pytest
from twilio.request_validator import RequestValidator

from voicedash.errors import SecurityError
from voicedash.webhooks.signature import verify_signature

# Twilio's published vectors (TWILIO.md).
TOKEN = "12345"
URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
FORM = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212"
FORM_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
JSON_BODY = '{"property": "value", "boolean": true}'
JSON_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"


def check(url: str, body: str, media: str, signature: str | None, token: str = TOKEN) -> None:
    verify_signature(auth_token=token, url=url, body=body.encode(), media_type=media, signature=signature)


def test_published_form_vector_verifies() -> None:
    check(URL, FORM, "application/x-www-form-urlencoded", FORM_SIGNATURE)


def test_published_json_body_hash_matches() -> None:
    assert hashlib.sha256(JSON_BODY.encode()).hexdigest() == JSON_HASH


def test_json_signed_with_body_hash_verifies() -> None:
    url = f"{URL}&bodySHA256={JSON_HASH}"
    signature = RequestValidator(TOKEN).compute_signature(url, {})
    check(url, JSON_BODY, "application/json", signature)


@pytest.mark.parametrize(
    ("url", "body", "media", "signature", "token"),
    [
        (URL, FORM, "application/x-www-form-urlencoded", None, TOKEN),
        (URL, FORM, "application/x-www-form-urlencoded", "", TOKEN),
        (URL, FORM, "application/x-www-form-urlencoded", FORM_SIGNATURE, "54321"),
        (
            URL,
            FORM.replace("Digits=1234", "Digits=9999"),
            "application/x-www-form-urlencoded",
            FORM_SIGNATURE,
            TOKEN,
        ),
        (URL.replace("foo=1", "foo=2"), FORM, "application/x-www-form-urlencoded", FORM_SIGNATURE, TOKEN),
        (URL, FORM, "application/x-www-form-urlencoded", FORM_SIGNATURE, ""),
        # JSON without bodySHA256: the SDK raises TypeError here; it must be a plain refusal.
        (URL, JSON_BODY, "application/json", FORM_SIGNATURE, TOKEN),
        # The body changed after signing: the hash no longer matches.
        (f"{URL}&bodySHA256={JSON_HASH}", json.dumps({"property": "other"}), "application/json", "x", TOKEN),
    ],
)
def test_wrong_or_missing_signatures_are_refused(
    url: str, body: str, media: str, signature: str | None, token: str
) -> None:
    with pytest.raises(SecurityError):
        check(url, body, media, signature, token)


def test_tampered_json_body_is_refused_even_with_a_valid_url_signature() -> None:
    url = f"{URL}&bodySHA256={JSON_HASH}"
    signature = RequestValidator(TOKEN).compute_signature(url, {})
    with pytest.raises(SecurityError):
        check(url, JSON_BODY.replace("value", "evil"), "application/json", signature)


def test_repeated_form_fields_are_all_signed() -> None:
    body = "A=2&A=1&B=x"
    # Twilio's rule, by hand: every value of each name, names and values sorted.
    mac = hmac.new(TOKEN.encode(), f"{URL}A1A2Bx".encode(), hashlib.sha1)
    signature = base64.b64encode(mac.digest()).decode()
    check(URL, body, "application/x-www-form-urlencoded", signature)

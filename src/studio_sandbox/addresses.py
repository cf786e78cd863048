"""What Twilio accepts as a contact address."""

from __future__ import annotations

import re

_PHONE = re.compile(r"^\+?[1-9]\d{6,14}$")
_CHANNEL = re.compile(r"^(whatsapp|messenger|client|sip|rcs):\S+$", re.IGNORECASE)
_PHONE_PUNCTUATION = re.compile(r"[\s().-]")
MAX_ADDRESS_BYTES = 300


def valid_address(address: str) -> bool:
    """A phone number (E.164, punctuation allowed) or a channel address such as `whatsapp:+1…`."""
    return bool(_PHONE.match(_PHONE_PUNCTUATION.sub("", address)) or _CHANNEL.match(address))

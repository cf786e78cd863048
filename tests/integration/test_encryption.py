"""Phone numbers at rest: never in clear in the database file, found by keyed hash, and re-encrypted
by key rotation with old and new rows readable throughout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.engine import make_url
from twilio.request_validator import RequestValidator

from tests.support.stack import FROM_NUMBER, TEST_ENCRYPTION_KEY, Stack, running_stack
from voicedash.db.encryption import DecryptionError, Keyring, generate_key
from voicedash.db.engine import create_engine, create_sessionmaker
from voicedash.db.rotation import rotate_keys
from voicedash.models import Call, CallEvent

TERMINAL = {"completed", "busy", "no-answer", "failed", "canceled"}
# Voicemail (0), confirmed (1), busy (3): every webhook shape the flow sends, plus a form callback.
NUMBERS = ["+14155550130", "+14155550131", "+14155550133"]


def clear_forms(e164: str) -> list[str]:
    """Ways a number could appear in clear: E.164, without +, national, grouped, URL-encoded."""
    digits = e164[1:]
    national = digits[1:]
    return [
        e164,
        digits,
        national,
        f"{national[:3]} {national[3:6]} {national[6:]}",
        f"{national[:3]}-{national[3:6]}-{national[6:]}",
        f"({national[:3]}) {national[3:6]}-{national[6:]}",
        e164.replace("+", "%2B"),
    ]


@pytest.fixture(scope="module")
async def stack(database_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url) as running:
        yield running


@pytest.fixture(scope="module")
async def sids(stack: Stack) -> dict[str, str]:
    """The module's calls, made once: every test reads them, whichever tests are selected."""
    return await run_calls(stack)


async def run_calls(stack: Stack) -> dict[str, str]:
    sids = {}
    for number in NUMBERS:
        response = await stack.start_call(number)
        assert response.status_code == 201, response.text
        sids[number] = response.json()["data"]["execution_sid"]
    details = await asyncio.gather(
        *(stack.wait_for(sid, lambda d: d["call"]["status"] in TERMINAL) for sid in sids.values())
    )
    call_sid = details[1]["call"]["call_sid"]
    params = {"CallSid": call_sid, "CallStatus": "completed", "To": NUMBERS[1], "From": FROM_NUMBER}
    path = "/api/calls/webhooks/status"
    signature = RequestValidator(stack.settings.auth_token).compute_signature(
        f"{stack.settings.public_url}{path}", params
    )
    form = {"X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}
    assert (await stack.http.post(path, content=urlencode(params), headers=form)).status_code == 200
    return sids


async def test_numbers_read_back_in_clear_and_are_stored_encrypted(
    stack: Stack, sids: dict[str, str]
) -> None:
    for number, sid in sids.items():
        detail = await stack.detail(sid)
        assert detail["call"]["to"] == number and detail["call"]["from"] == FROM_NUMBER
        assert any(number in event["payload"] for event in detail["events"])
        assert any(event["fields"].get("to") == number for event in detail["events"])
    async with stack.api.state.engine.connect() as connection:
        raw = (await connection.exec_driver_sql('SELECT "to", "from" FROM calls')).all()
        events = (await connection.exec_driver_sql("SELECT payload, fields FROM call_events")).all()
    assert raw and events
    # NULL stays NULL (a call a webhook created has no `from`); every value is a Fernet token.
    for value in [v for row in raw + events for v in row if v is not None]:
        assert str(value).startswith("gAAAAA"), f"stored as a Fernet token: {value!r}"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_raw_sqlite_file_holds_no_number_in_clear(
    stack: Stack, sids: dict[str, str], database_url: str
) -> None:
    path = Path(make_url(database_url).database or "")
    files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]
    data = b"".join(p.read_bytes() for p in files)
    history = (await stack.http.get("/api/calls/history")).json()["data"]["items"]
    assert history and all(c["execution_sid"].encode() in data for c in history), "the scan sees the rows"
    for number in [*NUMBERS, FROM_NUMBER]:
        for form in clear_forms(number):
            for encoding in ("utf-8", "utf-16-le"):
                assert form.encode(encoding) not in data, f"{form!r} ({encoding}) found in clear"


async def test_a_number_is_found_by_its_keyed_hash(stack: Stack, sids: dict[str, str]) -> None:
    keyring = Keyring([TEST_ENCRYPTION_KEY])
    async with stack.api.state.sessions() as session:
        call = await session.scalar(select(Call).where(Call.to_hash == keyring.keyed_hash(NUMBERS[1])))
        assert call is not None and call.to_number == NUMBERS[1]
        assert call.to_hash != NUMBERS[1] and len(call.to_hash or "") == 64


async def read_everything(database_url: str, keyring: Keyring) -> tuple[list[tuple[str, str | None]], int]:
    engine = create_engine(database_url, keyring=keyring)
    try:
        async with create_sessionmaker(engine)() as session:
            calls = [
                (c.to_number, c.from_number) for c in await session.scalars(select(Call).order_by(Call.id))
            ]
            events = list(await session.scalars(select(CallEvent)))
            assert all(isinstance(e.fields, dict) and e.payload for e in events)
            return calls, len(events)
    finally:
        await engine.dispose()


async def test_key_rotation_re_encrypts_every_row_and_both_keys_read(
    stack: Stack, sids: dict[str, str], database_url: str
) -> None:
    old = Keyring([TEST_ENCRYPTION_KEY])
    new_key = generate_key()
    try:
        await rotate_and_check(stack, database_url, old, new_key)
    finally:
        # The PostgreSQL database is shared by the whole run: leave it readable with the tests' key.
        back = Keyring([TEST_ENCRYPTION_KEY])
        await rotate_keys(stack.api.state.engine, old=Keyring([new_key, TEST_ENCRYPTION_KEY]), new=back)


async def calls_with_hash(stack: Stack, hashed: str) -> list[int]:
    by_hash = sa.select(sa.column("id")).select_from(sa.table("calls")).where(sa.column("to_hash") == hashed)
    async with stack.api.state.engine.connect() as connection:
        return sorted(row[0] for row in (await connection.execute(by_hash)).all())


async def rotate_and_check(stack: Stack, database_url: str, old: Keyring, new_key: str) -> None:
    before = await read_everything(database_url, old)
    # Other modules share the PostgreSQL database and may have called the same number: compare ids.
    with_old_hash = await calls_with_hash(stack, old.keyed_hash(NUMBERS[0]))
    assert len(with_old_hash) >= 1
    await rotate_keys(stack.api.state.engine, old=old, new=Keyring([new_key]), batch=2)

    assert await read_everything(database_url, Keyring([new_key])) == before
    with pytest.raises(DecryptionError):
        await read_everything(database_url, old)
    assert await calls_with_hash(stack, Keyring([new_key]).keyed_hash(NUMBERS[0])) == with_old_hash
    assert await calls_with_hash(stack, old.keyed_hash(NUMBERS[0])) == []

    # A process still on the old key writes meanwhile; the new key list (new first) reads everything.
    late = await stack.http.post("/api/calls/start", json={"to": "+14155550141"})
    assert late.status_code == 201
    calls, _ = await read_everything(database_url, Keyring([new_key, TEST_ENCRYPTION_KEY]))
    assert calls[: len(before[0])] == before[0] and calls[-1][0] == "+14155550141"

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from hypothesis import given
from hypothesis import strategies as st

from voicedash.calls.export import _LocalTimes, neutralise_cell, neutralise_row
from voicedash.db.encryption import DecryptionError, Keyring
from voicedash.zones import zone_named


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+905321234567", "'+905321234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("confirmed", "confirmed"),
        ("Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
        (-1, "'-1"),
    ],
)
def test_cells_a_spreadsheet_would_run_get_a_leading_quote(cell: object, written: str) -> None:
    assert neutralise_cell(cell) == written


@given(st.lists(st.text(), max_size=5))
def test_no_written_cell_starts_like_a_formula(cells: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(neutralise_row(list(cells)))
    for cell in next(csv.reader(io.StringIO(buffer.getvalue()))) if cells else []:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


@given(st.lists(st.one_of(st.none(), st.text(max_size=40)), max_size=30))
def test_decrypting_a_batch_gives_what_decrypting_each_gives(values: list[str | None]) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    writer_then, writer_now = Keyring([old]), Keyring([new, old])
    stored = [
        None if v is None else (writer_then if i % 3 == 0 else writer_now).encrypt(v) if i % 5 else v
        for i, v in enumerate(values)
    ]  # under the old key, the new one, and plain values written before encryption
    assert writer_now.decrypt_many(stored) == [None if s is None else writer_now.decrypt(s) for s in stored]
    assert writer_now.decrypt_many(stored) == values


def test_a_tampered_token_is_refused_in_a_batch_too() -> None:
    keyring = Keyring([Fernet.generate_key().decode()])
    token = keyring.encrypt("+905321234567")
    forged = token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]
    with pytest.raises(DecryptionError):
        keyring.decrypt_many([keyring.encrypt("fine"), forged])
    stranger = Keyring([Fernet.generate_key().decode()]).encrypt("+905321234567")
    with pytest.raises(DecryptionError):
        keyring.decrypt_many([stranger])


@pytest.mark.parametrize(
    "zone", ["Europe/Istanbul", "Europe/London", "Asia/Kolkata", "America/St_Johns", "UTC"]
)
def test_export_times_are_the_zone_s_local_time_with_its_offset(zone: str) -> None:
    times = _LocalTimes(zone_named(zone))
    moment = datetime(2026, 3, 28, 22, 0, 0, 123456, tzinfo=UTC)
    while moment < datetime(2026, 3, 30, tzinfo=UTC):  # across London's spring change
        expected = moment.astimezone(zone_named(zone)).isoformat(timespec="seconds")
        assert times(moment.replace(tzinfo=None).isoformat(" ")) == expected  # as SQLite stores it
        assert times(moment) == expected  # as PostgreSQL returns it
        moment += timedelta(minutes=17)

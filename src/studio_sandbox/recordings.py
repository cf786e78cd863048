"""Voicemail recordings the sandbox serves as small WAV files."""

from __future__ import annotations

import io
import math
import wave
from dataclasses import dataclass

from studio_sandbox.sids import new_sid

SAMPLE_RATE = 8000
MAX_RENDERED_SECONDS = 600


@dataclass(frozen=True)
class Recording:
    """A recording made during a call."""

    sid: str
    call_sid: str
    duration: int

    def path(self) -> str:
        """Where the sandbox serves it, relative to its base URL."""
        return f"/sandbox/recordings/{self.sid}.wav"


class RecordingStore:
    """Recordings by SID; the audio is generated when someone asks for it."""

    def __init__(self) -> None:
        self._recordings: dict[str, Recording] = {}

    def add(self, call_sid: str, duration: int) -> Recording:
        """Keep a new recording of `duration` seconds."""
        recording = Recording(sid=new_sid("RE"), call_sid=call_sid, duration=duration)
        self._recordings[recording.sid] = recording
        return recording

    def get(self, recording_sid: str) -> Recording | None:
        """The recording, if it exists."""
        return self._recordings.get(recording_sid)


def wav_bytes(duration: int) -> bytes:
    """A mono 8 kHz 8-bit WAV of `duration` seconds: a soft tone that fades in and out, then silence."""
    seconds = max(1, min(duration, MAX_RENDERED_SECONDS))
    frames = bytearray(SAMPLE_RATE * seconds)
    tone_frames = min(len(frames), SAMPLE_RATE)
    for i in range(tone_frames):
        envelope = math.sin(math.pi * i / tone_frames)
        frames[i] = 128 + int(40 * envelope * math.sin(2 * math.pi * 440 * i / SAMPLE_RATE))
    for i in range(tone_frames, len(frames)):
        frames[i] = 128
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(bytes(frames))
    return buffer.getvalue()

"""Widgets that place or use a call: make-outgoing-call-v2, gather-input-on-call, say-play, record-voicemail.

Durations are simulated seconds (scaled by the clock): speech is read at `CHARS_PER_SECOND`, a played
file lasts `PLAY_SECONDS`, and the callee acts one second after hearing a prompt once.
"""

from __future__ import annotations

from typing import Any

from studio_sandbox.runtime import CallHungUp, CallLeg, WidgetResult, WidgetRun
from studio_sandbox.sids import new_sid

CHARS_PER_SECOND = 15.0
PLAY_SECONDS = 5.0
RING_BEFORE_BUSY = 3.0
RING_BEFORE_FAILED = 1.0
AMD_SECONDS = {"enable": 2.5, "detectmessageend": 6.0}
REACTION_SECONDS = 1.0
BEEP_SECONDS = 0.5
DEFAULT_CALL_TIMEOUT = 60.0


def _amd_answer(mode: str, answered_by: str) -> str:
    """What Twilio reports as AnsweredBy for this detection mode."""
    if not answered_by.startswith("machine"):
        return answered_by
    if mode == "enable":
        return "machine_start"
    # DetectMessageEnd waits for the greeting to finish, so a machine is reported by how it ended.
    return "machine_end_beep" if answered_by == "machine_start" else answered_by


def _call_outputs(run: WidgetRun, call: CallLeg, status: str) -> dict[str, Any]:
    outputs: dict[str, Any] = {
        "CallSid": call.sid,
        "CallStatus": status,
        "To": call.to,
        "From": call.from_,
        "Called": call.to,
        "Caller": call.from_,
        "Direction": "outbound-api",
        "AccountSid": run.services.config.account_sid,
        "ApiVersion": "2010-04-01",
    }
    if call.answered_by is not None:
        outputs["AnsweredBy"] = call.answered_by
    return outputs


async def make_outgoing_call(run: WidgetRun) -> WidgetResult:
    """Dial the contact and report answered / busy / noAnswer / failed as the callee's script says."""
    to, from_ = run.render("to").strip(), run.render("from").strip()
    script = run.services.callees.script_for(to)
    call = CallLeg(sid=new_sid("CA"), to=to, from_=from_, script=script, active=False)
    await run.services.pacer.wait_turn()
    clock = run.services.clock
    timeout = run.number("timeout", DEFAULT_CALL_TIMEOUT)
    if script.failed:
        await clock.sleep(RING_BEFORE_FAILED)
        return WidgetResult("failed", _call_outputs(run, call, "failed"))
    if script.busy:
        await clock.sleep(RING_BEFORE_BUSY)
        return WidgetResult("busy", _call_outputs(run, call, "busy"))
    if script.answer_after is None or script.answer_after > timeout:
        await clock.sleep(timeout)
        return WidgetResult("noAnswer", _call_outputs(run, call, "no-answer"))
    await clock.sleep(script.answer_after)
    mode = run.render("machine_detection", "Disable").strip().lower()
    if mode in AMD_SECONDS:
        await clock.sleep(AMD_SECONDS[mode])
        call.answered_by = _amd_answer(mode, script.answered_by)
    call.active = True
    run.runtime.call = call
    return WidgetResult("answered", _call_outputs(run, call, "in-progress"))


def _audio_seconds(run: WidgetRun) -> float:
    """How long one pass of the widget's say or play lasts."""
    text = run.render("say")
    if text:
        return max(1.0, len(text) / CHARS_PER_SECOND)
    return PLAY_SECONDS if run.render("play") else 0.0


def _loops(run: WidgetRun) -> int:
    # Studio's loop 0 means "until the call ends"; one pass is what a callee waits through.
    return max(1, int(run.number("loop", 1)))


async def _hang_up_midway(run: WidgetRun, call: CallLeg, audio: float) -> None:
    await run.services.clock.sleep(audio / 2)
    call.active = False
    raise CallHungUp(f"the callee hung up during {run.state.name!r}")


def collect_digits(keys: str, number_of_digits: int, finish_on_key: str) -> str:
    """The digits a gather keeps: up to the finish key, at most `number_of_digits` (0 = no limit)."""
    digits = ""
    for key in keys:
        if finish_on_key and key in finish_on_key:
            break
        digits += key
        if 0 < number_of_digits <= len(digits):
            break
    return digits


async def gather_input(run: WidgetRun) -> WidgetResult:
    """Play the prompt, wait for keys or speech; nothing within `loop` prompts + `timeout` s is `timeout`."""
    call = run.active_call()
    audio, clock = _audio_seconds(run), run.services.clock
    keys, speech = call.next_gather_reply()
    if call.script.hangs_up_at(run.state.name, run.state.type):
        await _hang_up_midway(run, call, audio)
    digits = collect_digits(keys, int(run.number("number_of_digits", 0)), run.render("finish_on_key", "#"))
    if digits:
        await clock.sleep(audio + REACTION_SECONDS)
        return WidgetResult("keypress", {"Digits": digits, "CallSid": call.sid})
    if speech:
        await clock.sleep(audio + REACTION_SECONDS + len(speech) / CHARS_PER_SECOND)
        return WidgetResult("speech", {"SpeechResult": speech, "Confidence": "0.92", "CallSid": call.sid})
    await clock.sleep(audio * _loops(run) + run.number("timeout", 5))
    return WidgetResult("timeout", {"CallSid": call.sid})


async def say_play(run: WidgetRun) -> WidgetResult:
    """Speak or play to the callee `loop` times."""
    call = run.active_call()
    audio = _audio_seconds(run)
    if call.script.hangs_up_at(run.state.name, run.state.type):
        await _hang_up_midway(run, call, audio)
    await run.services.clock.sleep(audio * _loops(run))
    return WidgetResult("audioComplete")


async def record_voicemail(run: WidgetRun) -> WidgetResult:
    """Record the callee's message: `recordingComplete`, `noAudio`, or `hangup` when they hang up on it."""
    call = run.active_call()
    script, clock = call.script, run.services.clock
    max_length = int(run.number("max_length", 3600))
    seconds = min(script.voicemail_seconds, max_length)
    await clock.sleep(BEEP_SECONDS)
    hangs_up = script.hangs_up_at(run.state.name, run.state.type)
    if seconds <= 0:
        await clock.sleep(run.number("timeout", 5) if not hangs_up else REACTION_SECONDS)
        call.active = not hangs_up
        return WidgetResult("hangup" if hangs_up else "noAudio", {"CallSid": call.sid})
    await clock.sleep(seconds if hangs_up else seconds + run.number("timeout", 5))
    recording = run.services.recordings.add(call.sid, seconds)
    outputs = {
        "CallSid": call.sid,
        "RecordingSid": recording.sid,
        "RecordingUrl": run.runtime.execution.base_url + recording.path(),
        "RecordingDuration": str(seconds),
    }
    call.active = not hangs_up
    return WidgetResult("hangup" if hangs_up else "recordingComplete", outputs)

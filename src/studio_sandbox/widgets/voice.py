"""Widgets that place or use a call: make-outgoing-call-v2, gather-input-on-call, say-play, record-voicemail.

Durations are simulated seconds (on the execution's timeline): speech is read at `CHARS_PER_SECOND`, a
played file lasts `PLAY_SECONDS`, and the callee acts one second after hearing a prompt once.
"""

from __future__ import annotations

from typing import Any

from studio_sandbox.dialing import dial
from studio_sandbox.runtime import CallHungUp, CallLeg, WidgetResult, WidgetRun

CHARS_PER_SECOND = 15.0
PLAY_SECONDS = 5.0
REACTION_SECONDS = 1.0
BEEP_SECONDS = 0.5
DEFAULT_CALL_TIMEOUT = 60.0
CALL_EVENTS = {"in-progress": "answered", "busy": "busy", "no-answer": "noAnswer", "failed": "failed"}


def _call_outputs(run: WidgetRun, call: CallLeg) -> dict[str, Any]:
    record = call.record
    outputs: dict[str, Any] = {
        "CallSid": record.sid,
        "CallStatus": record.status,
        "To": record.to,
        "From": record.from_,
        "Called": record.to,
        "Caller": record.from_,
        "Direction": record.direction,
        "AccountSid": run.services.config.account_sid,
        "ApiVersion": "2010-04-01",
    }
    if record.answered_by is not None:
        outputs["AnsweredBy"] = record.answered_by
    return outputs


async def make_outgoing_call(run: WidgetRun) -> WidgetResult:
    """Dial the contact and report answered / busy / noAnswer / failed as the callee's script says."""
    to, from_ = run.render("to").strip(), run.render("from").strip()
    script = run.services.callees.script_for(to)
    record = run.services.calls.place(to, from_)
    call = CallLeg(record=record, script=script, active=False)
    queued = await run.services.pacer.wait_turn()
    record.queue_time = int(queued * 1000)
    timeout = run.number("timeout", DEFAULT_CALL_TIMEOUT)
    status = await dial(
        record, script, run.runtime.timeline, timeout, run.render("machine_detection", "Disable")
    )
    run.note("call", to=to, sid=record.sid, status=status, answered_by=record.answered_by)
    if status == "in-progress":
        call.active = True
        run.runtime.call = call
    return WidgetResult(CALL_EVENTS[status], _call_outputs(run, call))


def audio_seconds(run: WidgetRun) -> float:
    """How long one pass of the widget's say or play lasts."""
    text = run.render("say")
    if text:
        return max(1.0, len(text) / CHARS_PER_SECOND)
    return PLAY_SECONDS if run.render("play") else 0.0


def _loops(run: WidgetRun) -> int:
    # Studio's loop 0 means "until the call ends"; one pass is what a callee waits through.
    return max(1, int(run.number("loop", 1)))


def announce(run: WidgetRun) -> None:
    """Journal what the widget says or plays."""
    say, play = run.render("say"), run.render("play")
    if say or play:
        run.note("say" if say else "play", text=say or play, loop=_loops(run))


async def hang_up_midway(run: WidgetRun, call: CallLeg, audio: float) -> None:
    """The callee hangs up halfway through the audio."""
    await run.sleep(audio / 2)
    end_call(run, call)
    raise CallHungUp(f"the callee hung up during {run.state.name!r}")


def end_call(run: WidgetRun, call: CallLeg) -> None:
    """The call is over: it completes now on the execution's clock."""
    call.active = False
    call.record.move("completed", run.runtime.timeline.now())


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
    audio = audio_seconds(run)
    announce(run)
    keys, speech = call.next_gather_reply()
    if call.script.hangs_up_at(run.state.name, run.state.type):
        await hang_up_midway(run, call, audio)
    digits = collect_digits(keys, int(run.number("number_of_digits", 0)), run.render("finish_on_key", "#"))
    if digits:
        await run.sleep(audio + REACTION_SECONDS)
        run.note("press", digits=digits)
        return WidgetResult("keypress", {"Digits": digits, "CallSid": call.sid})
    if speech:
        await run.sleep(audio + REACTION_SECONDS + len(speech) / CHARS_PER_SECOND)
        run.note("speech", text=speech)
        return WidgetResult("speech", {"SpeechResult": speech, "Confidence": "0.92", "CallSid": call.sid})
    await run.sleep(audio * _loops(run) + run.number("timeout", 5))
    return WidgetResult("timeout", {"CallSid": call.sid})


async def say_play(run: WidgetRun) -> WidgetResult:
    """Speak, play or send digits to the callee `loop` times."""
    call = run.active_call()
    audio = audio_seconds(run)
    announce(run)
    if run.render("digits"):
        run.note("digits", digits=run.render("digits"))
    if call.script.hangs_up_at(run.state.name, run.state.type):
        await hang_up_midway(run, call, audio)
    await run.sleep(audio * _loops(run))
    return WidgetResult("audioComplete")


async def record_voicemail(run: WidgetRun) -> WidgetResult:
    """Record the callee's message: `recordingComplete`, `noAudio`, or `hangup` when they hang up on it."""
    call = run.active_call()
    script = call.script
    seconds = min(script.voicemail_seconds, int(run.number("max_length", 3600)))
    if run.flag("play_beep", True):
        await run.sleep(BEEP_SECONDS)
    hangs_up = script.hangs_up_at(run.state.name, run.state.type)
    if seconds <= 0:
        await run.sleep(run.number("timeout", 5) if not hangs_up else REACTION_SECONDS)
        if hangs_up:
            end_call(run, call)
        return WidgetResult("hangup" if hangs_up else "noAudio", {"CallSid": call.sid})
    await run.sleep(seconds if hangs_up else seconds + run.number("timeout", 5))
    recording = run.services.recordings.add(call.sid, seconds)
    url = run.runtime.execution.base_url + recording.path()
    run.note("recording", sid=recording.sid, url=url, seconds=seconds)
    outputs = {
        "CallSid": call.sid,
        "RecordingSid": recording.sid,
        "RecordingUrl": url,
        "RecordingDuration": str(seconds),
    }
    if hangs_up:
        end_call(run, call)
    return WidgetResult("hangup" if hangs_up else "recordingComplete", outputs)

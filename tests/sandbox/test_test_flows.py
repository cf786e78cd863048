"""The five flow definitions written for these tests, each run to its expected end state."""

from __future__ import annotations

from urllib.parse import parse_qsl

from tests.sandbox.tester_support import load, path, run


async def test_form_encoded_http_request_and_split_on_the_parsed_reply() -> None:
    definition = load("form_http_request")
    reply = {"match": "/patients/lookup", "body": {"status": "known", "name": "Ayşe"}}
    report = await run(definition, http=[reply], parameters={"note": "needs wheel chair"})
    assert path(report) == [
        ("Trigger", "incomingRequest"),
        ("lookup", "success"),
        ("check_reply", "match"),
        ("remember_known", "next"),
    ]
    (request,) = report["requests"]
    assert (request["method"], request["url"]) == ("POST", "https://hooks.example/patients/lookup")
    assert request["content_type"] == "application/x-www-form-urlencoded;charset=utf-8"
    form = dict(parse_qsl(request["body"]))
    assert form["phone"] == "+15555550107" and form["note"] == "needs+wheel+chair"
    assert form["execution"].startswith("FN")
    assert report["variables"] == {"patient": "Ayşe"} and report["end"]["state"] == "ended"

    failing = await run(definition, http=[{"match": "/patients", "status": 503, "body": "down"}])
    assert path(failing)[1:] == [("lookup", "failed"), ("remember_failure", "next")]
    assert failing["variables"] == {"patient": "lookup failed 503"}


async def test_matches_any_of_split() -> None:
    definition = load("matches_any_of_menu")
    for key in ("1", "2", "3"):
        report = await run(definition, script={"keys": [key]})
        assert path(report)[-2:] == [("route", "match"), ("say_valid", "audioComplete")]
        assert report["said"][-1] == f"You chose {key}."
    wrong = await run(definition, script={"keys": ["7", "2"]})
    assert [w for w, _ in path(wrong)] == [
        "Trigger",
        "call",
        "menu",
        "route",
        "say_invalid",
        "menu",
        "route",
        "say_valid",
    ]


async def test_amd_machine_branch() -> None:
    definition = load("amd_machine_branch")
    machine = await run(definition, script={"answered_by": "machine_end_silence"})
    assert path(machine)[-2:] == [("who", "match"), ("leave_message", "audioComplete")]
    assert machine["calls"][0]["answered_by"] == "machine_end_silence"
    person = await run(definition, script={"answered_by": "human"})
    assert path(person)[-1] == ("greet_person", "audioComplete")
    busy = await run(definition, to="+15555550103")
    assert path(busy)[-1] == ("call", "busy") and busy["calls"][0]["status"] == "busy"


async def test_voicemail_path_posts_the_recording() -> None:
    definition = load("voicemail_path")
    report = await run(definition, script={"voicemail_seconds": 12})
    assert path(report)[-2:] == [("record", "recordingComplete"), ("post_recording", "success")]
    (request,) = report["requests"]
    assert '"seconds": 12}' in request["body"] and "/sandbox/recordings/RE" in request["body"]
    silent = await run(definition, script={"voicemail_seconds": 0})
    assert path(silent)[-2:] == [("record", "noAudio"), ("say_nothing", "audioComplete")]
    hung_up = await run(definition, script={"voicemail_seconds": 4, "hang_up_at": "record"})
    assert path(hung_up)[-2:] == [("record", "hangup"), ("post_recording", "success")]


async def test_a_gather_looping_on_itself_stops_at_ten_runs_in_a_row() -> None:
    report = await run(load("gather_loop_limit"), script={"keys": []})
    assert [w for w, _ in path(report)] == ["Trigger", "call"] + ["ask"] * 10 + ["ask"]
    assert report["end"]["state"] == "error" and report["end"]["reason"] == "loop_limit"
    answered = await run(load("gather_loop_limit"), script={"keys": ["", "", "5"]})
    assert path(answered)[-2:] == [("ask", "keypress"), ("thanks", "audioComplete")]


async def test_the_tester_reports_unusable_and_invalid_definitions_without_crashing() -> None:
    unusable = await run({"states": [], "initial_state": "Trigger"})
    assert unusable["end"]["state"] == "invalid" and unusable["steps"] == []
    assert unusable["problems"][0]["property_path"] == "#/states"
    definition = load("voicemail_path")
    definition["states"][1]["transitions"][0]["next"] = "nowhere"
    definition["states"].append(
        {"name": "odd", "type": "send-to-the-moon", "transitions": [], "properties": {}}
    )
    broken = await run(definition, script={"keys": []})
    assert {p["property_path"] for p in broken["problems"]} == {
        "#/states/1/transitions/0/next",
        f"#/states/{len(definition['states']) - 1}/type",
    }
    assert broken["end"]["state"] == "error" and broken["end"]["reason"] == "invalid_state"

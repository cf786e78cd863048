"""The CLI as a user runs it: a real subprocess with a controlled environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicedash.cli import app

SETTING_PREFIXES = ("TWILIO_", "PUBLIC_URL", "NGROK_URL", "VOICEDASH_", "NODE_ENV", "DATABASE_URL", "PORT")
REQUIRED = ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER", "TWILIO_FLOW_SID", "PUBLIC_URL"]
FULL = {
    "TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef",
    "TWILIO_AUTH_TOKEN": "supersecrettoken0123456789abcdef",
    "TWILIO_PHONE_NUMBER": "+15005550006",
    "TWILIO_FLOW_SID": "FW0123456789abcdef0123456789abcdef",
    "PUBLIC_URL": "https://voicedash.example.org",
}


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def voicedash(args: list[str], env: dict[str, str], cwd: Path) -> Outcome:
    """Run the CLI in-process as a user would from `cwd` (no .env there), with exactly `env` set."""
    unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith(SETTING_PREFIXES)}
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, args, env={**unset, "COLUMNS": "200", **env})
    finally:
        os.chdir(previous)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def test_check_env_names_every_missing_variable(tmp_path: Path) -> None:
    result = voicedash(["check-env"], {"TWILIO_ACCOUNT_SID": FULL["TWILIO_ACCOUNT_SID"]}, tmp_path)
    assert result.returncode == 1
    for name in REQUIRED[1:]:
        assert name in result.stderr.split("missing required settings:")[1]
    assert "AC0123***" in result.stderr


def test_check_env_masks_values_and_passes_when_complete(tmp_path: Path) -> None:
    result = voicedash(["check-env"], FULL, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "*** (32 characters)" in result.stderr
    assert FULL["TWILIO_AUTH_TOKEN"][:4] not in result.stdout + result.stderr, "not even a prefix"


def test_ngrok_url_is_accepted_for_public_url(tmp_path: Path) -> None:
    env = {**FULL, "NGROK_URL": FULL["PUBLIC_URL"]}
    del env["PUBLIC_URL"]
    assert voicedash(["check-env"], env, tmp_path).returncode == 0


def test_serve_refuses_to_start_without_settings(tmp_path: Path) -> None:
    result = voicedash(["serve", "--port", "1"], {"VOICEDASH_ENV": "production"}, tmp_path)
    assert result.returncode == 2
    assert all(name in result.stderr for name in REQUIRED)


def test_invalid_setting_is_named(tmp_path: Path) -> None:
    result = voicedash(["check-env"], {**FULL, "PORT": "eighty"}, tmp_path)
    assert result.returncode == 2
    assert "PORT" in result.stderr


@pytest.mark.parametrize("url", ["https://clinic.example.org", "https://clinic.example.org/"])
def test_flow_export_prints_the_flow_with_this_deployments_urls(tmp_path: Path, url: str) -> None:
    result = voicedash(["flow", "export"], {**FULL, "PUBLIC_URL": url, "FLOW_PROMPT": 'Say "hi"'}, tmp_path)
    assert result.returncode == 0, result.stderr
    flow = json.loads(result.stdout)
    assert flow["initial_state"] == "Trigger"
    urls = [s["properties"]["url"] for s in flow["states"] if s["type"] == "make-http-request"]
    assert urls and all("'https://clinic.example.org'}}/api/calls/webhooks/" in u for u in urls)
    assert "__" not in result.stdout, "a placeholder was left unfilled"
    gather = next(s for s in flow["states"] if s["type"] == "gather-input-on-call")
    assert gather["properties"]["say"] == 'Say "hi"'
    assert (gather["properties"]["voice"], gather["properties"]["loop"]) == ("Polly.Amy-Neural", 2)


def test_flow_export_without_a_public_url_says_so(tmp_path: Path) -> None:
    result = voicedash(["flow", "export"], {}, tmp_path)
    assert result.returncode == 2 and "PUBLIC_URL" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TWILIO_ACCOUNT_SID", "ACx"),
        ("TWILIO_FLOW_SID", "FWx"),
        ("TWILIO_PHONE_NUMBER", "555-1234"),
        ("PUBLIC_URL", "voicedash.example.org"),
        ("PUBLIC_URL", "https://voicedash.example.org/'x"),
    ],
)
def test_malformed_settings_are_named(tmp_path: Path, name: str, value: str) -> None:
    result = voicedash(["check-env"], {**FULL, name: value}, tmp_path)
    assert result.returncode == 2
    assert name in result.stderr


def test_public_url_is_shown_whole_since_it_must_match_exactly(tmp_path: Path) -> None:
    result = voicedash(["check-env"], FULL, tmp_path)
    assert FULL["PUBLIC_URL"] in result.stderr


def test_node_env_does_not_switch_off_the_settings_check(tmp_path: Path) -> None:
    result = voicedash(["serve", "--port", "1"], {"NODE_ENV": "test"}, tmp_path)
    assert result.returncode == 2


@pytest.mark.parametrize("url", ["x.example.org", "javascript:alert(1)", "https://x.example.org/'}}"])
def test_flow_export_refuses_a_public_url_that_is_not_one(tmp_path: Path, url: str) -> None:
    result = voicedash(["flow", "export", "--public-url", url], {}, tmp_path)
    assert result.returncode == 2 and "--public-url" in result.stderr


BUNDLED_PATHS = {
    "1": ["notify_dtmf", "split_digits", "notify_confirm", "say_confirmed", "notify_completed"],
    "2": ["notify_dtmf", "split_digits", "notify_cancel", "say_cancelled", "notify_completed"],
    "0": [
        *("notify_dtmf", "split_digits", "notify_voicemail", "say_voicemail_prompt", "record_voicemail"),
        *("notify_recording", "notify_completed"),
    ],
    "none": ["notify_no_input", "say_no_input", "notify_completed"],
}
OPENING = ["Trigger", "set_call_hash", "call_user", "check_answered_by", "notify_answered", "gather_response"]


@pytest.mark.parametrize("press", sorted(BUNDLED_PATHS))
def test_flow_test_runs_the_bundled_flow_offline(tmp_path: Path, press: str) -> None:
    result = voicedash(
        ["flow", "test", "--press", press, "--json"], {"PUBLIC_URL": FULL["PUBLIC_URL"]}, tmp_path
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [step["widget"] for step in report["steps"]] == OPENING + BUNDLED_PATHS[press]
    assert report["end"]["state"] == "ended" and report["valid"] is True
    assert all(r["url"].startswith(FULL["PUBLIC_URL"] + "/api/calls/webhooks/") for r in report["requests"])
    assert report["said"][0].startswith("Hello")


def test_flow_test_prints_a_table_with_what_was_said_and_sent(tmp_path: Path) -> None:
    result = voicedash(["flow", "test", "--press", "2"], {"PUBLIC_URL": FULL["PUBLIC_URL"]}, tmp_path)
    assert result.returncode == 0, result.stderr
    for expected in (
        "notify_cancel",
        "callee presses 2",
        "POST https://voicedash.example.org/api/calls/webhooks/dtmf",
    ):
        assert expected in result.stdout
    assert "cancel_appointment" in result.stdout
    assert "end: ended at notify_completed" in result.stdout


def test_flow_test_takes_an_exported_file_and_a_script(tmp_path: Path) -> None:
    flow = tmp_path / "flow.json"
    flow.write_text(
        json.dumps(
            {
                "states": [
                    {
                        "name": "Trigger",
                        "type": "trigger",
                        "transitions": [{"event": "incomingCall", "next": "ask"}],
                    },
                    {
                        "name": "ask",
                        "type": "gather-input-on-call",
                        "transitions": [
                            {"event": "speech", "next": "bye"},
                            {"event": "keypress"},
                            {"event": "timeout"},
                        ],
                        "properties": {"say": "What is your name?"},
                    },
                    {
                        "name": "bye",
                        "type": "say-play",
                        "transitions": [],
                        "properties": {"say": "Bye {{widgets.ask.SpeechResult}}"},
                    },
                ],
                "initial_state": "Trigger",
            }
        )
    )
    script = tmp_path / "caller.yaml"
    script.write_text("speech: [Ayşe]\n")
    result = voicedash(["flow", "test", str(flow), "--script", str(script), "--json"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["said"] == ["What is your name?", "Bye Ayşe"]
    broken = voicedash(["flow", "test", str(script)], {}, tmp_path)
    assert broken.returncode == 2 and "cannot read" in broken.stderr


def test_the_default_database_lives_in_data_dir(tmp_path: Path) -> None:
    from voicedash.config import Settings

    settings = Settings(data_dir=tmp_path / "elsewhere")
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path}/elsewhere/voicedash.db"
    assert Settings(data_dir=tmp_path, database_url="postgresql://x@h/db").database_url.startswith(
        "postgresql+asyncpg"
    )


def test_the_server_process_loads_no_command_line_library(tmp_path: Path) -> None:
    """`serve` becomes `python -m voicedash.server`: what it loads stays in memory for the server's life."""
    probe = (
        "import sys; from voicedash.server import server_config; server_config('127.0.0.1', 8000); "
        "print(sorted(m for m in ('typer', 'rich', 'pygments', 'redis', 'alembic') "
        "if sys.modules.get(m) is not None))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTING_PREFIXES) and k != "REDIS_URL"}
    env.update(FULL, VOICEDASH_ENV="development", DATA_DIR=str(tmp_path), LOG_LEVEL="WARNING")
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'voicedash.db'}"
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", done.stdout

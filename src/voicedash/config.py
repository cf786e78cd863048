"""One validated settings object, read from the environment and `.env`."""

from __future__ import annotations

import re
import secrets
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from pydantic import AliasChoices, Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from voicedash.zones import UnknownZoneError, local_zone_name, zone_named

DATA_DIR = Path("data")
# Values people leave in place from examples; a secret that looks like one is refused in production.
_PLACEHOLDER_WORDS = ("change", "your", "placeholder", "example", "secret", "xxx", "todo")
MIN_JWT_SECRET_LENGTH = 32


class Environment(StrEnum):
    development = "development"
    production = "production"
    demo = "demo"
    test = "test"


# Variables that must be set before voicedash can place real calls; the demo fills them itself.
REQUIRED_TWILIO = (
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_PHONE_NUMBER",
    "TWILIO_FLOW_SID",
    "PUBLIC_URL",
)


def mask(value: str | None) -> str:
    """Show the first 6 characters of a configured value and hide the rest."""
    if not value:
        return "(not set)"
    return f"{value[:6]}***"


class Settings(BaseSettings):
    """Everything voicedash reads from its environment."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    environment: Environment = Field(default=Environment.development, validation_alias="VOICEDASH_ENV")
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_phone_number: str | None = None
    twilio_flow_sid: str | None = None
    twilio_api_base_url: str | None = Field(
        default=None, description="Send all Twilio SDK traffic to this base URL (the sandbox)."
    )
    public_url: str | None = Field(default=None, validation_alias=AliasChoices("PUBLIC_URL", "NGROK_URL"))
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    database_url: str = f"sqlite+aiosqlite:///{DATA_DIR}/voicedash.db"
    default_region: str | None = Field(default=None, description="ISO country for national numbers, e.g. TR.")
    data_dir: Path = Field(default=DATA_DIR, description="Where SQLite, the webhook spool and keys live.")
    redis_url: str | None = Field(default=None, description="Redis for Socket.IO across several processes.")
    redis_channel: str = Field(default="voicedash", description="Redis pub/sub channel of this deployment.")
    spool_max_bytes: int = Field(default=256 * 1024 * 1024, ge=1024)
    replay_max_events: int = Field(
        default=10_000, ge=0, description="Most events replayed to a reconnecting client."
    )
    replay_max_age_hours: float = Field(default=24.0, gt=0)
    reconcile_interval_seconds: float = Field(default=30.0, gt=0)
    reconcile_quiet_seconds: float = Field(
        default=120.0, ge=0, description="Silence before a call is checked."
    )
    flow_max_seconds: float = Field(default=900.0, gt=0, description="Longest a flow execution may run.")
    forwarded_allow_ips: str = Field(
        default="",
        description="Proxies whose X-Forwarded-For is believed (comma-separated IPs); none by default.",
    )
    log_level: str = "INFO"
    log_file: Path | None = None
    slow_request_seconds: float = 5.0
    history_max_limit: int = Field(default=500, ge=1)
    org_timezone: str = Field(
        default_factory=local_zone_name,
        description="IANA time zone the clinic's days and hours are counted in, e.g. Europe/Istanbul.",
    )
    calls_per_second: float = Field(
        default=1.0, gt=0, le=30, description="Pace of bulk calls; Twilio's default account limit is 1."
    )
    bulk_max_numbers: int = Field(default=5000, ge=1, description="Most numbers one bulk request may hold.")
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, description="Largest API request body.")
    jwt_secret: SecretStr | None = Field(
        default=None, description="Signs session cookies; at least 32 random characters in production."
    )
    session_ttl_seconds: int = Field(default=1800, ge=30, description="Session lifetime; renewed while used.")
    database_encryption_key: SecretStr | None = Field(
        default=None,
        description="Fernet keys encrypting phone numbers at rest, comma-separated, newest first.",
    )
    cors_origins: str = Field(default="", description="Extra browser origins allowed, comma-separated.")
    login_rate_limit: int = Field(default=5, ge=1, description="Failed logins per IP or username per window.")
    login_rate_window_seconds: int = Field(default=60, ge=1)
    request_timeout_seconds: float = Field(default=30.0, gt=0)
    admin_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("VOICEDASH_ADMIN_PASSWORD", "admin_password")
    )
    flow_voice: str = "Polly.Amy-Neural"
    flow_language: str = "en-GB"
    flow_prompt: str = (
        "Hello. This is a reminder of your appointment. "
        "Press 1 to confirm, 2 to cancel, or 0 to leave a voicemail."
    )

    @field_validator("public_url", "twilio_api_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        return check_base_url(value) if value else None

    @field_validator("twilio_account_sid", "twilio_flow_sid")
    @classmethod
    def _sid(cls, value: str | None, info: ValidationInfo) -> str | None:
        prefix = "AC" if info.field_name == "twilio_account_sid" else "FW"
        if value and not re.fullmatch(prefix + r"[0-9a-fA-F]{32}", value.strip()):
            raise ValueError(f"must be {prefix} followed by 32 hex digits, as Twilio's console shows it")
        return value.strip() if value else None

    @field_validator("twilio_phone_number")
    @classmethod
    def _e164(cls, value: str | None) -> str | None:
        if value and not re.fullmatch(r"\+[1-9]\d{6,14}", value.strip()):
            raise ValueError("must be in E.164 form, e.g. +15551234567")
        return value.strip() if value else None

    @field_validator("default_region")
    @classmethod
    def _upper_region(cls, value: str | None) -> str | None:
        return value.strip().upper() or None if value else None

    @field_validator("org_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zone_named(value.strip())
        except UnknownZoneError as exc:
            raise ValueError(f"ORG_TIMEZONE: {exc}") from None
        return value.strip()

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("jwt_secret", "admin_password")
    @classmethod
    def _empty_is_unset(cls, value: SecretStr | None) -> SecretStr | None:
        return value if value is not None and value.get_secret_value().strip() else None

    @field_validator("database_encryption_key")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        for key in split_keys(value.get_secret_value()):
            try:
                Fernet(key)
            except ValueError:
                raise ValueError(
                    "DATABASE_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes), "
                    "comma-separated; `voicedash keys generate` prints one"
                ) from None
        return value

    @model_validator(mode="after")
    def _test_secrets(self) -> Settings:
        # Tests get throwaway secrets; the demo and development keep theirs in DATA_DIR (see cli.py).
        if self.environment is Environment.test:
            if self.jwt_secret is None:
                self.jwt_secret = SecretStr(secrets.token_urlsafe(48))
            if self.database_encryption_key is None:
                self.database_encryption_key = SecretStr(Fernet.generate_key().decode())
        return self

    @model_validator(mode="after")
    def _sqlite_driver(self) -> Settings:
        if "database_url" not in self.model_fields_set:  # the default database lives in DATA_DIR
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir}/voicedash.db"
            # Still a default (the demo picks its own file when none was configured).
            self.__pydantic_fields_set__.discard("database_url")
        # People write plain sqlite:// and postgresql:// URLs; use the async drivers for them.
        url = self.database_url
        if url.startswith("sqlite://"):
            self.database_url = url.replace("sqlite://", "sqlite+aiosqlite://", 1)
        elif url.startswith(("postgresql://", "postgres://")):
            self.database_url = "postgresql+asyncpg://" + url.split("://", 1)[1]
        return self

    @property
    def auth_token(self) -> str:
        return self.twilio_auth_token.get_secret_value() if self.twilio_auth_token else ""

    @property
    def is_https(self) -> bool:
        return bool(self.public_url and self.public_url.startswith("https://"))

    @property
    def encryption_keys(self) -> list[str]:
        """The Fernet keys, newest (the one that encrypts) first."""
        if self.database_encryption_key is None:
            return []
        return split_keys(self.database_encryption_key.get_secret_value())

    @property
    def extra_cors_origins(self) -> list[str]:
        return [origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip()]

    def required_values(self) -> dict[str, str | None]:
        """The Twilio settings a real deployment needs, by variable name."""
        return {
            "TWILIO_ACCOUNT_SID": self.twilio_account_sid,
            "TWILIO_AUTH_TOKEN": self.auth_token or None,
            "TWILIO_PHONE_NUMBER": self.twilio_phone_number,
            "TWILIO_FLOW_SID": self.twilio_flow_sid,
            "PUBLIC_URL": self.public_url,
        }

    def missing(self) -> list[str]:
        """Names of required variables that are not set."""
        return [name for name, value in self.required_values().items() if not value]

    def masked_report(self) -> dict[str, str]:
        """Each required variable with its value masked, for start-up output and check-env.

        PUBLIC_URL is public by definition and must match what Twilio calls exactly, so it is shown whole;
        the auth token is a secret, so not one character of it is (only its length, to spot a truncation).
        """
        report = {name: mask(value) for name, value in self.required_values().items()}
        report["PUBLIC_URL"] = self.public_url or "(not set)"
        if self.auth_token:
            report["TWILIO_AUTH_TOKEN"] = f"*** ({len(self.auth_token)} characters)"
        return report


def check_base_url(value: str) -> str:
    """An http(s) base URL with a host and nothing that could break out of a template; no trailing /."""
    url = value.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// URL with a host, e.g. https://voicedash.example.org")
    if parts.query or parts.fragment or re.search(r"[\s'\"<>`{}\\]", url):
        raise ValueError("must be a plain base URL: no query, fragment, quotes, spaces or braces")
    return url


def split_keys(value: str) -> list[str]:
    return [key.strip() for key in value.split(",") if key.strip()]


def is_placeholder(value: str) -> bool:
    """True for a secret that is empty, short, or reads like an example left in place."""
    lowered = value.strip().lower()
    return len(lowered) < MIN_JWT_SECRET_LENGTH or any(word in lowered for word in _PLACEHOLDER_WORDS)


class ConfigurationError(Exception):
    """Settings are missing or invalid; the message names every offending variable."""


def security_problems(settings: Settings) -> list[str]:
    """What production would refuse: no session secret, a placeholder one, no encryption key."""
    problems = []
    secret = settings.jwt_secret.get_secret_value() if settings.jwt_secret else ""
    if not secret:
        problems.append("JWT_SECRET")
    elif is_placeholder(secret):
        problems.append(f"JWT_SECRET (a placeholder or shorter than {MIN_JWT_SECRET_LENGTH} characters)")
    if not settings.encryption_keys:
        problems.append("DATABASE_ENCRYPTION_KEY")
    return problems


def ensure_complete(settings: Settings) -> None:
    """Refuse to run without the Twilio settings (in production, the secrets too), except demo and tests."""
    if settings.environment in (Environment.demo, Environment.test):
        return
    missing = settings.missing()
    if settings.environment is Environment.production:
        missing += security_problems(settings)
    if missing:
        raise ConfigurationError("missing required settings: " + ", ".join(missing))


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()

"""Settings from the environment and an optional .env file, checked once at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/partnerbot.db"
# Marks of a value left from a template: serve refuses them rather than fail later at Slack.
_PLACEHOLDER_MARKS = ("your", "changeme", "change-me", "placeholder", "example", "<", "...", "xxxx")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    database_url: str = DEFAULT_DATABASE_URL
    staff_users: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(), alias="PARTNERBOT_STAFF_USERS"
    )
    staff_group: str | None = Field(default=None, alias="PARTNERBOT_STAFF_GROUP")
    review_channel: str | None = Field(default=None, alias="PARTNERBOT_REVIEW_CHANNEL")
    timezone: str = Field(default="America/New_York", alias="PARTNERBOT_TIMEZONE")
    knowledge_dir: Path | None = Field(default=None, alias="PARTNERBOT_KNOWLEDGE_DIR")
    retention_days: int = Field(default=365, ge=1, alias="PARTNERBOT_RETENTION_DAYS")
    # An entry not reviewed for this many days goes to its owner's weekly review.
    review_days: int = Field(default=365, ge=1, alias="PARTNERBOT_REVIEW_DAYS")

    @field_validator("staff_users", mode="before")
    @classmethod
    def _split_user_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _with_trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    def missing_for_serve(self) -> list[str]:
        """Names of the secrets `serve` needs that are unset or still a placeholder."""
        needed = {"SLACK_BOT_TOKEN": self.slack_bot_token}
        if self.slack_app_token is None:
            needed["SLACK_SIGNING_SECRET"] = self.slack_signing_secret
        else:
            needed["SLACK_APP_TOKEN"] = self.slack_app_token
        return [name for name, secret in needed.items() if is_placeholder(secret)]


def is_placeholder(secret: SecretStr | None) -> bool:
    if secret is None:
        return True
    value = secret.get_secret_value().strip().lower()
    return value == "" or any(mark in value for mark in _PLACEHOLDER_MARKS)

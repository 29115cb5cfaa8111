"""Who is staff: PARTNERBOT_STAFF_USERS, and members of the PARTNERBOT_STAFF_GROUP user group."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.core.config import Settings

log = logging.getLogger(__name__)
GROUP_CACHE_SECONDS = 300.0


class StaffDirectory:
    """Answers "is this user staff?", looking the user group up at most every few minutes."""

    def __init__(self, settings: Settings, client: WebClient) -> None:
        self.users = settings.staff_users
        self.group = settings.staff_group
        self.client = client
        self._members: frozenset[str] = frozenset()
        self._fetched_at = float("-inf")
        self._lock = threading.Lock()

    def _group_members(self) -> frozenset[str]:
        if not self.group:
            return frozenset()
        with self._lock:
            if time.monotonic() - self._fetched_at < GROUP_CACHE_SECONDS:
                return self._members
            try:
                response = self.client.usergroups_users_list(usergroup=self.group)
                self._members = frozenset(response.get("users") or [])
            except SlackApiError as error:
                # Fail closed: nobody is staff through the group while Slack cannot say.
                log.warning("could not list staff user group: %s", error.response.get("error"))
                return frozenset()
            self._fetched_at = time.monotonic()
            return self._members

    def is_staff(self, user_id: str) -> bool:
        return user_id in self.users or user_id in self._group_members()

"""`partnerbot shell`: chat with the bot in a terminal, through the very handlers Slack drives.

Each line typed becomes a signed Slack request (a direct message, a `/ci` command, a button
click, a submitted form) dispatched to the real Bolt app. The app's Web API calls and
`respond()` posts go to a small Slack stand-in on loopback that prints them as text; the modals
it opens are asked field by field. `--staff` (or `/as staff`) acts as partnership office staff.

- session: the Shell (lines -> requests, roles, forms, buttons) and run_shell, the loop
- stand_in: the Slack Web API stand-in (messages with their destinations, the open modals)
- forms: a modal's fields asked one by one, answered as `view.state.values`
- transcript: messages as text, their buttons numbered
- console: reading and writing the terminal (readline, history, no control sequences)
- text: mrkdwn as plain text; control and escape sequences removed
"""

from bot.runtime.shell.session import CHANNEL, REVIEW_CHANNEL, USER, Shell, run_shell
from bot.runtime.shell.text import mrkdwn_to_text

__all__ = ["CHANNEL", "REVIEW_CHANNEL", "USER", "Shell", "mrkdwn_to_text", "run_shell"]

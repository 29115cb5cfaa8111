"""Block Kit's limits as Slack enforces them, for the fake Slack and for property tests.

`message_problems(params)` and `view_problems(view)` list what Slack would refuse in a message
(chat.postMessage, chat.update, chat.postEphemeral, a response_url post) or a view (views.open,
views.push, views.update, views.publish); an empty list means Slack would take it. Each problem
names where it is, as a JSON pointer, the way Slack's own `response_metadata.messages` do.

slack_sdk's models check some of these when blocks are built with them; blocks written as dicts,
and several limits the models do not know (a context element's text, a button's value, a modal's
block count, an initial value longer than its input allows), reach Slack unchecked: this checks
them all on the payload as it arrives. Lengths count characters as sent, after escaping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

TEXT = 3000  # any text object
SECTION_FIELD = 2000
SECTION_FIELDS = 10
HEADER = 150
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
URL = 3000
ACTION_ID = 255
BLOCK_ID = 255
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000
PLACEHOLDER = 150
LABEL = 2000
HINT = 2000
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTION_DESCRIPTION = 75
OPTIONS = 100
CONFIRM_TITLE = 100
CONFIRM_TEXT = 300
CONFIRM_BUTTON = 30
INPUT_LENGTH = 3000  # a plain_text_input's max_length, and so its initial value
MODAL_TITLE = 24  # also its submit and close buttons
PRIVATE_METADATA = 3000
CALLBACK_ID = 255

Problems = list[str]


def message_problems(params: dict[str, Any]) -> Problems:
    """What Slack would refuse in a message's parameters (`text`, `blocks`)."""
    found: Problems = []
    text = params.get("text")
    if isinstance(text, str) and len(text) > MESSAGE_TEXT:
        found.append(f"text is {len(text)} characters, more than {MESSAGE_TEXT} [/text]")
    blocks = params.get("blocks")
    if blocks is not None:
        _blocks(blocks, MESSAGE_BLOCKS, "/blocks", found)
    return found


def view_problems(view: Any) -> Problems:
    """What Slack would refuse in a view (a modal or the Home tab)."""
    found: Problems = []
    if not isinstance(view, dict):
        return ["view must be an object [/view]"]
    if view.get("type") == "modal":
        for name in ("title", "submit", "close"):
            if view.get(name) is not None or name == "title":
                _plain(view.get(name), MODAL_TITLE, f"/view/{name}", found)
    _string(view.get("private_metadata"), PRIVATE_METADATA, "/view/private_metadata", found)
    _string(view.get("callback_id"), CALLBACK_ID, "/view/callback_id", found)
    _blocks(view.get("blocks"), VIEW_BLOCKS, "/view/blocks", found)
    return found


# -- blocks ------------------------------------------------------------------------------------


def _blocks(blocks: Any, most: int, where: str, found: Problems) -> None:
    if not isinstance(blocks, list):
        found.append(f"blocks must be an array [{where}]")
        return
    if len(blocks) > most:
        found.append(f"{len(blocks)} blocks, more than {most} [{where}]")
    for number, block in enumerate(blocks):
        _block(block, f"{where}/{number}", found)


def _block(block: Any, where: str, found: Problems) -> None:
    if not isinstance(block, dict):
        found.append(f"a block must be an object [{where}]")
        return
    _string(block.get("block_id"), BLOCK_ID, f"{where}/block_id", found)
    check = _BLOCKS.get(block.get("type"))
    if check is None:
        found.append(f"unknown block type {block.get('type')!r} [{where}/type]")
    else:
        check(block, where, found)


def _section(block: dict, where: str, found: Problems) -> None:
    if block.get("text") is None and not block.get("fields"):
        found.append(f"a section needs text or fields [{where}]")
    if block.get("text") is not None:
        _text(block["text"], TEXT, f"{where}/text", found)
    fields = block.get("fields") or []
    if len(fields) > SECTION_FIELDS:
        found.append(f"{len(fields)} fields, more than {SECTION_FIELDS} [{where}/fields]")
    for number, item in enumerate(fields):
        _text(item, SECTION_FIELD, f"{where}/fields/{number}", found)
    if block.get("accessory") is not None:
        _element(block["accessory"], f"{where}/accessory", found)


def _header(block: dict, where: str, found: Problems) -> None:
    _plain(block.get("text"), HEADER, f"{where}/text", found)


def _context(block: dict, where: str, found: Problems) -> None:
    elements = block.get("elements") or []
    if not 1 <= len(elements) <= CONTEXT_ELEMENTS:
        found.append(f"{len(elements)} elements, not 1 to {CONTEXT_ELEMENTS} [{where}/elements]")
    for number, element in enumerate(elements):
        at = f"{where}/elements/{number}"
        if isinstance(element, dict) and element.get("type") == "image":
            _image(element, at, found)
        else:
            _text(element, TEXT, at, found)


def _actions(block: dict, where: str, found: Problems) -> None:
    elements = block.get("elements") or []
    if not 1 <= len(elements) <= ACTIONS_ELEMENTS:
        found.append(f"{len(elements)} elements, not 1 to {ACTIONS_ELEMENTS} [{where}/elements]")
    for number, element in enumerate(elements):
        _element(element, f"{where}/elements/{number}", found)


def _input(block: dict, where: str, found: Problems) -> None:
    _plain(block.get("label"), LABEL, f"{where}/label", found)
    if block.get("hint") is not None:
        _plain(block["hint"], HINT, f"{where}/hint", found)
    _element(block.get("element"), f"{where}/element", found)


def _image(block: dict, where: str, found: Problems) -> None:
    _string(block.get("image_url"), URL, f"{where}/image_url", found)
    _string(block.get("alt_text"), 2000, f"{where}/alt_text", found)


def _nothing(block: dict, where: str, found: Problems) -> None:
    """Blocks whose content the app never fills from user text."""


_BLOCKS: dict[Any, Callable[[dict, str, Problems], None]] = {
    "section": _section,
    "header": _header,
    "context": _context,
    "actions": _actions,
    "input": _input,
    "image": _image,
    "divider": _nothing,
    "rich_text": _nothing,
}


# -- elements ----------------------------------------------------------------------------------


def _element(element: Any, where: str, found: Problems) -> None:
    if not isinstance(element, dict):
        found.append(f"an element must be an object [{where}]")
        return
    _string(element.get("action_id"), ACTION_ID, f"{where}/action_id", found)
    if element.get("placeholder") is not None:
        _plain(element["placeholder"], PLACEHOLDER, f"{where}/placeholder", found)
    if element.get("confirm") is not None:
        _confirm(element["confirm"], f"{where}/confirm", found)
    kind = element.get("type")
    if kind == "button":
        _plain(element.get("text"), BUTTON_TEXT, f"{where}/text", found)
        _string(element.get("value"), BUTTON_VALUE, f"{where}/value", found)
        _string(element.get("url"), URL, f"{where}/url", found)
    elif kind == "plain_text_input":
        _text_input(element, where, found)
    elif kind == "image":
        _image(element, where, found)
    options = element.get("options")
    if options is not None:
        if len(options) > OPTIONS:
            found.append(f"{len(options)} options, more than {OPTIONS} [{where}/options]")
        for number, option in enumerate(options):
            _option(option, f"{where}/options/{number}", found)
    if element.get("initial_option") is not None:
        _option(element["initial_option"], f"{where}/initial_option", found)
    for number, option in enumerate(element.get("initial_options") or []):
        _option(option, f"{where}/initial_options/{number}", found)


def _text_input(element: dict, where: str, found: Problems) -> None:
    most = element.get("max_length")
    if most is not None and not 1 <= most <= INPUT_LENGTH:
        found.append(f"max_length {most} is not 1 to {INPUT_LENGTH} [{where}/max_length]")
    least = element.get("min_length")
    if least is not None and not 0 <= least <= INPUT_LENGTH:
        found.append(f"min_length {least} is not 0 to {INPUT_LENGTH} [{where}/min_length]")
    initial = element.get("initial_value")
    if initial is not None:
        _string(initial, min(most or INPUT_LENGTH, INPUT_LENGTH), f"{where}/initial_value", found)


def _option(option: Any, where: str, found: Problems) -> None:
    if not isinstance(option, dict):
        found.append(f"an option must be an object [{where}]")
        return
    _text(option.get("text"), OPTION_TEXT, f"{where}/text", found)
    _string(option.get("value"), OPTION_VALUE, f"{where}/value", found)
    if option.get("description") is not None:
        _text(option["description"], OPTION_DESCRIPTION, f"{where}/description", found)


def _confirm(confirm: Any, where: str, found: Problems) -> None:
    if not isinstance(confirm, dict):
        found.append(f"confirm must be an object [{where}]")
        return
    _plain(confirm.get("title"), CONFIRM_TITLE, f"{where}/title", found)
    _text(confirm.get("text"), CONFIRM_TEXT, f"{where}/text", found)
    _plain(confirm.get("confirm"), CONFIRM_BUTTON, f"{where}/confirm", found)
    _plain(confirm.get("deny"), CONFIRM_BUTTON, f"{where}/deny", found)


# -- text --------------------------------------------------------------------------------------


def _text(value: Any, most: int, where: str, found: Problems) -> None:
    """A text object, plain_text or mrkdwn, of 1 to `most` characters."""
    if not isinstance(value, dict) or value.get("type") not in ("plain_text", "mrkdwn"):
        found.append(f"must be a text object [{where}]")
        return
    text = value.get("text")
    if not isinstance(text, str) or not text:
        found.append(f"text must be at least 1 character [{where}/text]")
    elif len(text) > most:
        found.append(f"text is {len(text)} characters, more than {most} [{where}/text]")


def _plain(value: Any, most: int, where: str, found: Problems) -> None:
    if isinstance(value, dict) and value.get("type") != "plain_text":
        found.append(f"must be a plain_text object [{where}]")
        return
    _text(value, most, where, found)


def _string(value: Any, most: int, where: str, found: Problems) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        found.append(f"must be a string [{where}]")
    elif len(value) > most:
        found.append(f"{len(value)} characters, more than {most} [{where}]")

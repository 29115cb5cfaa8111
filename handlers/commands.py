"""The `/ci` command's subcommands, routed by handlers.CI; `/ci help` lists them from their
docstrings, and "help" asked in plain words anywhere gets the same list."""

from __future__ import annotations

from handlers.browse import ask, contacts, resources, sectors, training
from handlers.ci import CiCommand
from handlers.sharing import share
from handlers.subscriptions import digest, subscribe, subscriptions, unsubscribe

CI = CiCommand(
    {
        "ask": ask,
        "sectors": sectors,
        "training": training,
        "resources": resources,
        "contacts": contacts,
        "subscribe": subscribe,
        "digest": digest,
        "unsubscribe": unsubscribe,
        "subscriptions": subscriptions,
        "share": share,
    },
    default=ask,
)

"""Text for people, in the source's words and ready for translation.

A `Message` is the English text (it *is* that `str`, so logs, exceptions and the command line read it as
before) that also remembers its message id and parameters. The service translates it for the reader
(`service.i18n.localize`, a gettext catalog): the rule engine and validators here only say what is wrong and
never need to know who reads it or in which language.

    _("must be between {low} and {high}", low=0, high=100)

The id is the English template with `str.format` placeholders (`pybabel extract -k _` finds it); a parameter
may itself be a `Message` and is then translated with it.
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """English text with its message id and parameters kept for translation."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: dict[str, Any]) -> Message:
        text = super().__new__(cls, msgid.format(**params) if params else msgid)
        text.msgid = msgid
        text.params = params
        return text


def _(msgid: str, /, **params: Any) -> Message:
    """A message for people: `msgid` is the English template; `params` fill its `{placeholders}`."""
    return Message(msgid, params)

"""The Polish catalogue is complete and keeps every placeholder of the English text."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

PO = Path(__file__).parents[2] / "app" / "translations" / "pl" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def messages():
    with PO.open("rb") as handle:
        return [m for m in read_po(handle, locale="pl") if m.id]


def test_every_message_is_translated():
    untranslated = [m.id for m in messages()
                    if not (m.string if isinstance(m.string, str) else all(m.string))]
    assert untranslated == []


def test_translations_keep_the_placeholders():
    wrong = []
    for message in messages():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1])) | ({"num"} if len(ids) > 1 else set())
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - expected or set(PLACEHOLDER.findall(ids[0])) - set(
                    PLACEHOLDER.findall(text)) - {"num"}:
                wrong.append(ids[0])
    assert wrong == []


def test_no_fuzzy_entries():
    assert [m.id for m in messages() if m.fuzzy] == []

"""The French catalogue is complete, reviewed (no fuzzy entry) and compiled.

When one of these fails, run ``make messages``, translate what it added to
``wagtail_advocacy/locale/fr/LC_MESSAGES/django.po``, and commit the .po and the .mo.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import wagtail_advocacy

PACKAGE = Path(wagtail_advocacy.__file__).resolve().parent
LC_MESSAGES = PACKAGE / "locale" / "fr" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def current(catalogue):
    """Entries still in use: obsolete ones (#~) are history, not messages."""
    return [entry for entry in catalogue if not entry.obsolete]


def describe(entries):
    return "\n".join(f"  - {entry.msgid!r}" for entry in entries)


def test_every_french_message_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO_FILE))
    untranslated = [e for e in current(po) if not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e for e in current(po) if "fuzzy" in e.flags]
    assert not untranslated, f"Untranslated French messages:\n{describe(untranslated)}"
    assert not fuzzy, f"Fuzzy French messages to review:\n{describe(fuzzy)}"


def messages(catalogue):
    """{(context, msgid, plural): translation} of the translated entries, header excluded."""
    return {
        key(e): (e.msgstr, e.msgstr_plural)
        for e in current(catalogue)
        if e.msgid
        and "fuzzy" not in getattr(e, "flags", ())
        and (e.msgstr or any(e.msgstr_plural.values()))
    }


def test_compiled_catalogue_matches_the_po_file():
    # Compare contents, not modification times: a git checkout sets every mtime to "now".
    assert MO_FILE.exists(), f"{MO_FILE} is missing: run `make messages`"
    po_messages = messages(polib.pofile(str(PO_FILE)))
    mo_messages = messages(polib.mofile(str(MO_FILE)))
    differ = sorted(
        msgid
        for k in po_messages.keys() | mo_messages.keys()
        if po_messages.get(k) != mo_messages.get(k)
        for _context, msgid, _plural in [k]
    )
    assert not differ, "django.mo is older than django.po: run `make messages`. Differs:\n" + (
        "\n".join(f"  - {msgid!r}" for msgid in differ)
    )


@pytest.mark.skipif(
    not shutil.which("xgettext") and not os.environ.get("CI"),
    reason="gettext is not installed (make test installs it)",
)
def test_every_source_message_is_in_the_french_catalogue(tmp_path, monkeypatch):
    """Extract the messages from a copy of the package, as `make messages` would."""
    copy = tmp_path / "wagtail_advocacy"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], ignore_patterns=["migrations/*"], verbosity=0)
    extracted = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = {key(e) for e in current(polib.pofile(str(PO_FILE)))}
    missing = [e for e in current(extracted) if key(e) not in committed]
    assert not missing, (
        "Messages in the source but not in the French catalogue (run `make messages`):\n"
        + describe(missing)
    )

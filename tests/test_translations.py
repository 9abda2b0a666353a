"""The French catalogues are complete, reviewed (no fuzzy entry) and compiled.

Two catalogues: the app's, which ships in the wheel, and the example intranet's own (its
templates' words, such as "Log in to the intranet"). When one of these fails, run
``make messages``, translate what it added to the ``django.po`` the test names, and commit
the .po and the .mo.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import wagtail_advocacy

PACKAGE = Path(wagtail_advocacy.__file__).resolve().parent
INTRANET = Path(__file__).resolve().parent.parent / "example_site" / "intranet"
CATALOGUES = {"wagtail_advocacy": PACKAGE, "example intranet": INTRANET}


@pytest.fixture(params=CATALOGUES.values(), ids=CATALOGUES.keys())
def source(request):
    """The directory of an app with a French catalogue in its locale/ folder."""
    return request.param


def po_file(source):
    return source / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def mo_file(source):
    return source / "locale" / "fr" / "LC_MESSAGES" / "django.mo"


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def current(catalogue):
    """Entries still in use: obsolete ones (#~) are history, not messages."""
    return [entry for entry in catalogue if not entry.obsolete]


def describe(entries):
    return "\n".join(f"  - {entry.msgid!r}" for entry in entries)


def test_every_french_message_is_translated_and_not_fuzzy(source):
    po = polib.pofile(str(po_file(source)))
    assert not po.metadata_is_fuzzy, "a fuzzy header is left out of the .mo, Plural-Forms too"
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


def test_compiled_catalogue_matches_the_po_file(source):
    # Compare contents, not modification times: a git checkout sets every mtime to "now".
    assert mo_file(source).exists(), f"{mo_file(source)} is missing: run `make messages`"
    po_messages = messages(polib.pofile(str(po_file(source))))
    mo_messages = messages(polib.mofile(str(mo_file(source))))
    differ = sorted(
        msgid
        for k in po_messages.keys() | mo_messages.keys()
        if po_messages.get(k) != mo_messages.get(k)
        for _context, msgid, _plural in [k]
    )
    assert not differ, (
        f"{mo_file(source)} is older than django.po: run `make messages`. Differs:\n"
        + ("\n".join(f"  - {msgid!r}" for msgid in differ))
    )


@pytest.mark.skipif(
    not shutil.which("xgettext") and not os.environ.get("CI"),
    reason="gettext is not installed (make test installs it)",
)
def test_every_source_message_is_in_the_french_catalogue(source, tmp_path, monkeypatch):
    """Extract the messages from a copy of the app, as `make messages` would."""
    copy = tmp_path / source.name
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], ignore_patterns=["migrations/*"], verbosity=0)
    extracted = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = {key(e) for e in current(polib.pofile(str(po_file(source))))}
    missing = [e for e in current(extracted) if key(e) not in committed]
    assert not missing, (
        "Messages in the source but not in the French catalogue (run `make messages`):\n"
        + describe(missing)
    )

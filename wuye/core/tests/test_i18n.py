"""English is available through Django i18n (SPEC §2): a complete catalogue, compiled, and a switch.

The UI's source strings are Chinese. ``locale/en/LC_MESSAGES/django.po`` translates every one of
them; the compiled ``django.mo`` beside it is what Django reads, so it must say the same.
"""
from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
FORMAT_FIELD = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdif]|%[sdif]")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr (list), flags."""
    entries, current, key = [], None, None

    def literal(text: str) -> str:
        return ast.literal_eval(text)

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current is not None:
                entries.append(current)
            current, key = None, None
            continue
        if current is None:
            current = {"msgid": "", "msgid_plural": None, "msgstr": {}, "flags": ""}
        if line.startswith("#,"):
            current["flags"] += line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural "):
            key, current["msgid_plural"] = "msgid_plural", literal(line[13:])
        elif line.startswith("msgid "):
            key, current["msgid"] = "msgid", literal(line[6:])
        elif line.startswith("msgstr["):
            n = int(line[7:line.index("]")])
            key = n
            current["msgstr"][n] = literal(line[line.index("]") + 2:])
        elif line.startswith("msgstr "):
            key = 0
            current["msgstr"][0] = literal(line[7:])
        elif line.startswith('"'):
            if isinstance(key, int):
                current["msgstr"][key] += literal(line)
            else:
                current[key] = (current[key] or "") + literal(line)
    return [e for e in entries if e["msgid"]]  # without the header


ENTRIES = parse_po(PO)


def test_every_entry_is_translated_with_the_same_format_fields():
    assert len(ENTRIES) > 1500
    untranslated = [e["msgid"] for e in ENTRIES if not all(e["msgstr"].values()) or "fuzzy" in e["flags"]]
    assert untranslated == []
    wrong = [e["msgid"] for e in ENTRIES for s in e["msgstr"].values()
             if sorted(FORMAT_FIELD.findall(e["msgid_plural"] or e["msgid"])) != sorted(FORMAT_FIELD.findall(s))
             and sorted(FORMAT_FIELD.findall(e["msgid"])) != sorted(FORMAT_FIELD.findall(s))]
    assert wrong == []


def test_the_compiled_catalogue_is_the_po_file():
    """Edit the .po without recompiling and Django would still show the old text."""
    with MO.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    stale = []
    for e in ENTRIES:
        if e["msgid_plural"]:
            got = [mo.ngettext(e["msgid"], e["msgid_plural"], n) for n in (1, 2)]
            want = [e["msgstr"][0], e["msgstr"][1]]
        else:
            got, want = mo.gettext(e["msgid"]), e["msgstr"][0]
        if got != want:
            stale.append(e["msgid"])
    assert stale == [], "run: msgfmt -c -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po"


# Literal strings marked in code and templates (one line, no escapes): each must be in the catalogue.
MARKED = [
    (re.compile(r"""\{%\s*(?:translate|trans)\s+"([^"\\]+)"[\s%]"""), "*.html"),
    (re.compile(r"""(?<![\w.])(?:_|gettext|gettext_lazy|pgettext_lazy)\(\s*"([^"\\{}]+)"\s*[,)]"""), "*.py"),
]


def test_every_marked_string_is_in_the_catalogue():
    known = {e["msgid"] for e in ENTRIES}
    missing = set()
    for pattern, glob in MARKED:
        for path in (ROOT / "wuye").rglob(glob):
            if "tests" in path.parts or "static" in path.parts:
                continue
            for text in pattern.findall(path.read_text(encoding="utf-8")):
                if re.search(r"[\u4e00-\u9fff]", text) and text not in known:
                    missing.add(f"{path.relative_to(ROOT)}: {text}")
    assert sorted(missing) == [], "run makemessages -l en and translate the new entries"


@pytest.mark.django_db
def test_pages_answer_in_english_once_chosen(client: Client):
    assert "登录" in client.get("/accounts/login/").content.decode()  # Chinese by default
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302 and response.headers["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert "Property Supervision Platform · Log in" in page and "Username" in page
    assert "用户名" not in page
    with translation.override("en"):
        assert translation.gettext("没有符合条件的记录") != "没有符合条件的记录"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_official_switches_to_english_and_back(live_server, browser_page, street):
    from playwright.sync_api import expect

    from wuye.accounts.models import RoleAssignment
    from wuye.accounts.tests.factories import UserFactory

    user = UserFactory(username="renminjie-en", display_name="人民街物业办王敏")
    RoleAssignment.objects.create(user=user, role="street_office", region=street)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="物业综合监管平台 · 登录")).to_be_visible()
    page.get_by_test_id("language-switch").get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Property Supervision Platform · Log in")).to_be_visible()
    page.get_by_label("Username").fill("renminjie-en")
    page.get_by_label("Password").fill("pass12345")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("current-user")).to_contain_text("人民街物业办王敏")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.locator("aside").get_by_role("link", name="Estate", exact=True).click()
    expect(page.locator("#object-table")).to_contain_text("No matching records")
    page.get_by_test_id("language-switch").get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    expect(page.locator("#object-table")).to_contain_text("没有符合条件的记录")

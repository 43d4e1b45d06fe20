"""The de/en gettext catalogues in locale/ are complete, free of fuzzy entries, cover every
translatable string in the code and templates, and the committed .mo files match the .po files.

Standard library only, so CI needs no GNU gettext: a small PO reader below, the compiled
catalogues through gettext.GNUTranslations, and the source strings found the way xgettext finds
them (gettext keywords in the token stream), templates first run through Django's templatize,
exactly as makemessages does.
"""

import ast
import gettext
import io
import re
import tokenize
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

# What `make messages` leaves out of the scan (dot directories are skipped as well).
IGNORED_DIRS = {"staticfiles", "tests", "node_modules", "media"}
TEMPLATE_SUFFIXES = {".html", ".txt"}

# Source strings that are not German, so the German catalogue translates them.
GERMAN_OVERRIDES = {"English": "Englisch"}

# Looked up through variables, so that a makemessages run over tests/ extracts nothing from here.
SKIP_LINK = "Zum Inhalt springen"
NEWS_COUNT = ("%(counter)s Neuigkeit", "%(counter)s Neuigkeiten")

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%%")

# Keyword -> (context argument, singular argument, plural argument), as xgettext sees them
# when makemessages scans Python and templatised templates.
GETTEXT_KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


# --- PO reader ---------------------------------------------------------------------------------


def _po_string(text: str) -> str:
    """One quoted PO string; its escapes are a subset of Python's."""
    return ast.literal_eval(text)


def read_po(path: Path) -> list[dict]:
    """Entries with msgctxt, msgid, msgid_plural, msgstr (index -> text) and flags."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None}
        entry["msgstr"] = {}
        field = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#~"):
                raise AssertionError(f"{path}: obsolete entry left in the catalogue: {block}")
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif not line or line.startswith("#"):
                continue
            elif line.startswith('"'):
                if isinstance(field, int):
                    entry["msgstr"][field] += _po_string(line)
                else:
                    entry[field] += _po_string(line)
            else:
                keyword, value = line.split(" ", 1)
                plural_form = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                if plural_form:
                    field = int(plural_form.group(1))
                elif keyword == "msgstr":
                    field = 0
                elif keyword in ("msgctxt", "msgid", "msgid_plural"):
                    field = keyword
                else:
                    raise AssertionError(f"{path}: unexpected line {line!r}")
                if isinstance(field, int):
                    entry["msgstr"][field] = _po_string(value)
                else:
                    entry[field] = _po_string(value)
        if entry["msgid"] is None:
            raise AssertionError(f"{path}: block without msgid: {block}")
        entries.append(entry)
    return entries


def _po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / "django.po"


def _header(entries: list[dict]) -> dict[str, str]:
    header = next(entry for entry in entries if entry["msgid"] == "")
    return dict(line.split(": ", 1) for line in header["msgstr"][0].splitlines() if ": " in line)


def _messages(entries: list[dict]) -> list[dict]:
    return [entry for entry in entries if entry["msgid"] != ""]


def _key(context, msgid):
    """How GNUTranslations keys a message with a context."""
    return msgid if context is None else f"{context}\x04{msgid}"


@pytest.fixture(scope="module", params=LANGUAGE_CODES)
def catalogue(request):
    code = request.param
    return code, read_po(_po_path(code))


# --- The catalogues themselves -----------------------------------------------------------------


def test_every_language_has_a_catalogue_and_a_compiled_catalogue():
    for code in LANGUAGE_CODES:
        assert _po_path(code).is_file(), f"missing {_po_path(code)}"
        assert _po_path(code).with_suffix(".mo").is_file(), f"missing compiled catalogue for {code}"


def test_header_names_project_language_plural_rule_and_charset(catalogue):
    code, entries = catalogue
    header = _header(entries)
    assert header["Project-Id-Version"].startswith("Beteiligung")
    assert header["Language"] == code
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


def test_every_message_is_translated_and_none_is_fuzzy(catalogue):
    code, entries = catalogue
    assert len(_messages(entries)) > 100
    fuzzy = [entry["msgid"] for entry in entries if "fuzzy" in entry["flags"]]
    assert not fuzzy, f"{code}: fuzzy entries: {fuzzy}"
    for entry in _messages(entries):
        forms = 2 if entry["msgid_plural"] is not None else 1
        assert sorted(entry["msgstr"]) == list(range(forms)), f"{code}: {entry['msgid']!r}"
        empty = [index for index, text in entry["msgstr"].items() if not text.strip()]
        assert not empty, f"{code}: untranslated {entry['msgid']!r}"


def test_translations_keep_every_placeholder(catalogue):
    code, entries = catalogue
    for entry in _messages(entries):
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for index, text in entry["msgstr"].items():
            expected = sorted(PLACEHOLDER.findall(sources[min(index, 1)]))
            assert sorted(PLACEHOLDER.findall(text)) == expected, f"{code}: {text!r}"


def test_german_catalogue_repeats_the_german_source():
    for entry in _messages(read_po(_po_path("de"))):
        if entry["msgid_plural"] is not None:
            assert entry["msgstr"] == {0: entry["msgid"], 1: entry["msgid_plural"]}
        else:
            expected = GERMAN_OVERRIDES.get(entry["msgid"], entry["msgid"])
            assert entry["msgstr"][0] == expected


def test_both_catalogues_hold_the_same_messages():
    def keys(code):
        return {
            (entry["msgctxt"], entry["msgid"], entry["msgid_plural"])
            for entry in _messages(read_po(_po_path(code)))
        }

    assert keys("de") == keys("en")


# --- Compiled catalogues -----------------------------------------------------------------------


def test_compiled_catalogue_matches_the_po_file(catalogue):
    """A stale .mo (someone edited the .po and forgot compilemessages) fails here."""
    code, entries = catalogue
    with _po_path(code).with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)._catalog
    compiled_messages = {key if isinstance(key, str) else key[0] for key in compiled} - {""}
    assert len(compiled_messages) == len(_messages(entries))
    for entry in _messages(entries):
        key = _key(entry["msgctxt"], entry["msgid"])
        if entry["msgid_plural"] is None:
            assert compiled.get(key) == entry["msgstr"][0], f"{code}: {entry['msgid']!r}"
        else:
            for index, text in entry["msgstr"].items():
                assert compiled.get((key, index)) == text, f"{code}: {entry['msgid']!r}"


def test_compiled_english_catalogue_translates_the_interface():
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo").open("rb") as mo_file:
        english = gettext.GNUTranslations(mo_file)
    lookup = english.gettext
    assert lookup(SKIP_LINK) == "Skip to content"
    assert lookup("Stadtteile") == "Districts"
    assert lookup("Akteure im Stadtteilnetzwerk") == "Organisations in the district network"
    assert lookup("Erklärung zur Barrierefreiheit") == "Accessibility statement"
    plural = english.ngettext
    assert plural(*NEWS_COUNT, 1) == "%(counter)s news item"
    assert plural(*NEWS_COUNT, 3) == "%(counter)s news items"


def test_django_loads_the_project_catalogues():
    with translation.override("en"):
        assert translation.gettext(SKIP_LINK) == "Skip to content"
        assert translation.ngettext(*NEWS_COUNT, 2) == "%(counter)s news items"
    with translation.override("de"):
        assert translation.gettext(SKIP_LINK) == SKIP_LINK


# --- Every string in the source is in the catalogues -------------------------------------------


def _source_files():
    for path in sorted(BASE_DIR.rglob("*")):
        parts = path.relative_to(BASE_DIR).parts
        if any(part.startswith(".") or part in IGNORED_DIRS for part in parts[:-1]):
            continue
        if path.is_file() and (path.suffix == ".py" or path.suffix in TEMPLATE_SUFFIXES):
            yield path


def _arguments(tokens, start):
    """The arguments of the call whose "(" is tokens[start]: a str for a string literal
    (implicit concatenation included), None for anything else."""
    arguments, current, depth, index = [], [], 0, start
    while index < len(tokens):
        token = tokens[index]
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
            if depth == 1:
                index += 1
                continue
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
            if depth == 0:
                arguments.append(current)
                break
        elif depth == 1 and token.type == tokenize.OP and token.string == ",":
            arguments.append(current)
            current = []
            index += 1
            continue
        current.append(token)
        index += 1
    values = []
    for argument in arguments:
        literal = bool(argument) and all(token.type == tokenize.STRING for token in argument)
        values.append("".join(ast.literal_eval(t.string) for t in argument) if literal else None)
    return values


def _gettext_calls(source: str):
    """(context, msgid, msgid_plural) of every gettext call with literal arguments, found the
    way xgettext finds them: by keyword, in the token stream."""
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for index, token in enumerate(tokens[:-1]):
        positions = GETTEXT_KEYWORDS.get(token.string) if token.type == tokenize.NAME else None
        following = tokens[index + 1]
        if positions is None or following.type != tokenize.OP or following.string != "(":
            continue
        if index and tokens[index - 1].string in ("def", "class"):
            continue
        arguments = _arguments(tokens, index + 1)
        values = [
            None if position is None else arguments[position] if position < len(arguments) else None
            for position in positions
        ]
        if values[1] is not None and (positions[2] is None or values[2] is not None):
            yield tuple(values)


def source_strings():
    """What makemessages would extract: Python gettext calls and templatised templates."""
    found = {}
    for path in _source_files():
        where = str(path.relative_to(BASE_DIR))
        source = path.read_text(encoding="utf-8")
        if path.suffix in TEMPLATE_SUFFIXES:
            # Indentation means nothing in a template, and text that templatize masks (an
            # indented "·", say) can leave lines the tokenizer reads as a broken dedent.
            source = "\n".join(
                line.lstrip() for line in templatize(source, origin=where).splitlines()
            )
        for key in _gettext_calls(source):
            found.setdefault(key, where)
    return found


def test_every_translatable_string_in_the_source_is_in_the_catalogues(catalogue):
    """Fails when a template or model gained a string and `make messages` was not run."""
    code, entries = catalogue
    known = {
        (entry["msgctxt"], entry["msgid"], entry["msgid_plural"]) for entry in _messages(entries)
    }
    strings = source_strings()
    assert SKIP_LINK in {msgid for _context, msgid, _plural in strings}, (
        "the source scan found nothing; has the template extractor changed?"
    )
    missing = sorted(
        f"{origin}: {msgid!r}"
        for (context, msgid, plural), origin in strings.items()
        if msgid and (context, msgid, plural) not in known
    )
    assert not missing, f"{code}: run `make messages` and translate:\n" + "\n".join(missing)


# --- Through Django ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_english_search_page_speaks_english(client, home_page):
    response = client.get("/en/suche/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Search</h1>" in html
    assert "Skip to content" in html
    assert "Zum Inhalt springen" not in html


@pytest.mark.django_db
def test_german_search_page_speaks_german(client, home_page):
    response = client.get("/suche/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "<h1>Suche</h1>" in html
    assert "Zum Inhalt springen" in html

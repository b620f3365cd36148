"""Every message the product shows or sends exists in Swedish: each string the
code marks for translation has a Swedish entry in the compiled catalogue."""

import ast
import gettext as gnu_gettext
import re

from django.utils.translation.template import templatize

from tests.conftest import REPO_ROOT

PRODUCT = ("api", "platform", "programs", "tenants", "workers")
MARKERS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "pgettext"}


def _marked_messages() -> dict[str, str]:
    """{msgid: where} for every string literal passed to a translation function."""
    found = {}
    for folder in PRODUCT:
        for path in (REPO_ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found[node.args[0].value] = f"{path.relative_to(REPO_ROOT)}:{node.lineno}"
    return found


# What templatize makes of {% translate %}, {% blocktranslate %} and _("...")
# in a template: the calls that makemessages would read.
# A message with an apostrophe comes out in double quotes: u"the HR system's".
TEMPLATE_CALL = re.compile(
    r"\b(gettext|ngettext|pgettext|npgettext|_)\("
    r"((?:(?:u'(?:[^'\\]|\\.)*'|u\"(?:[^\"\\]|\\.)*\")(?:, )?)+)"
)
TEMPLATE_STRING = re.compile(r"u('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")
# A filter's argument, _("..."), comes out as written.
TEMPLATE_ARGUMENT = re.compile(r"""\s_\(("[^"]*"|'[^']*')\)""")


def _template_messages() -> dict[str, str]:
    """{msgid: where} for every string a template marks for translation."""
    found = {}
    for folder in PRODUCT:
        for path in (REPO_ROOT / folder).rglob("templates/**/*.html"):
            for call in TEMPLATE_CALL.finditer(templatize(path.read_text(), origin=str(path))):
                strings = [ast.literal_eval(s) for s in TEMPLATE_STRING.findall(call[2])]
                msgid = strings[1] if call[1] in {"pgettext", "npgettext"} else strings[0]
                found[msgid] = str(path.relative_to(REPO_ROOT))
            for literal in TEMPLATE_ARGUMENT.findall(templatize(path.read_text())):
                found[ast.literal_eval(literal)] = str(path.relative_to(REPO_ROOT))
    return found


def _swedish() -> set[str]:
    catalogue = REPO_ROOT / "platform" / "locale" / "sv" / "LC_MESSAGES" / "django.mo"
    with catalogue.open("rb") as compiled:
        swedish = gnu_gettext.GNUTranslations(compiled)._catalog
    return {key[0] if isinstance(key, tuple) else key for key in swedish}


def test_every_marked_message_has_a_swedish_translation():
    singular = _swedish()
    messages = _marked_messages()
    assert len(messages) > 100  # the walk sees the product's messages
    missing = sorted(f"{where}: {msgid!r}" for msgid, where in messages.items()
                     if msgid not in singular)  # fmt: skip
    assert missing == []


def test_every_template_message_has_a_swedish_translation():
    singular = _swedish()
    messages = _template_messages()
    assert {"Sign in", "Skip to content", "%(counter)s event", "Save"} <= set(messages)
    missing = sorted(f"{where}: {msgid!r}" for msgid, where in messages.items()
                     if msgid not in singular)  # fmt: skip
    assert missing == []

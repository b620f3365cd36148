"""Every message the product shows or sends exists in Swedish: each string the
code marks for translation has a Swedish entry in the compiled catalogue."""

import ast
import gettext as gnu_gettext

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


def test_every_marked_message_has_a_swedish_translation():
    catalogue = REPO_ROOT / "platform" / "locale" / "sv" / "LC_MESSAGES" / "django.mo"
    with catalogue.open("rb") as compiled:
        swedish = gnu_gettext.GNUTranslations(compiled)._catalog
    singular = {key[0] if isinstance(key, tuple) else key for key in swedish}
    messages = _marked_messages()
    assert len(messages) > 100  # the walk sees the product's messages
    missing = sorted(f"{where}: {msgid!r}" for msgid, where in messages.items()
                     if msgid not in singular)  # fmt: skip
    assert missing == []

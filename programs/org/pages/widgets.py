from collections.abc import Iterable
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class UnitSelect(forms.Select):
    """A select of the organisation's units, indented by depth, rendered in
    one pass: a tenant may have thousands of units, and a template per option
    would cost more than the page's rows. Choices are (value, label, depth),
    any iterable, read only when the select is rendered."""

    unit_choices: Iterable[tuple[str, str, int]] = ()

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        value = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) == value else ""}>'
            f"{chr(0x2003) * depth}{escape(str(label))}</option>"
            for key, label, depth in self.unit_choices
        )
        return mark_safe(f"<select{flatatt(attrs)}>{options}</select>")  # noqa: S308 (escaped)

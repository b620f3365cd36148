from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class UnitSelect(forms.Select):
    """A select of the organisation's units, indented by depth, rendered in
    one pass: a tenant may have thousands of units, and a template per option
    would cost more than the page's rows. Choices are (value, label, depth)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        value = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}{}</option>',
            (
                (key, " selected" if str(key) == value else "", "\u2003" * depth, label)
                for key, label, depth in self.unit_choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)

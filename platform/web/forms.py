from django.forms.renderers import TemplatesSetting


class PageFormRenderer(TemplatesSetting):
    """``{{ form }}`` renders an error summary (role=alert, each error a link to
    its field) and then each field as label, help text, errors and input, the
    input described by its help and errors (aria-describedby, aria-invalid:
    Django's BoundField sets them)."""

    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"

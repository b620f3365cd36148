"""The HR import, for HR: upload an export (CSV or XLSX), read the dry run's
report (each error with its row and column as the file numbers and names
them, and what would change), then import it, through the service the API's
POST /api/v1/imports/ calls.

The file is kept the way the API keeps it: not at all. An API client sends
the file again to commit; so does the browser. The report's form carries a
signed digest of the file that was checked (and whether it was a full
import), and the import is refused unless the file sent is that same file,
checked clean: nothing is stored between the two steps."""

import hashlib

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spiral.platform.web.views import Page
from spiral.programs.org.hr_import.reading import UnreadableFileError
from spiral.programs.org.hr_import.service import people_import
from spiral.programs.org.rules import administers, may_grant_administration

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # as the API (api/imports/views.py)
CHECKED_FOR_SECONDS = 60 * 60
SIGNER_SALT = "spiral.org.pages.imports"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File from the HR system"),
        help_text=_("CSV (semicolon or comma separated) or XLSX, at most 50 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    full = forms.BooleanField(
        label=_("Full import"), required=False,
        help_text=_("People missing from the file are marked as leaving."),
    )  # fmt: skip
    checked = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Over 50 MB."))
        return upload


def _digest(data: bytes, full: bool) -> str:
    return hashlib.sha256(data).hexdigest() + (":full" if full else ":partial")


class PeopleImportPage(Page):
    rule = administers  # POST /api/v1/imports/
    title = _("HR import")
    template_name = "org/pages/import.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = ImportForm(request.POST, request.FILES)
        commit = "commit" in request.POST
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload, full = form.cleaned_data["file"], form.cleaned_data["full"]
        data = upload.read()
        if commit and not self._was_checked(form.cleaned_data["checked"], data, full):
            form.add_error("file", _("Check this file first: choose it and press Check the file."))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            report = people_import(
                data=data, filename=upload.name, full=full, dry_run=not commit,
                may_grant_admin=self.may(may_grant_administration),
            )  # fmt: skip
        except UnreadableFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        if report.committed:
            messages.success(
                request,
                _("The import is done: %(created)s new, %(updated)s updated, "
                  "%(leaving)s marked as leaving.")
                % {"created": report.created, "updated": report.updated,
                   "leaving": report.marked_leaving},
            )  # fmt: skip
            return HttpResponseRedirect(reverse("org:people"))
        # A dry run (or a commit the service refused): the report, and the
        # form again, carrying the digest of this file if it can be imported.
        checked = ""
        if not report.errors:
            checked = signing.TimestampSigner(salt=SIGNER_SALT).sign(_digest(data, full))
        again = ImportForm(initial={"full": full, "checked": checked})
        return self.render_to_response(
            self.get_context_data(form=again, report=report, filename=upload.name,
                                  may_commit=bool(checked))
        )  # fmt: skip

    @staticmethod
    def _was_checked(token: str, data: bytes, full: bool) -> bool:
        try:
            digest = signing.TimestampSigner(salt=SIGNER_SALT).unsign(
                token, max_age=CHECKED_FOR_SECONDS
            )
        except signing.BadSignature:
            return False
        return digest == _digest(data, full)

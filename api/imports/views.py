from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import parsers, serializers, status
from rest_framework.response import Response

from spiral.api.conventions import ScopedViewSet
from spiral.platform.core.problems import problem_response
from spiral.programs.org import rules as org_rules
from spiral.programs.org.hr_import.reading import UnreadableFileError
from spiral.programs.org.hr_import.service import people_import
from spiral.programs.org.selectors import person_list_visible

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class PeopleImportRequest(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)
    full = serializers.BooleanField(
        default=False, help_text="People missing from a full import are marked leaving."
    )


RowErrorSerializer = inline_serializer(
    "ImportRowError",
    {
        "row": serializers.IntegerField(),
        "column": serializers.CharField(),
        "reason": serializers.CharField(),
    },
)
ImportReportSerializer = inline_serializer(
    "ImportReport",
    {
        **{
            name: serializers.IntegerField()
            for name in ("rows", "created", "updated", "unchanged", "marked_leaving")
        },
        **{
            name: serializers.IntegerField()
            for name in (
                "units_created",
                "units_updated",
                "work_groups_created",
                "work_groups_updated",
                "management_groups_created",
                "management_groups_updated",
            )
        },
        "marked_leaving_ids": serializers.ListField(child=serializers.CharField()),
        "ignored_columns": serializers.ListField(child=serializers.CharField()),
        "errors": RowErrorSerializer.__class__(many=True),
        "committed": serializers.BooleanField(),
    },
)


def _no_rows(*, actor):
    """An import lists and shows nothing: its answer is its report."""
    return person_list_visible(actor=actor).none()


class PeopleImportViewSet(ScopedViewSet):
    """Imports people and units from an HR system's CSV or XLSX export."""

    family = "imports"
    scope_family = "people"
    rules = {"create": org_rules.administers}
    selector = staticmethod(_no_rows)
    parser_classes = [parsers.MultiPartParser]
    serializer_class = PeopleImportRequest
    pagination_class = None

    @extend_schema(
        request={"multipart/form-data": PeopleImportRequest},
        responses={
            200: ImportReportSerializer,
            400: OpenApiResponse(
                description="Rows with errors (a commit), or a file that cannot be read at all "
                "or breaks a reading limit (dry run or commit; `limit` names it)."
            ),
        },
    )
    def create(self, request):
        payload = PeopleImportRequest(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            return _rejected({"errors": [{"row": 0, "column": "file", "reason": _("Over 50 MB.")}]})
        try:
            report = people_import(
                data=upload.read(),
                filename=upload.name,
                full=payload.validated_data["full"],
                dry_run=payload.validated_data["dry_run"],
                may_grant_admin=org_rules.may_grant_administration.test(self.actor),
            ).as_dict()
        except UnreadableFileError as exc:
            return _unreadable(exc)
        if report["errors"] and not payload.validated_data["dry_run"]:
            return _rejected(report)
        return Response(report, status=status.HTTP_200_OK)


def _rejected(report: dict) -> Response:
    body = {
        "type": "about:blank",
        "title": _("Import rejected"),
        "status": 400,
        "detail": _("Nothing was written. Correct the rows listed under errors."),
        **report,
    }
    return Response(body, status=400, content_type="application/problem+json")


def _unreadable(exc: UnreadableFileError):
    """A file with no rows to report on is a 400 in a dry run too: a dry run
    answers 200 only when it has a report to give."""
    extra = {"limit": exc.limit} if exc.limit else {}
    return problem_response(
        status=400, title=str(_("The file cannot be read")), detail=str(exc), **extra
    )

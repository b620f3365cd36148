from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from spiral.api.accounts import views as account_views
from spiral.api.audit.views import AuditEventViewSet
from spiral.api.feedback.views import FeedbackRoundViewSet, FeedbackViewSet
from spiral.api.imports.views import PeopleImportViewSet
from spiral.api.integrations.views import ApiClientViewSet
from spiral.api.oauth import LockoutTokenView
from spiral.api.org import views as org_views
from spiral.api.programmes import views as programme_views
from spiral.api.progress import views as progress_views
from spiral.api.sessions.views import (
    CalendarFeedViewSet,
    NotificationPreferenceViewSet,
    SessionViewSet,
)
from spiral.api.support.views import SupportAssessmentViewSet

router = SimpleRouter()
router.register("org-units", org_views.OrgUnitViewSet, basename="org-unit")
router.register("people", org_views.PersonViewSet, basename="person")
router.register("work-groups", org_views.WorkGroupViewSet, basename="work-group")
router.register("management-groups", org_views.ManagementGroupViewSet, basename="management-group")
router.register("api-clients", ApiClientViewSet, basename="api-client")
router.register("audit-events", AuditEventViewSet, basename="audit-event")
router.register("imports/people", PeopleImportViewSet, basename="people-import")
router.register(
    "programme-templates", programme_views.ProgrammeTemplateViewSet, basename="programme-template"
)
router.register("programmes", programme_views.ProgrammeViewSet, basename="programme")
router.register("enrolments", programme_views.EnrolmentViewSet, basename="enrolment")
router.register("sessions", SessionViewSet, basename="session")
router.register("support-assessments", SupportAssessmentViewSet, basename="support-assessment")
router.register("calendar-feed", CalendarFeedViewSet, basename="calendar-feed")
router.register(
    "notification-preferences", NotificationPreferenceViewSet, basename="notification-preferences"
)
router.register("feedback-rounds", FeedbackRoundViewSet, basename="feedback-round")
router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("reports", progress_views.ReportViewSet, basename="report")
router.register("kpi-values", progress_views.KpiValueViewSet, basename="kpi-value")
router.register("milestones", progress_views.MilestoneViewSet, basename="milestone")
router.register("next-steps", progress_views.NextStepViewSet, basename="next-step")

urlpatterns = [
    path("v1/", account_views.api_root, name="api-root"),
    path("v1/me/", account_views.me, name="api-me"),
    path("v1/", include(router.urls)),
    path("oauth/token/", LockoutTokenView.as_view(), name="oauth-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

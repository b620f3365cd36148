from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from spiral.api.accounts import views as account_views
from spiral.api.arenas.views import ArenaSessionViewSet, ArenaTopicViewSet, ArenaViewSet
from spiral.api.audit.views import AuditEventViewSet
from spiral.api.climate.views import ClimatePulseViewSet
from spiral.api.coaching import views as coaching_views
from spiral.api.feedback.views import FeedbackRoundViewSet, FeedbackViewSet
from spiral.api.groups import views as group_views
from spiral.api.imports.views import PeopleImportViewSet
from spiral.api.integrations.views import ApiClientViewSet
from spiral.api.mentoring import views as mentoring_views
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
router.register("climate-pulses", ClimatePulseViewSet, basename="climate-pulse")
router.register("support-assessments", SupportAssessmentViewSet, basename="support-assessment")
router.register("calendar-feed", CalendarFeedViewSet, basename="calendar-feed")
router.register(
    "notification-preferences", NotificationPreferenceViewSet, basename="notification-preferences"
)
router.register("feedback-rounds", FeedbackRoundViewSet, basename="feedback-round")
router.register("feedback", FeedbackViewSet, basename="feedback")
router.register("group-contracts", group_views.GroupContractViewSet, basename="group-contract")
router.register("group-meetings", group_views.GroupMeetingViewSet, basename="group-meeting")
router.register("group-goals", group_views.GroupGoalViewSet, basename="group-goal")
router.register("group-actions", group_views.GroupActionViewSet, basename="group-action")
router.register("backspeglingar", group_views.BackspeglingViewSet, basename="backspegling")
router.register("mentor-profiles", mentoring_views.MentorProfileViewSet, basename="mentor-profile")
router.register(
    "mentoring-requests", mentoring_views.MentoringRequestViewSet, basename="mentoring-request"
)
router.register("matching-runs", mentoring_views.MatchingRunViewSet, basename="matching-run")
router.register("match-proposals", mentoring_views.MatchProposalViewSet, basename="match-proposal")
router.register("mentorships", mentoring_views.MentorshipViewSet, basename="mentorship")
router.register(
    "mentorship-goals", mentoring_views.MentorshipGoalViewSet, basename="mentorship-goal"
)
router.register(
    "supervision-groups", mentoring_views.SupervisionGroupViewSet, basename="supervision-group"
)
router.register("arenas", ArenaViewSet, basename="arena")
router.register("arena-topics", ArenaTopicViewSet, basename="arena-topic")
router.register("arena-sessions", ArenaSessionViewSet, basename="arena-session")
router.register("coaching-tracks", coaching_views.CoachingTrackViewSet, basename="coaching-track")
router.register("coaching-goals", coaching_views.GoalViewSet, basename="coaching-goal")
router.register("coaching-notes", coaching_views.NoteViewSet, basename="coaching-note")
router.register(
    "coaching-exercise-answers", coaching_views.ExerciseAnswerViewSet,
    basename="coaching-exercise-answer",
)  # fmt: skip
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

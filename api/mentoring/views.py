"""Mentoring (issue 16): the mentor pool, mentee requests, matching runs with
their proposals and reasons, answers, mentorships with goals, supervision
groups. No integration reaches them (``scope_family = None``): mentoring is
personal."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet
from spiral.api.mentoring import serializers as s
from spiral.programs.mentoring import rules, selectors, services
from spiral.programs.org.selectors import person_of


class MentorProfileViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The mentor pool: each person keeps their own profile; HR reads all, a
    mentee the profiles of mentors proposed to them."""

    family = "mentoring"
    scope_family = None
    rules = {
        "list": rules.reads_mentoring,
        "retrieve": rules.reads_mentoring,
        "create": rules.keeps_profile,
        "update": rules.changes_own,
    }
    selector = staticmethod(selectors.profile_list_visible)
    serializer_class = s.MentorProfileSerializer

    @extend_schema(request=s.MentorProfileSerializer, responses={201: s.MentorProfileSerializer})
    def create(self, request):
        """Joins the pool (or changes the caller's profile when they have one)."""
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        profile = services.profile_save(
            person=person_of(actor=self.actor), **payload.validated_data
        )
        return Response(self.get_serializer(profile).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.MentorProfileSerializer, responses=s.MentorProfileSerializer)
    def update(self, request, public_id=None, partial=False):
        profile = self.get_object()
        payload = self.get_serializer(profile, data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        kept = ("profession", "interests", "languages", "unit", "capacity", "active")
        fields = {name: getattr(profile, name) for name in kept}
        profile = services.profile_save(person=profile.person, **(fields | payload.validated_data))
        return Response(self.get_serializer(profile).data)

    def partial_update(self, request, public_id=None):
        return self.update(request, public_id, partial=True)


class MentoringRequestViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Requests for a mentor: a person's own; HR reads all."""

    family = "mentoring"
    scope_family = None
    rules = {
        "list": rules.reads_mentoring,
        "retrieve": rules.reads_mentoring,
        "create": rules.keeps_profile,
        "withdraw": rules.changes_own,
    }
    selector = staticmethod(selectors.request_list_visible)
    serializer_class = s.MentoringRequestSerializer

    def get_serializer_context(self):
        return super().get_serializer_context() | {
            "person_id": self.actor.person_id,
            "show_wishes": self.action == "retrieve",
        }

    def retrieve(self, request, public_id=None):
        """One request; its wishes read by anyone but the mentee are audited."""
        made = self.get_object()
        services.request_wishes_read(request=made, reader_person_id=self.actor.person_id)
        return Response(self.get_serializer(made).data)

    @extend_schema(
        request=s.MentoringRequestSerializer, responses={201: s.MentoringRequestSerializer}
    )
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        made = services.request_create(mentee=person_of(actor=self.actor), **payload.validated_data)
        return Response(self.get_serializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.MentoringRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, public_id=None):
        return Response(
            self.get_serializer(services.request_withdraw(request=self.get_object())).data
        )


class MatchingRunViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """HR's matching runs: starting one matches every open request with the
    pool at once (201 with the run); its proposals carry their reasons."""

    family = "mentoring"
    scope_family = None
    rules = dict.fromkeys(("list", "retrieve", "create", "proposals"), rules.manages_matching)
    selector = staticmethod(selectors.run_list_visible)
    serializer_class = s.MatchingRunSerializer

    @extend_schema(request=None, responses={201: s.MatchingRunSerializer})
    def create(self, request):
        """Starts a run: the proposals of the largest total compatibility score."""
        started_by = person_of(actor=self.actor) if self.actor.person_id else None
        run = services.run_start(started_by=started_by)
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.MatchProposalSerializer(many=True))
    @action(detail=True, methods=["get"])
    def proposals(self, request, public_id=None):
        run = self.get_object()
        rows = selectors.proposal_list_visible(actor=self.actor).filter(run=run)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(s.MatchProposalSerializer(page, many=True).data)


class MatchProposalViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Proposals the caller is in (HR: all); the mentor and the mentee accept
    or decline. A decline matches the run again without that pair."""

    family = "mentoring"
    scope_family = None
    rules = {
        "list": rules.reads_mentoring,
        "retrieve": rules.reads_mentoring,
        "accept": rules.answers_proposal,
        "decline": rules.answers_proposal,
    }
    selector = staticmethod(selectors.proposal_list_visible)
    serializer_class = s.MatchProposalSerializer

    def _answer(self, answer: str) -> Response:
        proposal = services.proposal_answer(
            proposal=self.get_object(), person=person_of(actor=self.actor), answer=answer
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=None, responses=s.MatchProposalSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, public_id=None):
        return self._answer("accepted")

    @extend_schema(request=None, responses=s.MatchProposalSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, public_id=None):
        return self._answer("declined")


class MentorshipViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Mentorships: the pair reads theirs and sets goals; HR sees that they
    exist (never their goals)."""

    family = "mentoring"
    scope_family = None
    rules = {
        "list": rules.reads_mentoring,
        "retrieve": rules.reads_mentorship,
        "goals": rules.in_mentorship,
        "end": rules.in_mentorship,
    }
    selector = staticmethod(selectors.mentorship_list_visible)
    serializer_class = s.MentorshipSerializer

    @extend_schema(methods=["GET"], request=None, responses=s.MentorshipGoalSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=s.MentorshipGoalSerializer,
        responses={201: s.MentorshipGoalSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def goals(self, request, public_id=None):
        mentorship = self.get_object()
        if request.method == "POST":
            payload = s.MentorshipGoalSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            goal = services.goal_add(mentorship=mentorship, title=payload.validated_data["title"])
            return Response(s.MentorshipGoalSerializer(goal).data, status=status.HTTP_201_CREATED)
        goals = selectors.goal_list_visible(actor=self.actor).filter(mentorship=mentorship)
        return Response(s.MentorshipGoalSerializer(goals, many=True).data)

    @extend_schema(request=None, responses=s.MentorshipSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, public_id=None):
        return Response(
            self.get_serializer(services.mentorship_end(mentorship=self.get_object())).data
        )


class MentorshipGoalViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The goals of the caller's mentorships (the pair alone): mark one
    achieved or reword it. New goals are added at /mentorships/{id}/goals/."""

    family = "mentoring"
    scope_family = None
    rules = {
        "list": rules.has_a_person,
        "retrieve": rules.has_a_person,
        "update": rules.has_a_person,  # the selector holds the pair's goals only
    }
    selector = staticmethod(selectors.goal_list_visible)
    serializer_class = s.MentorshipGoalSerializer

    @extend_schema(request=s.MentorshipGoalSerializer, responses=s.MentorshipGoalSerializer)
    def update(self, request, public_id=None, partial=False):
        goal = self.get_object()
        payload = self.get_serializer(goal, data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        goal = services.goal_update(goal=goal, **payload.validated_data)
        return Response(self.get_serializer(goal).data)

    def partial_update(self, request, public_id=None):
        return self.update(request, public_id, partial=True)


class SupervisionGroupViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Supervision groups (handledning): HR makes them; the supervisor and the
    members read theirs. Their sessions are in /api/v1/sessions/."""

    family = "mentoring"
    scope_family = None
    rules = {
        "list": rules.reads_mentoring,
        "retrieve": rules.reads_mentoring,
        "create": rules.manages_matching,
        "members": rules.runs_supervision_group,
    }
    selector = staticmethod(selectors.supervision_group_list_visible)
    serializer_class = s.SupervisionGroupSerializer

    @extend_schema(
        request=s.SupervisionGroupSerializer, responses={201: s.SupervisionGroupSerializer}
    )
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        group = services.supervision_group_create(
            name=data["name"], supervisor=data["supervisor"], members=data["member_ids"]
        )
        return Response(self.get_serializer(group).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.SupervisionMembersSerializer, responses=s.SupervisionGroupSerializer)
    @action(detail=True, methods=["post"])
    def members(self, request, public_id=None):
        """Sets who meets in the group (HR or the supervisor): newcomers are
        invited to the coming sessions, those who leave get a cancellation."""
        group = self.get_object()
        payload = s.SupervisionMembersSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        services.supervision_group_members_set(
            group=group, members=payload.validated_data["member_ids"]
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=group.pk)).data)

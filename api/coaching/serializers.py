from rest_framework import serializers

from spiral.api.conventions import VisibleField
from spiral.programs.coaching import selectors
from spiral.programs.coaching.exercises import EXERCISES
from spiral.programs.coaching.models import PROGRESS_MAX, PROGRESS_MIN, CoachingTrack, Goal, Note
from spiral.programs.coaching.services import TEXT_MAX
from spiral.programs.org import selectors as org


class CoachingPersonRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class CoachingGoalProgressSummarySerializer(serializers.Serializer):
    goal = serializers.UUIDField(source="public_id", read_only=True)
    latest = serializers.SerializerMethodField(help_text="The latest reading, 0-10, or null.")
    readings = serializers.SerializerMethodField()

    def get_latest(self, goal) -> int | None:
        progress = goal.progress.all()
        return progress[len(progress) - 1].value if progress else None

    def get_readings(self, goal) -> int:
        return len(goal.progress.all())


class CoachingTrackSerializer(serializers.ModelSerializer):
    """What anyone who sees a track may know: who, counts and goal progress.
    The text of goals, notes and answers is under their own resources, for
    the coachee and the coach alone."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    coachee = CoachingPersonRefSerializer(read_only=True)
    coach = CoachingPersonRefSerializer(read_only=True, allow_null=True)
    notes = serializers.IntegerField(source="notes_count", read_only=True)
    exercise_answers = serializers.IntegerField(source="answers_count", read_only=True)
    goals = serializers.IntegerField(source="goals_count", read_only=True)
    goal_progress = serializers.SerializerMethodField()

    class Meta:
        model = CoachingTrack
        fields = [
            "id", "coachee", "coach", "status", "notes", "exercise_answers", "goals",
            "goal_progress", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_goal_progress(self, track) -> list[dict]:
        return CoachingGoalProgressSummarySerializer(track.goals.all(), many=True).data


class CoachingAssignSerializer(serializers.Serializer):
    coach = VisibleField(org.person_list_visible)
    reason = serializers.CharField(max_length=500)


class CoachingProgressReadingSerializer(serializers.Serializer):
    value = serializers.IntegerField(min_value=PROGRESS_MIN, max_value=PROGRESS_MAX)
    recorded_at = serializers.DateTimeField(read_only=True)


class CoachingGoalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    track = VisibleField(selectors.track_list_private)
    progress = CoachingProgressReadingSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "track", "title", "description", "progress", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class CoachingGoalEditSerializer(CoachingGoalSerializer):
    track = serializers.UUIDField(source="track.public_id", read_only=True)


class CoachingNoteSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    track = VisibleField(selectors.track_list_private)
    session = serializers.UUIDField(required=False, allow_null=True, source="session.public_id")
    author = CoachingPersonRefSerializer(read_only=True)
    text = serializers.CharField(max_length=TEXT_MAX, trim_whitespace=False)

    class Meta:
        model = Note
        fields = ["id", "track", "session", "author", "text", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class CoachingNoteEditSerializer(CoachingNoteSerializer):
    track = serializers.UUIDField(source="track.public_id", read_only=True)
    session = serializers.UUIDField(source="session.public_id", read_only=True, allow_null=True)


class CoachingExerciseAnswerSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    track = VisibleField(selectors.track_list_private)
    exercise = serializers.ChoiceField(choices=[exercise.key for exercise in EXERCISES])
    author = CoachingPersonRefSerializer(read_only=True)
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True,
                                    max_length=TEXT_MAX, trim_whitespace=False))  # fmt: skip
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class CoachingPromptSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()


class CoachingExerciseSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    intro = serializers.CharField()
    prompts = CoachingPromptSerializer(many=True)


class CoachingSessionRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    title = serializers.CharField(read_only=True)
    organiser = CoachingPersonRefSerializer(read_only=True, allow_null=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    status = serializers.CharField(read_only=True)

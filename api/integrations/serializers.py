from rest_framework import serializers

from spiral.api.models import ApiClient
from spiral.api.scopes import SCOPES


class ApiClientSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    client_id = serializers.CharField(source="application.client_id", read_only=True)
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=list(SCOPES)), min_length=1
    )

    class Meta:
        model = ApiClient
        fields = ["id", "name", "client_id", "scopes", "created_at"]
        read_only_fields = ["created_at"]


class ApiClientCreatedSerializer(ApiClientSerializer):
    client_secret = serializers.CharField(read_only=True)

    class Meta(ApiClientSerializer.Meta):
        fields = [*ApiClientSerializer.Meta.fields, "client_secret"]

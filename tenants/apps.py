from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "spiral.tenants"
    label = "tenants"
    verbose_name = "Tenants"

    def ready(self):
        from spiral.tenants import host_cache

        host_cache.connect_invalidation()

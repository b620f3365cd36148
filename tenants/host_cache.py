"""The host -> tenant lookup behind every request, cached in Redis.

A warm lookup costs no database query. Any change to a tenant (status) or to a
domain deletes the affected entries at once, so a suspension or a moved domain
takes effect on the next request.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django_tenants.utils import schema_context

from spiral.tenants.models import Domain, Tenant

_KEY_PREFIX = "tenant-host:"
_MISSING = "missing"


def _key(host: str) -> str:
    return _KEY_PREFIX + host


def tenant_for_host(host: str) -> Tenant | None:
    """The tenant a host name routes to, or None. Call in the public schema."""
    key = _key(host)
    cached = cache.get(key)
    if cached is not None:
        return None if cached == _MISSING else cached
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    tenant = domain.tenant if domain else None
    # Unknown hosts are cached briefly too, so that probing random hosts costs
    # no query each time; creating a domain clears the entry anyway.
    timeout = settings.TENANT_HOST_CACHE_SECONDS if tenant else 60
    cache.set(key, tenant if tenant else _MISSING, timeout)
    return tenant


def forget_hosts(hosts) -> None:
    keys = [_key(host) for host in hosts]

    def delete():
        # Cache keys carry the schema they are made in; the lookup runs in public.
        with schema_context(settings.PUBLIC_SCHEMA_NAME):
            cache.delete_many(keys)

    # Now, for readers inside this transaction, and again after commit, for a
    # concurrent request that re-cached the old row before the commit.
    delete()
    transaction.on_commit(delete)


def _on_domain_change(sender, instance: Domain, **kwargs):
    hosts = {instance.domain}
    previous = getattr(instance, "_loaded_domain", None)
    if previous:
        hosts.add(previous)
    forget_hosts(hosts)


def _on_tenant_change(sender, instance: Tenant, **kwargs):
    forget_hosts(
        list(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
    )


def _remember_loaded_domain(sender, instance: Domain, **kwargs):
    instance._loaded_domain = instance.domain


def connect_invalidation() -> None:
    post_init.connect(_remember_loaded_domain, sender=Domain, dispatch_uid="domain-loaded")
    post_save.connect(_on_domain_change, sender=Domain, dispatch_uid="domain-saved")
    post_delete.connect(_on_domain_change, sender=Domain, dispatch_uid="domain-deleted")
    post_save.connect(_on_tenant_change, sender=Tenant, dispatch_uid="tenant-saved")

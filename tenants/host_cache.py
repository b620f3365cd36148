"""The host -> tenant lookup behind every request.

Two levels: Redis, shared by every process (a warm lookup costs no database
query), and a small in-process memo in front of it that keeps an answer for
``TENANT_HOST_LOCAL_SECONDS`` (a Redis round trip would otherwise cost more than
the rest of a small request). Any change to a tenant or a domain deletes the
Redis entries and this process's memo at once; other processes follow within
``TENANT_HOST_LOCAL_SECONDS``.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django_tenants.utils import schema_context

from spiral.platform.core.memo import LocalMemo
from spiral.tenants.models import Domain, Tenant

_KEY_PREFIX = "tenant-host:"
_MISSING = "missing"
_local = LocalMemo(lambda: settings.TENANT_HOST_LOCAL_SECONDS)


def _key(host: str) -> str:
    return _KEY_PREFIX + host


def tenant_for_host(host: str) -> Tenant | None:
    """The tenant a host name routes to, or None."""
    return _local.get_or_load(host, lambda: _shared_lookup(host))


def _shared_lookup(host: str) -> Tenant | None:
    # The shared entry and the domain table belong to the public schema.
    with schema_context(settings.PUBLIC_SCHEMA_NAME):
        return _shared_lookup_in_public(host)


def _shared_lookup_in_public(host: str) -> Tenant | None:
    key = _key(host)
    cached = cache.get(key)
    if cached is not None:
        return None if cached == _MISSING else cached
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    tenant = domain.tenant if domain else None
    # Unknown hosts are remembered briefly too, so that probing random hosts
    # costs no query each time; adding the domain clears the entry anyway.
    timeout = settings.TENANT_HOST_CACHE_SECONDS if tenant else 60
    cache.set(key, tenant if tenant else _MISSING, timeout)
    return tenant


def forget_hosts(hosts) -> None:
    hosts = list(hosts)
    keys = [_key(host) for host in hosts]

    def delete():
        for host in hosts:
            _local.forget(host)
        # Cache keys carry the schema they are made in; the lookup runs in public.
        with schema_context(settings.PUBLIC_SCHEMA_NAME):
            cache.delete_many(keys)

    # Now, for readers inside this transaction, and again after commit, for a
    # concurrent request that re-cached the old row before the commit.
    delete()
    transaction.on_commit(delete)


def forget_everything_local() -> None:
    """Empties this process's memo (tests; a process that must not wait)."""
    _local.clear()


def _on_domain_change(sender, instance: Domain, **kwargs):
    hosts = {instance.domain}
    previous = getattr(instance, "_loaded_domain", None)
    if previous:
        hosts.add(previous)
    forget_hosts(hosts)


def _on_tenant_change(sender, instance: Tenant, **kwargs):
    forget_hosts(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))


def _remember_loaded_domain(sender, instance: Domain, **kwargs):
    instance._loaded_domain = instance.domain


def connect_invalidation() -> None:
    post_init.connect(_remember_loaded_domain, sender=Domain, dispatch_uid="domain-loaded")
    post_save.connect(_on_domain_change, sender=Domain, dispatch_uid="domain-saved")
    post_delete.connect(_on_domain_change, sender=Domain, dispatch_uid="domain-deleted")
    post_save.connect(_on_tenant_change, sender=Tenant, dispatch_uid="tenant-saved")

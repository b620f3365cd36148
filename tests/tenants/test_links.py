from django.test import override_settings

from spiral.tenants.links import tenant_base_url, tenant_url


def test_links_use_the_tenants_public_address(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        assert tenant_base_url() == "http://alfa.spiral.test:8000"  # development: the dev port
        with override_settings(SPIRAL_PUBLIC_SCHEME="https", SPIRAL_PUBLIC_PORT=None):
            assert tenant_url("/calendar/x.ics") == "https://alfa.spiral.test/calendar/x.ics"

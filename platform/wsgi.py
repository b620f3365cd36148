import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from spiral.platform.core.deployment import deploy_warnings_log

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spiral.platform.settings")
application = get_wsgi_application()
if settings.PRODUCTION:
    deploy_warnings_log()

"""Spiral settings, read from the environment (see .env.example).

Development defaults work against the local PostgreSQL and Redis with no file to
write. ``SPIRAL_ENV=production`` turns the safe defaults off: the process refuses
to start without an explicit secret key and explicit allowed hosts.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from spiral.api.scopes import SCOPES
from spiral.platform.core.deployment import deploy_setting, strong_secret_key

REPO_ROOT = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(REPO_ROOT / ".env")  # optional; a missing file is fine

SPIRAL_ENV = env.str("SPIRAL_ENV", default="development")
if SPIRAL_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("SPIRAL_ENV must be development, test or production")
PRODUCTION = SPIRAL_ENV == "production"

# Off unless asked for (`make run` asks): a host that forgets SPIRAL_ENV must
# not serve debug pages with settings and stack traces to the world.
DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when SPIRAL_ENV=production")

# Tenants are reached at <slug>.<SPIRAL_BASE_DOMAIN>; the bare base domain is the
# platform host (operator API). "localhost" works in browsers with no hosts file.
SPIRAL_BASE_DOMAIN = env.str("SPIRAL_BASE_DOMAIN", default="localhost").lower()
# Links the product sends (emails, the CLI, calendars) use the tenant's domain
# with this scheme and port: https in production, http://<slug>.localhost:8000
# in development. An empty port (or the scheme's own, 80/443) adds none.
SPIRAL_PUBLIC_SCHEME = env.str("SPIRAL_PUBLIC_SCHEME", default="https" if PRODUCTION else "http")
_public_port = env.str("SPIRAL_PUBLIC_PORT", default="" if PRODUCTION else "8000").strip()
SPIRAL_PUBLIC_PORT = int(_public_port) if _public_port else None
if SPIRAL_PUBLIC_SCHEME not in {"http", "https"}:
    raise ImproperlyConfigured("SPIRAL_PUBLIC_SCHEME must be http or https")

# Published in this repository: anyone could sign sessions and links with it.
DEVELOPMENT_SECRET_KEY = "dev-only-not-secret-" + "x" * 32

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not strong_secret_key(SECRET_KEY, known=[DEVELOPMENT_SECRET_KEY]):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when SPIRAL_ENV=production: a random value of at least "
            "50 characters, not the development key of the repository"
        )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the served hosts explicitly when SPIRAL_ENV=production"
        )
else:
    SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
    ALLOWED_HOSTS = env.list(
        "ALLOWED_HOSTS",
        default=[SPIRAL_BASE_DOMAIN, f".{SPIRAL_BASE_DOMAIN}", "127.0.0.1", "testserver"],
    )

SHARED_APPS = [
    "django_tenants",
    "spiral.tenants",
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "django.forms",  # its templates, for the form renderer of the pages
    "django_htmx",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "spiral.platform.core",
    # The pages' foundation: layout, navigation, vendored static files, and the
    # URLs of every app's `pages` module (docs/architecture.md, "Its pages").
    "spiral.platform.web",
]
# Users live in their tenant's schema: a login of one municipality cannot even be
# looked up in another.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "spiral.platform.accounts",
    "spiral.platform.outbox",
    "spiral.platform.audit",
    "oauth2_provider",
    "spiral.api",
    "spiral.programs.org",
    "spiral.programs.programmes",
    "spiral.programs.sessions",
]
# Every other programs/<name>/ with an apps.py joins too, found in the folder: a
# new component kind is a subpackage that registers itself in its AppConfig, and
# adding it should touch nothing outside that subpackage (not even this list).
# The entries above stay explicit (the core the kinds build on, and third-party
# apps no folder scan finds); discovered ones follow, sorted, for a stable order.
TENANT_APPS += [
    f"spiral.programs.{apps_py.parent.name}"
    for apps_py in sorted((REPO_ROOT / "programs").glob("*/apps.py"))
    if f"spiral.programs.{apps_py.parent.name}" not in TENANT_APPS
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Issue `SET search_path` once per tenant switch, not before every query (the
# backend forgets it on rollback and on reconnect, when it must be set again).
TENANT_LIMIT_SET_CALLS = True
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["spiral.platform.accounts.backends.PersonAwareBackend"]

MIDDLEWARE = [
    "spiral.platform.core.health.HealthProbeMiddleware",
    "spiral.platform.core.middleware.RequestContextMiddleware",
    # Before routing, so that its problem responses speak the caller's language.
    "django.middleware.locale.LocaleMiddleware",
    "spiral.tenants.routing.TenantRoutingMiddleware",
    # A tenant's pages are Swedish unless the person chose English (a cookie),
    # whatever the browser asks; the API keeps following Accept-Language.
    "spiral.platform.web.middleware.PageLanguageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # pages' and API docs' assets, no CDN
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "spiral.api.methods.RoutedMethodsMiddleware",  # 405 before 401/403
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "spiral.api.principals.ActingMiddleware",  # who audit events name
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "spiral.platform.urls_tenant"
PUBLIC_SCHEMA_URLCONF = "spiral.platform.urls_platform"

WSGI_APPLICATION = "spiral.platform.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spiral.platform.web.context_processors.pages",
            ],
        },
    },
]

# Every form renders its fields with label, help, errors tied to the input
# (aria-describedby) and a summary of the errors on top (platform/web/forms.py).
FORM_RENDERER = "spiral.platform.web.forms.PageFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/spiral"),
}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "spiral.platform.core.cache.PooledRedisCache",
        "LOCATION": REDIS_URL,
        # Every cache key carries the schema it was written from.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# Sessions are read from Redis and kept in the tenant's database too, so a
# Redis restart logs nobody out; each row names its user, so that a person who
# leaves is signed out everywhere at once. Cache keys carry the tenant schema.
SESSION_ENGINE = "spiral.platform.accounts.sessions"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# Production is secure by default: what `check --deploy` asks for is on unless
# the environment turns it off explicitly (a proxy that redirects to HTTPS and
# sets HSTS itself), and the process logs a warning at start when it is off.
SECURE_SSL_REDIRECT = deploy_setting(env, "SECURE_SSL_REDIRECT", PRODUCTION, bool)
SECURE_HSTS_SECONDS = deploy_setting(
    env, "SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0, int
)
# Tenants are subdomains of the base domain: they are covered too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = deploy_setting(
    env, "SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION, bool
)
# Only allows a submission to the browsers' preload list; nothing is submitted.
SECURE_HSTS_PRELOAD = deploy_setting(env, "SECURE_HSTS_PRELOAD", PRODUCTION, bool)

# How long a host -> tenant lookup stays cached in Redis; changes delete it at once.
TENANT_HOST_CACHE_SECONDS = env.int("TENANT_HOST_CACHE_SECONDS", default=3600)
# How long each process may reuse an answer without asking Redis: the longest a
# suspension or a moved domain takes to reach every process.
TENANT_HOST_LOCAL_SECONDS = env.float("TENANT_HOST_LOCAL_SECONDS", default=5.0)
# Likewise for a logged-in user (with their person) and an API token: the
# longest a deactivation, a password change or a revocation takes to reach
# every process (the process that made the change forgets at once).
AUTH_LOCAL_SECONDS = env.float("AUTH_LOCAL_SECONDS", default=5.0)
# How soon after a change to people its subscribers (enrolments following the
# organisation) run in a worker; the minutely relay delivers it at the latest.
PEOPLE_CHANGED_RELAY_SECONDS = env.float("PEOPLE_CHANGED_RELAY_SECONDS", default=5.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins and token requests: after this many within LOCKOUT_SECONDS
# the account (email or client id) or the address is refused until the window
# ends. Addresses get more: a municipality's staff often share one gateway.
LOCKOUT_ACCOUNT_FAILURES = env.int("LOCKOUT_ACCOUNT_FAILURES", default=5)
LOCKOUT_ADDRESS_FAILURES = env.int("LOCKOUT_ADDRESS_FAILURES", default=30)
LOCKOUT_SECONDS = env.int("LOCKOUT_SECONDS", default=15 * 60)
# The META key of the header a trusted proxy sets to the caller's address
# (e.g. HTTP_X_FORWARDED_FOR, whose last entry is used); empty: REMOTE_ADDR.
CLIENT_ADDRESS_HEADER = env.str("CLIENT_ADDRESS_HEADER", default="")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # a set-password link is valid three days
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [REPO_ROOT / "platform" / "locale"]
# The language a person chose (the switch in every page's header) is kept a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Password-reset links asked for an account, and from an address, within
# LOCKOUT_SECONDS: more are silently not sent (the page says the same).
PASSWORD_RESET_ACCOUNT_REQUESTS = env.int("PASSWORD_RESET_ACCOUNT_REQUESTS", default=3)
PASSWORD_RESET_ADDRESS_REQUESTS = env.int("PASSWORD_RESET_ADDRESS_REQUESTS", default=20)
# How soon a worker relays a password-reset email (written to the outbox in the
# request, never sent from it); the minutely relay delivers it at the latest.
PASSWORD_RESET_RELAY_SECONDS = env.float("PASSWORD_RESET_RELAY_SECONDS", default=1.0)
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names (a manifest) need collectstatic, which only deployments run.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
STATIC_ROOT = env.path("STATIC_ROOT", default=str(REPO_ROOT / "staticfiles"))
# Production serves what collectstatic gathered (the image runs it); elsewhere
# WhiteNoise finds the apps' static files itself, with DEBUG on or off.
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Where the file-based backend writes (`spiral dev` uses it unless EMAIL_BACKEND is set).
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(REPO_ROOT / ".spiral" / "mail"))
EMAIL_HOST = env.str("EMAIL_HOST", default="127.0.0.1")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Spiral <noreply@localhost>")

# The outbox relay: the longest one delivery may take (the SMTP timeout, later
# the webhook timeout), and how long a claimed batch is reserved for the relay
# that claimed it. A relay starts a delivery only if it can end within the
# lease, so no other relay takes a message that is still being delivered.
OUTBOX_DELIVERY_TIMEOUT_SECONDS = env.int("OUTBOX_DELIVERY_TIMEOUT_SECONDS", default=30)
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
EMAIL_TIMEOUT = OUTBOX_DELIVERY_TIMEOUT_SECONDS

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/1")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_DEFAULT_QUEUE", default="spiral")
# Longer than any countdown we use (fan-out jitter, retries), or Redis would
# redeliver a message that a worker still holds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Spread of the per-tenant fan-out, so that 1,000 tenants never start at once.
SPIRAL_FANOUT_JITTER_SECONDS = env.int("SPIRAL_FANOUT_JITTER_SECONDS", default=300)
CELERY_BEAT_SCHEDULE = {
    # Every minute, each tenant within 20 s: email should not wait long.
    "relay-outbox": {"task": "spiral.fan_out", "schedule": 60, "args": ("spiral.outbox.relay", 20)},
    "notifications-due": {
        "task": "spiral.fan_out",
        "schedule": 15 * 60,
        "args": ("spiral.sessions.notifications_due", 120),
    },
    "materialise-sessions": {
        "task": "spiral.fan_out",
        "schedule": 6 * 3600,
        "args": ("spiral.sessions.materialise_horizon",),
    },
    "support-rounds-due": {
        "task": "spiral.fan_out",
        "schedule": 3600,
        "args": ("spiral.support.rounds_due",),
    },
    "climate-pulses-due": {
        "task": "spiral.fan_out",
        "schedule": 3600,
        "args": ("spiral.climate.pulses_due",),
    },
    "group-actions-overdue": {
        "task": "spiral.fan_out",
        "schedule": 3600,
        "args": ("spiral.groups.actions_overdue",),
    },
    # Progress reports (programs/progress): the scheduled ones of the period
    # just ended, those whose worker died, and those past their retention.
    "reports-scheduled": {
        "task": "spiral.fan_out",
        "schedule": 6 * 3600,
        "args": ("spiral.progress.reports_schedule",),
    },
    "reports-resume": {
        "task": "spiral.fan_out",
        "schedule": 10 * 60,
        "args": ("spiral.progress.reports_resume", 60),
    },
    "reports-expire": {
        "task": "spiral.fan_out",
        "schedule": 24 * 3600,
        "args": ("spiral.progress.reports_expire",),
    },
    "clear-expired-sessions": {
        "task": "spiral.fan_out",
        "schedule": 24 * 3600,
        "args": ("spiral.accounts.clear_expired_sessions",),
    },
}

# A report left queued or running this long (its worker died) is queued again.
SPIRAL_REPORT_LEASE_SECONDS = env.int("SPIRAL_REPORT_LEASE_SECONDS", default=15 * 60)
# Only for the kill test: seconds a worker waits between building a report and
# writing it.
SPIRAL_REPORT_PAUSE_BEFORE_WRITE = env.float("SPIRAL_REPORT_PAUSE_BEFORE_WRITE", default=0)

# --- API --------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "spiral.api.authentication.HeaderTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["spiral.api.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"client": env.str("API_RATE_PER_CLIENT", default="1200/minute")},
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON, and forms for clients that post an empty form to an action.
    "DEFAULT_PARSER_CLASSES": [
        "spiral.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "spiral.api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
OAUTH2_PROVIDER = {
    "SCOPES": SCOPES,
    "OAUTH2_VALIDATOR_CLASS": "spiral.api.oauth.ClientScopesValidator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "ALLOWED_GRANT_TYPES": ["client_credentials"],
    # RFC 9700, all of it: tokens only in the Authorization header, stored as
    # checksums (the token column stays empty), no implicit or password grant,
    # no plain PKCE, https redirect URIs only. Integrations use client
    # credentials, which none of these restrict.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
SPECTACULAR_SETTINGS = {
    "TITLE": "Spiral API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Integrations: client credentials; the scopes come from OAUTH2_PROVIDER.
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/api/oauth/token/",
    # Integrations and operators authenticate with tokens; the session cookie is
    # the web pages' own and not part of the API's contract.
    "AUTHENTICATION_WHITELIST": [
        "spiral.api.authentication.HeaderTokenAuthentication",
        "spiral.api.authentication.OperatorTokenAuthentication",
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "spiral.api.openapi.problem_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Logs: JSON lines, each with the tenant schema and a request or task id ----
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "spiral_context": {"()": "spiral.platform.core.logs.SpiralContextFilter"},
        "redact": {"()": "spiral.platform.core.redaction.RedactingFilter"},
        "template_context": {"()": "spiral.platform.core.logs.TemplateContextFilter"},
    },
    "formatters": {"json": {"()": "spiral.platform.core.logs.json_formatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["spiral_context", "redact"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Never the context of a page (private text) with a missing variable.
        "django.template": {"filters": ["template_context"]},
        "celery": {"level": LOG_LEVEL},
    },
}

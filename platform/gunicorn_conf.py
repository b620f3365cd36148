"""Gunicorn's settings for the image (`gunicorn -c python:spiral.platform.gunicorn_conf`).

The product writes its own access log (JSON, with the tenant and request id,
secrets taken out of paths), so gunicorn's is off. An operator who turns it on
(`--access-logfile -`) gets it redacted the same way, error log included.
"""

from gunicorn.glogging import Logger

from spiral.platform.core.redaction import REDACTED, RedactingFilter, redact

_SECRET_HEADERS = ("{authorization}i", "{cookie}i", "{set-cookie}o", "{http_authorization}e")


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(RedactingFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if isinstance(value, str):
                atoms[key] = redact(value)
        for key in _SECRET_HEADERS:
            if key in atoms:
                atoms[key] = REDACTED
        return atoms


logger_class = RedactingLogger
accesslog = None

import io
import json
import logging

import pytest


@pytest.fixture
def log_lines():
    """The JSON lines the configured console handler writes."""
    handler = next(h for h in logging.getLogger().handlers if h.formatter is not None)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous)

"""The one application error the API turns into a 409."""


class ConflictError(Exception):
    """The request is valid but the object's state does not allow it. ``reasons``
    say what is missing, in words a user can act on."""

    def __init__(self, reasons: list[str] | str):
        self.reasons = [reasons] if isinstance(reasons, str) else list(reasons)
        super().__init__("; ".join(self.reasons))

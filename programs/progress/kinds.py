"""Progress declares no component kind: it reads every kind's activity. It is
a component app for its other hooks (the demo tenant's history)."""

KINDS = ()

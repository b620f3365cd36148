"""What the organisation tells the rest of the domain. Receivers run inside the
transaction of the change, so that what follows from it is written with it."""

from django.dispatch import Signal

# Sent after people were created, changed, moved or marked leaving, by every
# path that does so (people API, HR import, later SCIM).
people_changed = Signal()

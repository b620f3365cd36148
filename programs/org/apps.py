from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "spiral.programs.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self):
        from django.db.models.signals import post_save

        from spiral.platform.accounts.backends import forget_user_id
        from spiral.programs.org.models import Person

        def forget(sender, instance, **kwargs):
            # A logged-in user is kept with their person: a change to the
            # person (roles, unit) must not wait for the memo to expire.
            if instance.user_id:
                forget_user_id(instance.user_id)

        # weak=False: a local function has no other reference; with a weak one
        # the receiver is gone as soon as ready() returns (with DEBUG on,
        # Django's signature cache happened to keep it alive).
        post_save.connect(forget, sender=Person, dispatch_uid="forget-person-user", weak=False)

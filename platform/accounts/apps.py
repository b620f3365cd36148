from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spiral.platform.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from spiral.platform.accounts.backends import forget_user
        from spiral.platform.accounts.models import User

        def forget(sender, instance, **kwargs):
            forget_user(instance)

        # Strong references: see programs/org/apps.py.
        post_save.connect(forget, sender=User, dispatch_uid="forget-user-saved", weak=False)
        post_delete.connect(forget, sender=User, dispatch_uid="forget-user-deleted", weak=False)

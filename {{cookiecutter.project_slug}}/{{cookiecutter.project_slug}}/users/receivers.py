"""Keep token state in step with user saves made anywhere: services, the admin or a shell."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User
from .services import blacklist_refresh_tokens


@receiver(post_save, sender=User, dispatch_uid="users.blacklist_tokens_of_inactive_user")
def blacklist_tokens_of_inactive_user(sender, instance, created, raw, update_fields, **kwargs):
    """An inactive user keeps no usable refresh token, however it was deactivated.

    Only `QuerySet.update()` bypasses this; the refresh endpoint still refuses inactive users.
    """
    if created or raw or instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    blacklist_refresh_tokens(user=instance)

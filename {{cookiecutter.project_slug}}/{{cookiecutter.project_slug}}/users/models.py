from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from {{ cookiecutter.project_slug }}.core.addresses import InvalidEmailError

from .managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    # Always the canonical form (core/addresses.py), so uniqueness and lookups are exact matches.
    email = models.EmailField("email address", max_length=254, unique=True)
    is_staff = models.BooleanField(
        default=False, help_text="Designates whether the user can log into the admin site."
    )
    is_active = models.BooleanField(
        default=True,
        help_text="Unverified and deactivated users are inactive and cannot obtain tokens.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    email_verified_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the owner proved the address. A verification link never reactivates "
        "an account that has been verified before.",
    )
    verification_email_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Recorded so that a retried or duplicated send delivers one email.",
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ("id",)

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        try:
            self.email = self.__class__.objects.normalize_email(self.email)
        except InvalidEmailError as exc:
            raise ValidationError({"email": str(exc)}, code="invalid") from None

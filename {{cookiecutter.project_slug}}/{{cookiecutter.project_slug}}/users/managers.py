from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager

from {{ cookiecutter.project_slug }}.core.addresses import canonical_email, canonical_email_or_none

# The model this manager is attached to (users.User).
UserT = TypeVar("UserT", bound=AbstractBaseUser)


class UserManager(BaseUserManager[UserT]):
    """Users are identified by email, stored in its canonical form; there is no username."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The canonical form (core/addresses.py); ValueError for an address without one."""
        return canonical_email(email or "")

    def get_by_natural_key(self, email):
        # An address without a canonical form matches no one (and still costs a hash).
        return self.get(email=canonical_email_or_none(email))

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if extra_fields["is_staff"] is not True or extra_fields["is_superuser"] is not True:
            raise ValueError("A superuser must have is_staff=True and is_superuser=True.")
        return self._create_user(email, password, **extra_fields)

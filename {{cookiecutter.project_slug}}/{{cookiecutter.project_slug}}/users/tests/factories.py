import factory
from django.utils import timezone

from {{ cookiecutter.project_slug }}.users.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A verified, active user whose password is PASSWORD.

    `UserFactory.create(unverified=True)` is a user who registered and has not verified yet;
    `UserFactory.create(staff=True)` is staff. Pass `password=` to use another password.
    """

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.django.Password(PASSWORD)
    is_active = True
    email_verified_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        unverified = factory.Trait(is_active=False, email_verified_at=None)
        staff = factory.Trait(is_staff=True)

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import factory
from django.utils import timezone

from almaty.accounts.models import ApiToken, Role, RoleAssignment, SignInAttempt, User

PASSWORD = "correct-horse-battery"  # every user made by UserFactory has it


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"role{n}")
    name_en = factory.LazyAttribute(lambda o: o.code.replace("_", " ").title())
    name_ru = factory.LazyAttribute(lambda o: o.code)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = factory.SubFactory(RoleFactory)
    state = None
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    valid_to = None


def _raw_token() -> str:
    from almaty.accounts.services import TOKEN_PREFIX

    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A bearer token; the raw value is kept on the instance as `raw` (only its digest is stored).

    Pass `raw=...` to choose it, `revoked_at`/`expires_at` for unusable tokens.
    """

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = "test client"
    raw = factory.LazyFunction(_raw_token)
    prefix = factory.LazyAttribute(lambda o: o.raw[:12])
    digest = factory.LazyAttribute(lambda o: hashlib.sha256(o.raw.encode()).hexdigest())

    @classmethod
    def _create(
        cls, model_class: type[ApiToken], *args: object, raw: str, **kwargs: object
    ) -> ApiToken:
        token = super()._create(model_class, *args, **kwargs)
        token.raw = raw  # type: ignore[attr-defined]
        return token


class SignInAttemptFactory(factory.django.DjangoModelFactory):
    """A failed sign-in from the test client's address, now, unless told otherwise."""

    class Meta:
        model = SignInAttempt

    email = factory.Sequence(lambda n: f"someone{n}@example.org")
    client_ip = "127.0.0.1"
    succeeded = False

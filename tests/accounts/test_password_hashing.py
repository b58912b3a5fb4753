"""Passwords are stored with Argon2 (the test settings use a fast hasher: checked apart here)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from almaty.config.settings import base
from tests.factories.accounts import UserFactory


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_argon2_is_the_first_hasher_of_the_real_settings():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_new_passwords_are_hashed_with_argon2_and_verify(production_hashers):
    encoded = make_password("correct-horse-battery")

    assert identify_hasher(encoded).algorithm == "argon2"
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("correct-horse-battery", encoded)
    assert not check_password("correct-horse-battery!", encoded)


@pytest.mark.django_db
def test_an_older_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(production_hashers):
    user = UserFactory()
    user.password = make_password("correct-horse-battery", hasher="pbkdf2_sha256")
    user.save()

    assert user.check_password("correct-horse-battery")

    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"

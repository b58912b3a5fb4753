"""Background tasks of accounts: e-mails that must not slow a request down."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from huey.contrib.djhuey import db_task

from almaty.accounts.models import User


@db_task(retries=3, retry_delay=60)
def send_password_link(user_id: int, reason: str) -> bool:
    """E-mail a user, in their language, a one-use link to set a password.

    `reason` is 'invite' (a new account) or 'reset' (a forgotten password). Returns False when
    the user no longer exists or is inactive (nothing is sent).
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    with translation.override(user.preferred_language):
        path = reverse(
            "accounts:password-set",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {"user": user, "link": settings.SITE_URL + path, "reason": reason}
        subject = render_to_string("accounts/email/password_link_subject.txt", context).strip()
        body = render_to_string("accounts/email/password_link.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True

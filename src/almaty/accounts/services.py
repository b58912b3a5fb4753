"""Writes for users, roles, tokens and sign-in. Each is atomic and audited."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from almaty.accounts.models import ApiToken, Role, RoleAssignment, SignInAttempt, User
from almaty.core.audit import audit_record
from almaty.core.errors import InvalidInput, PermissionDenied
from almaty.core.models import AuditAction
from almaty.process.models import State

TOKEN_PREFIX = "alm_"  # noqa: S105 - a public marker that makes leaked tokens easy to scan for


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def generate_password() -> str:
    """A one-time password a person can type: four groups of five letters and digits."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def user_create(
    *,
    email: str,
    actor: Any | None,
    full_name: str = "",
    password: str | None = None,
    preferred_language: str = "en",
    must_change_password: bool = False,
    is_staff: bool = False,
) -> User:
    """Create a user. Without a password the account can only be entered via an e-mailed link."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("'%(email)s' is not a valid e-mail address."), email=email) from None
    if preferred_language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Unknown language '%(code)s'."), code=preferred_language)
    with transaction.atomic():
        if User.objects.filter(email__iexact=email).exists():
            raise InvalidInput(
                _("A user with the e-mail address %(email)s already exists."), email=email
            )
        user = User.objects.create_user(
            email,
            password,
            full_name=full_name,
            preferred_language=preferred_language,
            must_change_password=must_change_password,
            is_staff=is_staff,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=user,
            message_key="user.created",
            params={"email": email},
        )
    return user


def user_set_password(
    *, user: User, password: str, actor: Any | None, one_time: bool = False
) -> None:
    """Set a password; a one-time password must be changed at the next sign-in."""
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = one_time
        user.save(update_fields=["password", "must_change_password"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=user,
            message_key="user.password_set",
            params={"email": user.email},
        )


def _overlapping(
    *, user: User, role: Role, state: State | None, valid_from: dt.date, valid_to: dt.date | None
) -> QuerySet[RoleAssignment]:
    """Assignments of the same role (and State) to the user that share a day with the period."""
    overlapping = RoleAssignment.objects.filter(user=user, role=role, state=state).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    return overlapping


def role_assign(
    *,
    user: User,
    role_code: str,
    actor: Any | None,
    state_iso3: str | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleAssignment:
    """Give a user a role, for a State where the role needs one, over a period."""
    role = Role.objects.filter(code=role_code).first()
    if role is None:
        known = ", ".join(Role.objects.order_by("code").values_list("code", flat=True))
        raise InvalidInput(
            _("Unknown role '%(role)s'. Known roles: %(known)s."), role=role_code, known=known
        )
    state = None
    if state_iso3:
        from almaty.process.selectors import require_state

        state = require_state(state_iso3)
    if role.needs_state and state is None:
        raise InvalidInput(
            _("The role %(role)s is held for a State: give its ISO 3166 alpha-3 code."),
            role=role.name,
        )
    if not role.needs_state and state is not None:
        raise InvalidInput(_("The role %(role)s is not held for a State."), role=role.name)
    valid_from = valid_from or timezone.localdate()
    if valid_to is not None and valid_to < valid_from:
        raise InvalidInput(_("A role cannot end before it starts."))
    with transaction.atomic():
        overlapping = _overlapping(
            user=user, role=role, state=state, valid_from=valid_from, valid_to=valid_to
        )
        if overlapping.exists():
            raise InvalidInput(
                _("%(email)s already holds this role for that period."), email=user.email
            )
        # Some roles exist only when the Operating Modalities in force provide for them.
        from almaty.process.rules import check_role_allowed

        check_role_allowed(role_code=role.code, state=state, day=valid_from)
        assignment = RoleAssignment.objects.create(
            user=user, role=role, state=state, valid_from=valid_from, valid_to=valid_to
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=assignment,
            message_key="role.assigned",
            params={
                "email": user.email,
                "role": role.code,
                "state_suffix": f" ({state.iso3})" if state else "",
                "valid_from": valid_from.isoformat(),
            },
        )
    return assignment


def role_end(*, assignment: RoleAssignment, valid_to: dt.date, actor: Any | None) -> RoleAssignment:
    if valid_to < assignment.valid_from:
        raise InvalidInput(_("A role cannot end before it starts."))
    with transaction.atomic():
        # Moving the end later must not stretch the role over a later period of the same role.
        later = _overlapping(
            user=assignment.user,
            role=assignment.role,
            state=assignment.state,
            valid_from=assignment.valid_from,
            valid_to=valid_to,
        ).exclude(pk=assignment.pk)
        if later.exists():
            raise InvalidInput(
                _("%(email)s already holds this role for that period."), email=assignment.user.email
            )
        assignment.valid_to = valid_to
        assignment.save(update_fields=["valid_to", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=assignment,
            message_key="role.ended",
            params={
                "email": assignment.user.email,
                "role": assignment.role.code,
                "valid_to": valid_to.isoformat(),
            },
        )
    return assignment


def token_issue(
    *, user: User, actor: Any | None, name: str = "", expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Issue a bearer token. The raw token is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=raw[:12], digest=_digest(raw), expires_at=expires_at
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=token,
            message_key="token.issued",
            params={"email": user.email, "prefix": token.prefix},
        )
    return token, raw


def token_revoke(*, token: ApiToken, actor: Any | None) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=token,
            message_key="token.revoked",
            params={"email": token.user.email, "prefix": token.prefix},
        )


def token_authenticate(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None for an unknown, revoked or expired one."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=_digest(raw)).first()
    now = timezone.now()
    if (
        token is None
        or token.revoked_at is not None
        or (token.expires_at and token.expires_at <= now)
    ):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def sign_in_check_allowed(*, email: str, client_ip: str | None) -> None:
    """Refuse a sign-in when the address or the client failed too often in the window."""
    since = timezone.now() - timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)
    failures = SignInAttempt.objects.filter(succeeded=False, attempted_at__gte=since)
    by_email = failures.filter(email=email.strip().lower()).count()
    by_ip = failures.filter(client_ip=client_ip).count() if client_ip else 0
    if max(by_email, by_ip) >= settings.SIGN_IN_MAX_FAILURES:
        raise PermissionDenied(
            _("Too many failed sign-in attempts. Try again in %(minutes)s minutes."),
            minutes=settings.SIGN_IN_WINDOW_MINUTES,
        )


def sign_in_record(
    *, email: str, client_ip: str | None, succeeded: bool, user: User | None = None
) -> None:
    with transaction.atomic():
        SignInAttempt.objects.create(
            email=email.strip().lower()[:254], client_ip=client_ip, succeeded=succeeded
        )
        if succeeded and user is not None:
            audit_record(
                actor=user,
                action=AuditAction.SIGN_IN,
                obj=user,
                message_key="user.signed_in",
                params={"email": user.email},
            )


def password_link_send(*, user: User, reason: str) -> None:
    """Queue the e-mail with a link to set a password ('invite' or 'reset'), after commit."""
    from almaty.accounts.tasks import send_password_link

    transaction.on_commit(lambda: send_password_link(user.pk, reason))


def two_factor_enable(*, user: User, device: Any) -> None:
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=user,
            message_key="user.two_factor_enabled",
            params={"email": user.email},
        )


def two_factor_disable(*, user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=user,
            message_key="user.two_factor_disabled",
            params={"email": user.email},
        )


def user_set_preferences(*, user: User, language: str, time_zone: str) -> User:
    """A user's own language (e-mails) and time zone (times on pages)."""
    from almaty.accounts.timezones import known_zones

    if language not in dict(settings.LANGUAGES):
        raise InvalidInput(_("Unknown language '%(code)s'."), code=language)
    if time_zone not in known_zones():
        raise InvalidInput(_("Unknown time zone '%(zone)s'."), zone=time_zone)
    with transaction.atomic():
        user.preferred_language = language
        user.time_zone = time_zone
        user.save(update_fields=["preferred_language", "time_zone"])
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            obj=user,
            message_key="user.preferences",
            params={"email": user.email, "language": language, "time_zone": time_zone},
        )
    return user

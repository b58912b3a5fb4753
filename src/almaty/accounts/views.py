"""Sign-in (with optional two-factor step), sign-out, passwords and the account page."""

from __future__ import annotations

from base64 import b32encode
from io import BytesIO

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from almaty.accounts import access, services
from almaty.accounts.forms import OtpForm, PasswordResetRequestForm, SignInForm
from almaty.accounts.models import User
from almaty.accounts.timezones import known_zones
from almaty.core.errors import AlmatyError, PermissionDenied

PENDING_KEY = "almaty_pending_user"


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return str(reverse_lazy("portal:home"))


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        ip = _client_ip(request)
        try:
            services.sign_in_check_allowed(email=email, client_ip=ip)
        except PermissionDenied as exc:
            form.add_error(None, exc.text)
            return render(
                request,
                "accounts/sign_in.html",
                {"form": form, "next": _next_url(request)},
                status=429,
            )
        user = authenticate(request, email=email, password=form.cleaned_data["password"])
        if user is None:
            services.sign_in_record(email=email, client_ip=ip, succeeded=False)
            form.add_error(None, _("The e-mail address or the password is not correct."))
            status = 400
        elif TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            request.session[PENDING_KEY] = {"id": user.pk, "next": _next_url(request)}
            return redirect("accounts:sign-in-code")
        else:
            services.sign_in_record(email=email, client_ip=ip, succeeded=True, user=user)
            login(request, user)
            return redirect(_next_url(request))
    elif request.method == "POST":
        status = 400
    return render(
        request, "accounts/sign_in.html", {"form": form, "next": _next_url(request)}, status=status
    )


def sign_in_code(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    user = User.objects.filter(pk=pending["id"], is_active=True).first() if pending else None
    if user is None:
        return redirect("accounts:sign-in")
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        ip = _client_ip(request)
        try:
            services.sign_in_check_allowed(email=user.email, client_ip=ip)
        except PermissionDenied as exc:
            form.add_error(None, exc.text)
            return render(request, "accounts/sign_in_code.html", {"form": form}, status=429)
        code = form.cleaned_data["code"].strip()
        device = next(
            (
                d
                for d in TOTPDevice.objects.filter(user=user, confirmed=True)
                if d.verify_token(code)
            ),
            None,
        )
        if device is None:
            services.sign_in_record(email=user.email, client_ip=ip, succeeded=False)
            form.add_error(
                "code", _("This code is not valid. Check your device's clock and try again.")
            )
            status = 400
        else:
            del request.session[PENDING_KEY]
            services.sign_in_record(email=user.email, client_ip=ip, succeeded=True, user=user)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            otp_login(request, device)
            return redirect((pending or {}).get("next") or "portal:home")
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/sign_in_code.html", {"form": form}, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:home")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        try:
            services.user_set_preferences(
                user=user,
                language=request.POST.get("language", ""),
                time_zone=request.POST.get("time_zone", ""),
            )
            messages.success(request, _("Your preferences are saved."))
        except AlmatyError as exc:
            messages.error(request, exc.text)
        return redirect("accounts:account")
    return render(
        request,
        "accounts/account.html",
        {
            "assignments": user.role_assignments.select_related("role", "state").order_by(
                "-valid_from"
            ),
            "active": {a.pk for a in access.active_assignments(user=user)},
            "two_factor_on": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "zones": known_zones(),
        },
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(
            user=user, password=form.cleaned_data["new_password1"], actor=user
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password was changed."))
        return redirect("accounts:account")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is not None:
            services.password_link_send(user=user, reason="reset")
        # Same answer whether or not the address is known: no account enumeration.
        messages.info(
            request,
            _("If an account uses this address, a link to set a new password is on its way."),
        )
        return redirect("accounts:sign-in")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Set a password from an e-mailed link (invitation or reset). The link works once."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:sign-in")

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        services.user_set_password(
            user=self.user, password=form.cleaned_data["new_password1"], actor=self.user
        )
        messages.success(self.request, _("Your password is set. You can sign in now."))
        return redirect(self.success_url)


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in on (scan, then confirm a code) or off."""
    user = request.user
    assert isinstance(user, User)
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed:
        # Turning it off needs a current code: a session left open is not enough.
        off_form = OtpForm(request.POST or None)
        if request.method == "POST" and off_form.is_valid():
            if confirmed.verify_token(off_form.cleaned_data["code"].strip()):
                services.two_factor_disable(user=user)
                messages.success(request, _("Two-factor sign-in is off."))
                return redirect("accounts:account")
            off_form.add_error(
                "code", _("This code is not valid. Check your device's clock and try again.")
            )
        return render(
            request,
            "accounts/two_factor.html",
            {"enabled": True, "form": off_form},
            status=400 if request.method == "POST" else 200,
        )
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "default"}
    )
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            services.two_factor_enable(user=user, device=device)
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("accounts:account")
        form.add_error(
            "code", _("This code is not valid. Check your device's clock and try again.")
        )
    buffer = BytesIO()
    segno.make(device.config_url, error="m").save(
        buffer, kind="svg", scale=5, xmldecl=False, svgns=True
    )
    return render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": False,
            "form": form,
            "qr_svg": buffer.getvalue().decode(),
            "secret": b32encode(device.bin_key).decode(),
        },
        status=400 if request.method == "POST" else 200,
    )

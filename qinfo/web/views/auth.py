"""Signing in and out. The backend (qinfo.accounts.backends) refuses demo accounts outside demo
mode and audits every attempt; the page says what went wrong in Thai and in English."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from qinfo.accounts.backends import is_demo_username
from qinfo.web.registry import shows

INVALID_LOGIN = gettext_noop(
    "The username or password is not correct. Check them and try again "
    "(the password is case-sensitive)."
)
DEMO_REFUSED = gettext_noop(
    "Demo accounts work only on a demo site (started with “qinfo demo”). Sign in with your own "
    "account."
)
INACTIVE = gettext_noop("This account is switched off. Ask your system administrator.")


def bilingual(message: str) -> str:
    """The message in the page's language, followed by English when the page is not English."""
    shown = gettext(message)
    if translation.get_language() == "en":
        return shown
    with translation.override("en"):
        english = gettext(message)
    return shown if shown == english else f"{shown} / {english}"


class LoginForm(AuthenticationForm):
    def get_invalid_login_error(self) -> forms.ValidationError:
        username = self.cleaned_data.get("username")
        demo_refused = is_demo_username(username) and not settings.DEMO_MODE
        message = DEMO_REFUSED if demo_refused else INVALID_LOGIN
        return forms.ValidationError(bilingual(message), code="invalid_login")

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active:
            raise forms.ValidationError(bilingual(INACTIVE), code="inactive")


@shows("none")
class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_mode"] = settings.DEMO_MODE
        return context


@shows("none")
class LogoutView(auth_views.LogoutView):
    """POST only (Django 5): a link cannot sign anyone out."""

"""Accounts, their memberships (which role, where), and API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. What they may see comes from their memberships, never from flags."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    REGISTRAR = "registrar", _("Registrar")
    DIRECTOR = "director", _("School director")
    OFFICER = "officer", _("Municipality officer")
    ANALYST = "analyst", _("Analyst (de-identified data)")
    ADMIN = "admin", _("System administrator")


SCHOOL_ROLES = frozenset({Role.TEACHER, Role.REGISTRAR, Role.DIRECTOR})
NETWORK_ROLES = frozenset({Role.OFFICER, Role.ANALYST})


def is_admin(user: Any) -> bool:
    """A system administrator: a superuser, or an active admin membership."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return (
        bool(getattr(user, "is_superuser", False))
        or Membership.objects.filter(user=user, role=Role.ADMIN, active=True).exists()
    )


class Membership(models.Model):
    """A role held by a user in one school (teacher, registrar, director) or one network."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    school = models.ForeignKey(
        "organisations.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    network = models.ForeignKey(
        "organisations.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role__in=sorted(SCHOOL_ROLES),
                        school__isnull=False,
                        network__isnull=True,
                    )
                    | Q(
                        role__in=sorted(NETWORK_ROLES),
                        network__isnull=False,
                        school__isnull=True,
                    )
                    | Q(role=Role.ADMIN, school__isnull=True, network__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school", "network"],
                name="membership_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.school_id or self.network_id or ''}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the raw token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

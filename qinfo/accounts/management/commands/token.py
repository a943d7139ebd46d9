"""API tokens from the command line: ``qinfo manage token create|list|revoke``.

The operator acts for the account named, so the audit trail records that account as the actor.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qinfo.accounts.models import ApiToken, User
from qinfo.accounts.tokens import api_token_create, api_token_revoke
from qinfo.core.errors import NotFound


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist as exc:
        raise CommandError(f"ไม่พบผู้ใช้ {username!r} ที่ใช้งานอยู่ / no active user {username!r}") from exc


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (Authorization: Bearer <token>)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="issue a token; it is shown once")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="what the token is for")
        listing = actions.add_parser("list", help="a user's tokens (never the tokens themselves)")
        listing.add_argument("username")
        revoke = actions.add_parser("revoke", help="revoke a token by its number")
        revoke.add_argument("username")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        user = _user(options["username"])
        if options["action"] == "create":
            token, raw = api_token_create(actor=user, user=user, name=options["name"])
            self.stdout.write(raw)
            self.stderr.write(
                f"token #{token.pk} for {user.username}: copy it now, it is not shown again"
            )
        elif options["action"] == "list":
            for token in ApiToken.objects.filter(user=user).order_by("pk"):
                state = "revoked" if token.revoked else "active"
                used = token.last_used_at.isoformat() if token.last_used_at else "never used"
                self.stdout.write(f"{token.pk}\t{token.prefix}…\t{state}\t{used}\t{token.name}")
        else:
            try:
                api_token_revoke(actor=user, token_id=options["token_id"])
            except NotFound as exc:
                raise CommandError(
                    f"{user.username} ไม่มีโทเค็นหมายเลข {options['token_id']} / "
                    f"{user.username} has no token #{options['token_id']}"
                ) from exc
            self.stdout.write(f"token #{options['token_id']} revoked")

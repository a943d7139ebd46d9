"""Every API operation, fuzzed from the OpenAPI document (schemathesis, Hypothesis).

For each operation in /api/v1/openapi.json and each way of calling it, Hypothesis draws requests,
valid ones and invalid ones (wrong types, numbers out of range, odd strings, made-up credentials),
and sends them in-process to Django's WSGI handler, inside the test's transaction, over the small
world of tests/world.py. Nothing here lists the operations: one added later is fuzzed too.

Every response must:

- not be a server error, and be documented: its status code is declared on the operation, its body
  matches the declared schema (errors in the one shape {"detail", "errors"}), and invalid input is
  refused (4xx) while valid input is accepted (schemathesis's checks, and our own below);
- for a caller with a credential: a status the caller can get (200, 422, and 404 for one row), and
  the same request with no credential or a wrong one is refused with 401;
- for an anonymous caller: 401 whatever is sent, made-up bearer tokens and session cookies too;
- for the analyst: nothing that names or locates a person, neither a key of the permission
  matrix's identifying set nor any name, identifier, address or birth date of the world.

Each example runs in a savepoint that is rolled back, so examples do not see each other's writes
(audit events, a token's last use) and a database error in one cannot poison the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, models, transaction
from django.test import Client
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from qinfo.accounts.tokens import api_token_create
from qinfo.alerts.models import Alert
from tests.test_permission_matrix import assert_nothing_identifying
from tests.world import DEIDENTIFIED, World

#: Examples per operation and persona: enough to find the usual crashes, small enough for the
#: whole file to take seconds.
EXAMPLES = 40

#: How each persona calls: a bearer token, the browser's session, or nothing at all.
CALLERS = {"officer": "token", "analyst": "token", "director_a": "session", "anonymous": "none"}

#: Django's WSGI handler; the requests go to it in-process, never over the network.
APP = WSGIHandler()


def _schema(*, made_up_credentials: bool) -> Any:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
    # With made-up credentials, cases carry generated bearer tokens or session cookies.
    schema.config.generation.update(with_security_parameters=made_up_credentials)
    return schema


#: For callers with a real credential (a generated one would replace it).
PLAIN = _schema(made_up_credentials=False)
#: For anonymous callers: every credential they send is made up.
WITH_MADE_UP_CREDENTIALS = _schema(made_up_credentials=True)
DOCUMENT: dict[str, Any] = PLAIN.raw_schema

OPERATIONS = sorted(result.ok().label for result in PLAIN.get_all_operations())
#: Writes that name a row by id, by the start of their path, and the table of that row.
WRITE_TARGETS: dict[str, type[models.Model]] = {"/api/v1/alerts/": Alert}


def _operation(schema: Any, label: str) -> Any:
    method, path = label.split(" ", 1)
    return schema[path][method]


def _declared(label: str) -> dict[str, Any]:
    method, path = label.split(" ", 1)
    operation: dict[str, Any] = DOCUMENT["paths"][path][method.lower()]
    return operation


@pytest.fixture
def in_test_transaction(db: None) -> Iterator[None]:
    """Lets ``APP`` answer inside the test's transaction.

    Like Django's test client, it leaves the connection open between requests: closing it at the
    end of a request would end the transaction that holds the world.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _credentials(world: World, persona: str) -> dict[str, Any]:
    """What the persona sends with each request (headers or cookies), as transport arguments."""
    how = CALLERS[persona]
    if how == "none":
        return {}
    user = world.users[persona]
    if how == "token":
        _, raw = api_token_create(actor=user, user=user, name="fuzz")
        return {"headers": {"Authorization": f"Bearer {raw}"}}
    if how == "session":
        client = Client()
        client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        key = client.cookies[name].value
        # The cookie is sent from the cookie jar of the WSGI client (which replaces any Cookie
        # header); naming it in a Cookie header too tells schemathesis that it is a credential we
        # chose, which it then leaves out to check that the request without it is refused.
        return {"cookies": {name: key}, "headers": {"Cookie": f"{name}={key}"}}
    raise AssertionError(f"{persona}: unknown way of calling {how!r}")


@contextmanager
def _undone() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


#: Characters that text parameters must survive: NUL (which PostgreSQL text cannot hold), other
#: control characters, quotes, a backslash and the wildcards of LIKE.
AWKWARD = "\x00\t\n\r\x1b\x7f'\"\\%_ "
#: Texts with awkward characters more often than schemathesis draws them.
TEXTS = st.text(st.sampled_from(AWKWARD) | st.characters(codec="utf-8"), min_size=1, max_size=8)


def _free_text_parameters(label: str) -> list[str]:
    """Query parameters that take any string (no format, enumeration or reference)."""
    names = []
    for parameter in _declared(label).get("parameters", []):
        schema = parameter["schema"]
        for variant in schema.get("anyOf", [schema]):
            if variant.get("type") == "string" and not {"format", "enum", "$ref"} & set(variant):
                names.append(parameter["name"])
                break
    return names


def _cases(schema: Any, label: str) -> st.SearchStrategy[Any]:
    """Valid and invalid requests, and awkward texts for parameters that take any text."""
    operation = _operation(schema, label)
    strategies = [
        operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
        operation.as_strategy(schemathesis.GenerationMode.NEGATIVE),
    ]
    texts = _free_text_parameters(label)
    if texts:
        # Plain cases, not generated ones: schemathesis would take them for valid data (and
        # expect a 2xx) even where the document refuses a character (a 422 is right then).
        strategies.append(
            st.fixed_dictionaries(dict.fromkeys(texts, TEXTS)).map(
                lambda query: operation.Case(query=query)
            )
        )
    return st.one_of(strategies)


def _explicit_cases(schema: Any, label: str, world: World) -> list[Any]:
    """Requests made every time: each row of the world by id (and one that does not exist), and
    each awkward character in each parameter that takes any text."""
    operation = _operation(schema, label)
    cases = []
    if "{id}" in label:
        rows = _declared(label).get("x-qinfo-rows")
        ids = sorted(world.ids(rows["kind"]) if rows else _write_target_ids(label))
        for pk in [*ids, ids[-1] + 1000]:
            cases.append(operation.Case(path_parameters={"id": pk}))
    for name in _free_text_parameters(label):
        for character in AWKWARD:
            cases.append(operation.Case(query={name: f"a{character}b"}))
    return cases


def _write_target_ids(label: str) -> set[int]:
    """The rows a write names by id (writes declare no rows: the world's rows of that table)."""
    path = label.split(" ", 1)[1]
    model = next(m for prefix, m in WRITE_TARGETS.items() if path.startswith(prefix))
    ids = set(model.objects.values_list("pk", flat=True))
    assert ids, f"the world has no rows for {label}"
    return ids


def _check_error_body(status: int, body: Any) -> None:
    assert isinstance(body, dict) and set(body) == {"detail", "errors"}, body
    assert isinstance(body["detail"], str) and body["detail"], body
    assert isinstance(body["errors"], list), body
    for error in body["errors"]:
        assert set(error) == {"field", "code", "message"}, error
    if status == 422:
        assert body["errors"], "a 422 names what was wrong"


@pytest.mark.parametrize("label", OPERATIONS)
@pytest.mark.parametrize("persona", list(CALLERS))
def test_fuzzed_requests_get_documented_answers(
    world: World, in_test_transaction: None, persona: str, label: str
) -> None:
    anonymous = CALLERS[persona] == "none"
    schema = WITH_MADE_UP_CREDENTIALS if anonymous else PLAIN
    declared = _declared(label)
    documented = {int(code) for code in declared["responses"]}
    writes = not label.startswith("GET ")
    # Reads declare the rows they answer; a write's answer is checked like a child's row.
    kind = declared["x-qinfo-rows"]["kind"] if not writes else "student"
    one_row = "{id}" in label
    credentials = _credentials(world, persona)
    if anonymous:
        allowed = {401}
    elif writes:  # refused (403) where the caller sees the target but may not change it
        allowed = {200, 403, 404, 422}
    else:
        allowed = {200, 422} | ({404} if one_row else set())
    seen: list[int] = []

    @hypothesis_settings(max_examples=EXAMPLES, deadline=None)
    @given(case=_cases(schema, label))
    def fuzz(case: Any) -> None:
        with _undone():
            # A write that the document allows may still break a rule of the domain (a student
            # not in the class, a score above the item's maximum): a 422 is right then, so
            # schema-valid writes are not required to be accepted. Reads are.
            response = case.call_and_validate(
                excluded_checks=[positive_data_acceptance] if writes else None, **credentials
            )
            status = response.status_code
            seen.append(status)
            assert status < 500, (status, response.content[:500])
            assert status in documented, f"{label} answered {status}, documented {documented}"
            assert status in allowed, f"{persona}: {label} answered {status}"
            assert response.headers["content-type"][0].startswith("application/json")
            body = response.json()
            if status >= 400:
                _check_error_body(status, body)
            if status == 401:
                assert response.headers["www-authenticate"][0].startswith("Bearer")
            if persona in DEIDENTIFIED:
                assert_nothing_identifying(body, world, kind=kind)

    for case in _explicit_cases(schema, label, world):
        fuzz = example(case=case)(fuzz)
    fuzz()
    # The properties above would hold vacuously if no request ever got through (or, anonymously,
    # if none was ever refused). Random bodies rarely make a valid write: for writes it is enough
    # that the request reached the operation (an answer other than 401).
    if anonymous:
        assert 401 in seen, seen
    elif writes:
        assert set(seen) - {401}, seen
    else:
        assert 200 in seen, seen


def test_every_operation_is_fuzzed() -> None:
    assert len(OPERATIONS) == sum(len(methods) for methods in DOCUMENT["paths"].values())
    assert {"GET /api/v1/students", "GET /api/v1/students/{id}"} <= set(OPERATIONS)


def test_every_operation_documents_its_errors() -> None:
    for label in OPERATIONS:
        responses = _declared(label)["responses"]
        assert {"200", "401", "422"} <= set(responses), label
        for code in set(responses) - {"200"}:
            schema = responses[code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (label, code)

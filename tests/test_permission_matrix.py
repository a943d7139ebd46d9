"""Every persona × every API operation and every page: exactly the rows the oracle allows.

Nothing here lists the endpoints or the pages. The API operations come from the OpenAPI document:
each must declare the kind of row it answers (``x-qinfo-rows``, see qinfo.api.listing.rows_of), and
one that does not fails. The pages come from the ``web`` URL namespace: each view must say what it
shows (``qinfo_shows``, see qinfo.web.registry), and one that does not fails. So an endpoint or a
page added later is covered without anyone touching this file.

The expected rows are the hand-written oracle in tests/world.py, never the policies themselves.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from qinfo.audit.models import AuditAction, AuditEvent
from tests.conftest import Persona
from tests.world import DEIDENTIFIED, EXPECTED, KINDS, PERSONAS, World

PAGE_SIZE = 4  # smaller than most expected sets, so every list is read over several pages
#: The row kind of reference data (qinfo.api.listing.rows_of): national means and the like.
REFERENCE = "reference"

#: Keys that name or locate a person; none may reach an analyst in a student or staff row.
IDENTIFYING_KEYS = frozenset(
    {
        "title_th",
        "first_name_th",
        "last_name_th",
        "first_name_en",
        "last_name_en",
        "nickname",
        "identifier",
        "identifier_kind",
        "address",
        "house_no",
        "village_no",
        "street",
        "amphoe_code",
        "tambon_code",
        "village_code",
        "postcode",
        "latitude",
        "longitude",
        "photo",
        "birth_date",
        "disability_notes",
        "reason",
        "student_number",
    }
)

# API ------------------------------------------------------------------------------------------


def _api_operations() -> list[tuple[str, dict[str, Any]]]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200, "the OpenAPI document must load"
    return [
        (path, operation)
        for path, methods in response.json()["paths"].items()
        for method, operation in methods.items()
        if method == "get"
    ]


OPERATIONS = _api_operations()


def _walk(value: Any) -> Iterator[tuple[str | None, Any]]:
    """Every (key, scalar) in a JSON document; key None for list members."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if isinstance(inner, dict | list):
                yield key, None
                yield from _walk(inner)
            else:
                yield key, inner
    elif isinstance(value, list):
        for inner in value:
            yield from _walk(inner)


def assert_nothing_identifying(body: Any, world: World, *, kind: str) -> None:
    texts = [str(scalar) for _, scalar in _walk(body) if scalar is not None]
    secrets = [s for values in world.student_secrets().values() for s in values]
    secrets += [s for values in world.staff_names().values() for s in values]
    leaked = sorted({secret for secret in secrets for text in texts if secret in text})
    assert not leaked, f"an analyst received {leaked}"
    if kind != "school":  # a school's address and coordinates are not personal data
        keys = {key for key, _ in _walk(body) if key} & IDENTIFYING_KEYS
        assert not keys, f"an analyst received the keys {sorted(keys)}"


def _declared(path: str, operation: dict[str, Any]) -> tuple[str, str]:
    declared = operation.get("x-qinfo-rows")
    assert declared, (
        f"GET {path} does not say which rows it answers: declare "
        "openapi_extra=rows_of(kind, key) (qinfo.api.listing) on the operation"
    )
    assert declared["kind"] in (*KINDS, REFERENCE), (
        f"GET {path}: unknown row kind {declared['kind']!r}"
    )
    return declared["kind"], declared["key"]


def _read_all_pages(client: Client, path: str) -> list[dict[str, Any]]:
    bodies = []
    offset, count = 0, None
    while count is None or offset < count:
        response = client.get(path, {"limit": PAGE_SIZE, "offset": offset})
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        body = response.json()
        assert set(body) == {"items", "count"}, f"{path} must answer exactly items and count"
        assert count in (None, body["count"]), "the count changed between pages"
        count = body["count"]
        assert len(body["items"]) <= PAGE_SIZE
        assert body["items"] or offset >= count, "a page before the end was empty"
        bodies.append(body)
        offset += PAGE_SIZE
    return bodies


def _audit_count() -> int:
    return AuditEvent.objects.count()


@pytest.mark.parametrize(("path", "operation"), OPERATIONS, ids=[path for path, _ in OPERATIONS])
@pytest.mark.parametrize("persona", PERSONAS)
def test_api_answers_exactly_the_rows_the_persona_may_see(
    world: World,
    persona_for: Callable[[str], Persona],
    persona: str,
    path: str,
    operation: dict[str, Any],
) -> None:
    kind, key = _declared(path, operation)
    client = persona_for(persona).client
    parameters = re.findall(r"{(\w+)}", path)
    if kind == REFERENCE and not parameters:
        _check_reference(world, client, persona, path, key, persona_for("admin").client)
    elif not parameters:
        _check_list(world, client, persona, path, kind, key)
    elif parameters == ["id"]:
        _check_detail(world, client, persona, path, kind, key)
    else:
        pytest.fail(f"GET {path}: teach the permission matrix about the parameters {parameters}")


def _check_list(world: World, client: Client, persona: str, path: str, kind: str, key: str) -> None:
    if persona == "anonymous":
        before = _audit_count()
        assert client.get(path).status_code == 401
        assert _audit_count() == before
        return
    bodies = _read_all_pages(client, path)
    items = [item for body in bodies for item in body["items"]]
    assert all(key in item for item in items), f"{path}: items lack {key!r}"
    assert {item[key] for item in items} == world.expected_ids(persona, kind)
    if kind in {"school", "classroom", "staff"} or key == "id":
        assert len(items) == len({item[key] for item in items}), f"{path}: a row came twice"
    if persona in DEIDENTIFIED:
        for body in bodies:
            assert_nothing_identifying(body, world, kind=kind)


def _check_reference(
    world: World, client: Client, persona: str, path: str, key: str, admin: Client
) -> None:
    """Reference data (about no school, classroom, staff member or child): every signed-in
    persona reads the same, non-empty set of rows; nobody else reads any."""
    if persona == "anonymous":
        before = _audit_count()
        assert client.get(path).status_code == 401
        assert _audit_count() == before
        return
    items = [item for body in _read_all_pages(client, path) for item in body["items"]]
    everything = [item[key] for body in _read_all_pages(admin, path) for item in body["items"]]
    assert everything, f"{path}: the reference data is empty, so this check would prove nothing"
    assert sorted(item[key] for item in items) == sorted(everything)
    if persona in DEIDENTIFIED:
        assert_nothing_identifying(items, world, kind=REFERENCE)


def _check_detail(
    world: World, client: Client, persona: str, path: str, kind: str, key: str
) -> None:
    visible = world.expected_ids(persona, kind)
    missing = max(world.ids(kind)) + 1000
    for pk in [*sorted(world.ids(kind)), missing]:
        url = path.replace("{id}", str(pk))
        before = _audit_count()
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 401, url
            assert _audit_count() == before, "a refused request left an audit event"
        elif pk in visible:
            assert response.status_code == 200, (persona, url, response.content[:300])
            body = response.json()
            items = body.get("items", [body])
            assert all(item[key] == pk for item in items), url
            if kind == "student":
                opened = AuditEvent.objects.filter(
                    action=AuditAction.VIEW, target_type="people.student", target_id=str(pk)
                )
                assert _audit_count() == before + 1 and opened.count() == 1, url
            if persona in DEIDENTIFIED:
                assert_nothing_identifying(body, world, kind=kind)
        else:
            assert response.status_code == 404, (persona, url, response.status_code)
            assert response.json()["errors"] == [] and response.json()["detail"]
            assert _audit_count() == before, "a refused request left an audit event"


def test_every_operation_is_in_the_matrix() -> None:
    # The eight endpoints of issue 2 are all found; later ones are found the same way.
    paths = {path for path, _ in OPERATIONS}
    assert {
        f"/api/v1/{name}"
        for name in (
            "schools",
            "classrooms",
            "students",
            "students/{id}",
            "enrolments",
            "staff",
            "attendance",
            "results",
        )
    } <= paths


def test_identified_users_do_get_names(world: World, persona_for: Callable[[str], Persona]) -> None:
    """The analyst checks above would pass vacuously if nobody ever got a name."""
    body = persona_for("officer").client.get("/api/v1/students", {"limit": 100}).json()
    names = {item["first_name_th"] for item in body["items"]}
    assert world.students["mover"].first_name_th in names
    staff = persona_for("director_a").client.get("/api/v1/staff").json()
    assert {item["last_name_en"] for item in staff["items"]} >= {"Phongphaiboonsak"}


def test_analyst_gets_birth_years(world: World, persona_for: Callable[[str], Persona]) -> None:
    body = persona_for("analyst").client.get("/api/v1/students", {"limit": 100}).json()
    years = {item["id"]: item["birth_year"] for item in body["items"]}
    mover = world.students["mover"]
    assert years[mover.pk] == mover.birth_date.year


def test_world_names_are_distinct(world: World) -> None:
    """Searching a page for a name only works if no name is part of another."""
    names = [n for values in world.student_names().values() for n in values]
    names += [n for values in world.staff_names().values() for n in values]
    for name in names:
        assert [other for other in names if name in other] == [name], name


def test_oracle_covers_every_persona_and_kind() -> None:
    assert set(EXPECTED) == set(PERSONAS)
    assert all(set(EXPECTED[persona]) == set(KINDS) for persona in PERSONAS)


# Pages ----------------------------------------------------------------------------------------

#: URL keyword → the kind of row it names.
PAGE_KWARGS = {"student_id": "student", "school_id": "school", "classroom_id": "classroom"}
#: "student_subset": a page that lists some of the children the persona may see (no check
#: that all of them are there; every other check applies).
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWS = frozenset({"student", "student_subset", "student_detail", "school", "classroom", "none"})


def _web_patterns() -> list[tuple[str, Any, list[str]]]:
    """(name, view, URL keywords) for every pattern in the ``web`` namespace."""
    _, resolver = get_resolver().namespace_dict["web"]

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, Any, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                converters = getattr(pattern.pattern, "converters", None)
                keywords = (
                    list(converters)
                    if converters is not None
                    else list(pattern.pattern.regex.groupindex)
                )
                yield f"{namespace}:{pattern.name}", pattern.callback, keywords

    return list(walk(resolver.url_patterns, "web"))


PAGES = _web_patterns()


def _shows(view: Any) -> str | None:
    marked = getattr(view, "qinfo_shows", None)
    if marked is None:
        marked = getattr(getattr(view, "view_class", None), "qinfo_shows", None)
    return marked


def _text_of(response: Any) -> str:
    """What a page says: its HTML, or the text of every cell of a workbook it sends."""
    if response["Content-Type"].startswith(XLSX):
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return str(response.content.decode())


def _login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        reverse(settings.LOGIN_URL)
    )


def _student_names(world: World, keys: frozenset[str] | set[str]) -> list[str]:
    return [
        name
        for key in keys
        for name in (world.students[key].first_name_th, world.students[key].last_name_th)
    ]


def _check_page_html(world: World, persona: str, html: str, *, shows: str) -> None:
    seen = EXPECTED[persona]["student"]
    unseen = set(world.students) - seen
    leaked = [name for name in _student_names(world, unseen) if name in html]
    assert not leaked, f"{persona} sees names of children outside their scope: {leaked}"
    if persona in DEIDENTIFIED:
        secrets = [s for values in world.student_names().values() for s in values]
        secrets += [s.identifier for s in world.students.values() if s.identifier]
        secrets += [s for values in world.staff_names().values() for s in values]
        shown = [secret for secret in secrets if secret in html]
        assert not shown, f"the analyst's page shows {shown}"
    elif shows == "student":
        absent = [name for name in _student_names(world, seen) if name not in html]
        assert not absent, f"{persona} should see {absent}"


@pytest.mark.parametrize(("name", "view", "keywords"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_show_exactly_the_children_the_persona_may_see(
    world: World,
    persona_for: Callable[[str], Persona],
    persona: str,
    name: str,
    view: Any,
    keywords: list[str],
) -> None:
    shows = _shows(view)
    assert shows in SHOWS, (
        f"page {name} does not say what it shows: mark its view with qinfo.web.registry.shows"
    )
    unknown = [keyword for keyword in keywords if keyword not in PAGE_KWARGS]
    assert not unknown and len(keywords) <= 1, (
        f"page {name}: teach the permission matrix about the URL keywords {keywords}"
    )
    client = persona_for(persona).client
    if not keywords:
        response = client.get(reverse(name))
        if shows == "none":
            assert response.status_code < 500
            if response.status_code == 200:
                _check_page_html(world, persona, _text_of(response), shows=shows)
        elif persona == "anonymous":
            assert _login_redirect(response), (name, response.status_code)
        else:
            assert response.status_code == 200, (persona, name, response.status_code)
            _check_page_html(world, persona, response.content.decode(), shows=shows)
        return
    keyword = keywords[0]
    kind = PAGE_KWARGS[keyword]
    visible = world.expected_ids(persona, kind)
    # A page that prints (a PDF) takes a second or two per row: once it has printed one row, the
    # visible rows are read at both ends only (the same policy answers them all); every row out
    # of reach is still asked for.
    printed, ends = False, {min(visible, default=0), max(visible, default=0)}
    for pk in sorted(world.ids(kind)):
        if printed and pk in visible and pk not in ends:
            continue
        url = reverse(name, kwargs={keyword: pk})
        before = _audit_count()
        response = client.get(url)
        if persona == "anonymous":
            assert _login_redirect(response), (url, response.status_code)
            assert _audit_count() == before
        elif pk in visible:
            assert response.status_code == 200, (persona, url, response.status_code)
            if response["Content-Type"] == "application/pdf":  # a printed record: its text
                from tests.web.pdf_text import pdf_text

                html = pdf_text(response.content)
                printed = True
            else:
                html = response.content.decode()
            _check_page_html(world, persona, html, shows=shows)
            if shows == "student_detail":
                opened = AuditEvent.objects.filter(
                    action=AuditAction.VIEW, target_type="people.student", target_id=str(pk)
                )
                assert opened.count() == 1, f"opening {url} must leave one audit event"
                if persona not in DEIDENTIFIED:
                    student = next(s for s in world.students.values() if s.pk == pk)
                    assert student.first_name_th in html and student.last_name_th in html
        else:
            assert response.status_code == 404, (persona, url, response.status_code)
            assert _audit_count() == before, "a refused page view left an audit event"

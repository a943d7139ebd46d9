"""How the API reads a query string: strictly, as the OpenAPI document describes it.

A parameter that takes one value and is given several (``?school=1&school=2``) reaches validation
as a list, which it refuses (422, naming the parameter). Ninja's own parser would silently keep the
last value, answering a question the caller did not ask.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser
from ninja.types import DictStrAny


class StrictParser(Parser):
    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        result: DictStrAny = {}
        for key in data:
            values = data.getlist(key)
            result[key] = values if key in list_fields or len(values) != 1 else values[0]
        return result

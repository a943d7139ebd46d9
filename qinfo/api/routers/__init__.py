"""The API's routers, one per group of endpoints.

These modules do not use ``from __future__ import annotations``: ninja reads the parameter types of
a paginated view through the pagination wrapper, whose module cannot resolve names given as strings.
"""

"""Dashboards: the indicators of qinfo.indicators computed on the live database, scoped to what
each user may see, cached, and shaped for the pages of each role (teacher, director, officer)."""

"""Completeness of data entry: what is expected, what is entered, what is still to enter."""

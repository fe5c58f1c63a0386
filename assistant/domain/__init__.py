"""The pure domain: the report format, figures, rules and drafting plans.

Modules here import only the standard library and pydantic (a test holds them to it).
"""

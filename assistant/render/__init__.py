"""Presenters: findings, comparisons and figures tables as text, Markdown or HTML.

The command line, the chat and the pages all show these things; each is rendered here
once, so that the same finding reads the same wherever it appears."""

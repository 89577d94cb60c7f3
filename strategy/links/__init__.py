"""Scenarios in and out: form values, share links, comparison links and JSON files."""

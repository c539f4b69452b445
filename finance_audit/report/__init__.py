"""Reporting flags: exports other tools read (and, later, the HTML report)."""

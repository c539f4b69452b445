"""The rule engine: rule files, jurisdiction profiles, views and evaluation."""

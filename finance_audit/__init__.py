"""finance-audit: catch foreign money entering party politics.

The Python face, for notebooks and scripts (nothing here prints or exits):

    import finance_audit as fa
    fa.import_files(["Q1_2024.csv"], db="filings.duckdb")     # -> list of FileResult
    fa.load_registry(["watchlist.csv"], db="filings.duckdb")  # -> list of SourceResult
    result = fa.check(["loans.csv"], db="filings.duckdb")      # -> CheckResult
    result.flags                                               # a polars frame
"""

__version__ = "0.1.0"

from finance_audit.api import import_files, quarantine, status  # noqa: E402
from finance_audit.checks import check, run_rule_tests, run_rules  # noqa: E402
from finance_audit.resolution import (  # noqa: E402
    explain_name,
    registry_sources,
)
from finance_audit.resolution import (
    load_registry_files as load_registry,
)
from finance_audit.resolution import (
    match_store as match,
)
from finance_audit.resolution import (
    score_pair_file as score_pairs,
)

__all__ = [
    "check", "explain_name", "import_files", "load_registry", "match", "quarantine",
    "registry_sources", "run_rule_tests", "run_rules", "score_pairs", "status",
]

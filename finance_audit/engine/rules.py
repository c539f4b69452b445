"""Rule files: load, validate strictly, and describe (DESIGN §5).

A rule is one YAML file in a rule pack folder, named by its code (`FA101.yaml`). Its logic is
one DuckDB SELECT over the documented read-only views (see `views.py`), with `$name`
parameters bound from `params`. Loading refuses, naming the file and the key: unknown or
missing keys, an unknown category or severity, a parameter the SQL never uses or uses
without declaring, SQL that is not a single query, and cases (`tests`) without a name or
without flows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from finance_audit.errors import FinanceAuditError

CATEGORIES = (
    "foreign-donation", "foreign-loan", "lender-not-permitted", "loan-change", "lender-status",
    "loan-terms", "sanctions", "commercial-deal", "pass-through", "structuring",
    "donation-cap", "donor-type", "foreign-nonprofit", "reporting",
)
SEVERITIES = ("high", "medium", "low", "info")
SEVERITY_RANK = {"info": 0, "low": 1, "medium": 2, "high": 3}
REQUIRED = ("code", "name", "category", "severity", "summary", "why", "precedent",
            "references", "params", "sql", "tests")
OPTIONAL = ("jurisdictions", "known_false_positives", "aliases")
CASE_KEYS = {"name", "flows", "registry", "ownership", "expect", "expect_severity", "params",
             "note"}
# What a rule's query returns: required columns, then optional ones with their meaning.
FLAG_COLUMNS = {
    "flow_id": "the flow the flag is about",
    "reason": "the sentence a reviewer reads: names, amounts, dates",
}
OPTIONAL_FLAG_COLUMNS = {
    "related_flow_ids": "other flows involved (a list)",
    "entity_id": "the registry entity involved",
    "chain": "JSON list of hops {from, to, amount_eur, date} where money moved through others",
    "severity": "a severity for this flag other than the rule's (one of the vocabulary)",
    "amount_eur": "the amount the flag is about, where not the flow's own (a sum)",
}
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_CODE = re.compile(r"^FA\d{3}$")
_NAME = re.compile(r"^[A-Z][A-Za-z0-9]+$")


class RuleError(FinanceAuditError):
    """A rule file is malformed; the message names the file and the key."""

    exit_code = 2


@dataclass(frozen=True)
class Rule:
    """A validated rule."""

    code: str
    name: str
    category: str
    severity: str
    summary: str
    why: str
    precedent: tuple[str, ...]
    references: tuple[str, ...]
    params: dict[str, dict]
    sql: str
    tests: tuple[dict, ...]
    path: Path
    version: str  # sha256 of the file, first 12 hex digits: flags say which rule made them
    jurisdictions: tuple[str, ...] = ()
    known_false_positives: str = ""
    aliases: tuple[str, ...] = field(default=())

    def defaults(self) -> dict[str, object]:
        return {name: spec["default"] for name, spec in self.params.items()}


def _fail(path: Path, key: str, message: str) -> RuleError:
    return RuleError(f"{key}: {message}", file=str(path))


def _strings(path: Path, data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "expected a list of strings")
    return tuple(value)


def _check_sql(path: Path, sql: str) -> None:
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as err:
        raise _fail(path, "sql", f"does not parse ({str(err).splitlines()[0]})") from err
    if len(statements) != 1:
        raise _fail(path, "sql", f"must be one query, found {len(statements)} statements")
    if statements[0].type != duckdb.StatementType.SELECT:
        raise _fail(path, "sql", f"must be a query (SELECT), not {statements[0].type.name}")


def parse_rule(path: Path) -> Rule:
    """Read and validate one rule file."""
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise RuleError(f"not valid YAML ({err})", file=str(path)) from err
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a mapping", file=str(path))
    unknown = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise _fail(path, unknown[0], "unknown key")
    for key in REQUIRED:
        if key not in data or data[key] in (None, ""):
            raise _fail(path, key, "missing")
    code = str(data["code"])
    if not _CODE.match(code):
        raise _fail(path, "code", f"{code!r} is not of the form FA123")
    if path.stem != code:
        raise _fail(path, "code", f"{code} does not match the file name {path.name}")
    if not _NAME.match(str(data["name"])):
        raise _fail(path, "name", "names the pattern in CamelCase (e.g. ForeignBankLoan)")
    if data["category"] not in CATEGORIES:
        raise _fail(path, "category", f"{data['category']!r} is not one of {', '.join(CATEGORIES)}")
    if data["severity"] not in SEVERITIES:
        raise _fail(path, "severity", f"{data['severity']!r} is not one of {', '.join(SEVERITIES)}")
    params = data["params"] if data["params"] != {} else {}
    if not isinstance(params, dict):
        raise _fail(path, "params", "expected a mapping of name -> {default, description}")
    for name, spec in params.items():
        if not isinstance(spec, dict) or "default" not in spec or "description" not in spec:
            raise _fail(path, f"params.{name}", "needs default and description")
    sql = str(data["sql"])
    _check_sql(path, sql)
    used = set(_PARAM.findall(sql))
    for name in sorted(set(params) - used):
        raise _fail(path, f"params.{name}", "declared but the sql never uses it")
    for name in sorted(used - set(params)):
        raise _fail(path, "sql", f"uses ${name}, which params does not declare")
    tests = data["tests"]
    if not isinstance(tests, list) or not tests:
        raise _fail(path, "tests", "needs a list of cases")
    for number, case in enumerate(tests):
        where = f"tests[{number}]"
        if not isinstance(case, dict):
            raise _fail(path, where, "a case must be a mapping")
        unknown_case = sorted(set(case) - CASE_KEYS)
        if unknown_case:
            raise _fail(path, f"{where}.{unknown_case[0]}", "unknown key")
        for key in ("name", "flows", "expect"):
            if key not in case:
                raise _fail(path, f"{where}.{key}", "missing")
        if not isinstance(case["expect"], list):
            raise _fail(path, f"{where}.expect", "the flow ids expected to be flagged (a list)")
    return Rule(
        code=code,
        name=str(data["name"]),
        category=str(data["category"]),
        severity=str(data["severity"]),
        summary=str(data["summary"]).strip(),
        why=str(data["why"]).strip(),
        precedent=_strings(path, data, "precedent"),
        references=_strings(path, data, "references"),
        params=params,
        sql=sql,
        tests=tuple(tests),
        path=path,
        version=hashlib.sha256(text.encode("utf-8")).hexdigest()[:12],
        jurisdictions=_strings(path, data, "jurisdictions"),
        known_false_positives=str(data.get("known_false_positives") or "").strip(),
        aliases=_strings(path, data, "aliases"),
    )


def load_rules(folder: Path) -> tuple[Rule, ...]:
    """Every rule in `folder` (found by globbing FA*.yaml), in code order; duplicates refused."""
    if not folder.is_dir():
        raise RuleError("no such rule pack folder", file=str(folder))
    rules = [parse_rule(path) for path in sorted(folder.glob("*.yaml"))
             if path.stem.upper().startswith("FA")]
    seen: dict[str, Path] = {}
    for rule in rules:
        for code in (rule.code, *rule.aliases):
            if code in seen:
                raise RuleError(f"code {code} is already used by {seen[code].name}",
                                file=str(rule.path))
            seen[code] = rule.path
    if not rules:
        raise RuleError("no rule files (FA*.yaml) in this folder", file=str(folder))
    return tuple(rules)


def pack_version(rules: tuple[Rule, ...]) -> str:
    """One hash for a whole rule pack: any change to any rule changes it."""
    digest = hashlib.sha256("".join(f"{r.code}:{r.version};" for r in rules).encode())
    return digest.hexdigest()[:16]


def default_rules_dir() -> Path:
    """The rule pack shipped beside the package (rules/ in a source checkout)."""
    return Path(__file__).resolve().parents[2] / "rules"

"""finance-audit: catch foreign money entering party politics.

The Python face: `import_files`, `status` (and, as the pipeline grows, matching and checks)
return polars frames and plain dataclasses; nothing here prints or exits.
"""

__version__ = "0.1.0"

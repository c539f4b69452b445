"""Reading filings: files to grids (readers), grids to canonical columns (profiles), cleaning."""

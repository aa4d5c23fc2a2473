"""The billing import (R13, R14): contracts from a billing CSV export into the database.

`importer` runs an import (the one entry point, `import_contracts`); `csv_file` reads the
export line by line; `values` and `phones` clean its cells; `writer` writes whole batches;
`parallel` parses a big file in a forked child while this process writes.
"""

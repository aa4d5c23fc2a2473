"""Documents the console writes for people outside it: printable PDFs and tables for billing.

- `pdf`: A4 documents (the completion act, the reply to a claim) in a font shipped with the
  package, so Cyrillic renders on a machine with no system fonts.
- `tabular`: CSV and XLSX exports (charges, the claims register) that office software opens
  with Cyrillic intact, numbers as numbers and dates as dates.

Both write atomically (a temporary file renamed into place) and owner-only: the files carry
clients' names, addresses and money.
"""

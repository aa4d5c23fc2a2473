"""Use cases over the database: one transaction each, plain data in and out."""

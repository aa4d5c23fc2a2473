"""Numbered schema migrations (peewee playhouse.migrations), applied at start."""

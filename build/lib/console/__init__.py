"""support-console: the technical-support dispatcher's terminal console."""

__version__ = "0.1.0"

"""memorybook: a couple's journal as a private website and an anniversary book."""

__version__ = "0.1.0"

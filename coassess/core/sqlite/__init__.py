"""Django's SQLite backend with a faster reading of UUID columns (see base.py)."""

#!/usr/bin/env python
"""Django's manage.py, for developers used to it; `coassess` is the same command."""

from coassess.cli import main

if __name__ == "__main__":
    main()

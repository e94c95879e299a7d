"""The `coassess` console script: Django's management commands under one name.

`coassess demo`, `coassess serve`, `coassess createuser`, `coassess generate`,
`coassess migrate`, `coassess check --deploy` and the rest.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(
        ["coassess", *(argv if argv is not None else sys.argv[1:])]
    )


if __name__ == "__main__":
    main()

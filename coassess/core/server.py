"""Serve coassess as it runs in production: gunicorn, DEBUG off, WhiteNoise static files."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class Server(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # The project's WSGI_APPLICATION setting, as Django's own runserver finds it.
        from django.core.servers.basehttp import get_internal_wsgi_application

        return get_internal_wsgi_application()


def serve(
    *, host: str, port: int, workers: int, threads: int = 1, quiet: bool = False
) -> None:
    Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": None if quiet else "-",
            "errorlog": "-",
            "loglevel": "warning" if quiet else "info",
            "timeout": 60,
            "graceful_timeout": 5,
        }
    ).run()

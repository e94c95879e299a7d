"""Run a command against a throwaway PostgreSQL cluster, then remove the cluster.

    python scripts/with_postgres.py [--durable] -- pytest -m "not system"

The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port,
and is stopped and deleted afterwards, whatever the command's result. No
existing server is assumed. PostgreSQL refuses to run as root, so as root the
cluster runs as the unprivileged `postgres` system user.

Without --durable, fsync is off: test data is thrown away anyway, and the suite
runs faster. Benchmarks pass --durable to measure a production-like server.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

DB_USER = "coassess"
DB_NAME = "coassess"


def server_bin_dir() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]),
    )
    if not candidates:
        raise SystemExit(
            "PostgreSQL server binaries (initdb, pg_ctl) are not installed. "
            "Run `make system-deps` as root, or apt-get install postgresql."
        )
    return Path(candidates[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_cluster_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def cluster(*, durable: bool = False) -> Iterator[str]:
    """Start a cluster and yield its DATABASE_URL; stop and delete it afterwards."""
    bin_dir = server_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="coassess-pg-"))
    data, log = root / "data", root / "server.log"
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    port = free_port()
    started = False
    try:
        subprocess.run(
            _as_cluster_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(data),
                    "-U",
                    DB_USER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c max_connections=200"
        )
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        subprocess.run(
            _as_cluster_user(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-l",
                    str(log),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        subprocess.run(
            _as_cluster_user(
                [
                    str(bin_dir / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    DB_USER,
                    DB_NAME,
                ]
            ),
            check=True,
        )
        yield f"postgres://{DB_USER}@127.0.0.1:{port}/{DB_NAME}"
    finally:
        if started:
            subprocess.run(
                _as_cluster_user(
                    [
                        str(bin_dir / "pg_ctl"),
                        "-D",
                        str(data),
                        "-m",
                        "fast",
                        "-w",
                        "stop",
                    ]
                ),
                stdout=subprocess.DEVNULL,
                check=False,
            )
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--durable", action="store_true")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give a command to run after --")
    with cluster(durable=args.durable) as url:
        print(f"PostgreSQL cluster ready at {url}", flush=True)
        return subprocess.run(
            command, env={**os.environ, "DATABASE_URL": url}, check=False
        ).returncode


if __name__ == "__main__":
    sys.exit(main())

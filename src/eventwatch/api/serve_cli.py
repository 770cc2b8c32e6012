"""``eventwatch serve``: the REST API and the offline dashboard (mounted by ``eventwatch.cli``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from eventwatch.api.config import MIN_TOKEN_CHARS, read_token_file


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="EVENTWATCH_DB", help="Database URL or SQLite file path.", show_default=False),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(envvar="EVENTWATCH_TOKEN", show_default=False,
                     help="Bearer token for writes (ingest, reviews), at least 16 characters; without it the "
                     "server is read-only. Prefer EVENTWATCH_TOKEN or --token-file: a value given here is "
                     "visible in the process list."),
    ] = None,
    token_file: Annotated[
        Path | None,
        typer.Option("--token-file", envvar="EVENTWATCH_TOKEN_FILE", show_default=False,
                     help="Read the bearer token from this file (first line)."),
    ] = None,
    allow_host: Annotated[
        list[str],
        typer.Option("--allow-host", help="Host name clients may use besides localhost (repeatable; '*' for any). "
                     "Needed when serving on 0.0.0.0 under a name; refuses DNS-rebinding requests."),
    ] = [],  # noqa: B006
    max_body_mb: Annotated[float, typer.Option("--max-body-mb", help="Largest request body accepted (MB).")] = 10.0,
    read_token_required: Annotated[
        bool,
        typer.Option("--read-token-required/--open-reads", envvar="EVENTWATCH_READ_TOKEN_REQUIRED",
                     help="Require the token for reads too."),
    ] = False,
    users: Annotated[
        str | None,
        typer.Option("--users", envvar="EVENTWATCH_USERS", show_default=False,
                     help="YAML file of `token: analyst name` pairs: review actions are recorded under the name."),
    ] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes.")] = 1,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the REST API (docs at /docs) and the offline web dashboard (at /)."""

    import uvicorn

    from eventwatch.api import create_app

    if token_file is not None and token is None:
        try:
            token = read_token_file(token_file)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None
    elif token is not None and "--token" in " ".join(sys.argv):
        typer.echo("warning: a token given with --token is visible in the process list; "
                   "use --token-file or EVENTWATCH_TOKEN", err=True)
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise typer.BadParameter(f"the token must have at least {MIN_TOKEN_CHARS} characters")
    if read_token_required and not token:
        raise typer.BadParameter("--read-token-required needs --token-file (or EVENTWATCH_TOKEN)")
    hosts = ",".join([*allow_host, *([host] if host not in ("0.0.0.0", "::") else [])])
    os.environ["EVENTWATCH_ALLOWED_HOSTS"] = hosts
    os.environ["EVENTWATCH_MAX_BODY_BYTES"] = str(int(max_body_mb * 1_000_000))
    if workers > 1:
        # uvicorn needs an import string for several workers: pass the settings by environment.
        if db:
            os.environ["EVENTWATCH_DB"] = db
        if token:
            os.environ["EVENTWATCH_TOKEN"] = token
        os.environ["EVENTWATCH_READ_TOKEN_REQUIRED"] = "1" if read_token_required else "0"
        if users:
            os.environ["EVENTWATCH_USERS"] = users
        uvicorn.run("eventwatch.api.serve_cli:_factory", factory=True, host=host, port=port, workers=workers,
                    log_level=log_level)
        return
    app = create_app(db, token, read_token_required, users_file=users, allowed_hosts=hosts,
                     max_body_bytes=int(max_body_mb * 1_000_000))
    typer.echo(f"eventwatch: dashboard http://{host}:{port}/  API docs http://{host}:{port}/docs  "
               f"database {app.state.store.url}  writes {'enabled' if token else 'disabled (no token)'}  "
               f"hosts {', '.join(sorted(app.state.settings.allowed_hosts or ['any']))} (--allow-host to add)")
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def _factory():
    from eventwatch.api import create_app

    return create_app()


app = typer.Typer(add_completion=False)
app.command()(serve)

if __name__ == "__main__":  # python -m eventwatch.api.serve_cli
    app()

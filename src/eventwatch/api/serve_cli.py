"""``eventwatch serve``: the REST API and the offline dashboard (mounted by ``eventwatch.cli``)."""

from __future__ import annotations

from typing import Annotated

import typer


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
                     help="Bearer token for writes (ingest, reviews); without it the server is read-only."),
    ] = None,
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
    import os

    import uvicorn

    from eventwatch.api import create_app

    if read_token_required and not token:
        raise typer.BadParameter("--read-token-required needs --token (or EVENTWATCH_TOKEN)")
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
    app = create_app(db, token, read_token_required, users_file=users)
    typer.echo(f"eventwatch: dashboard http://{host}:{port}/  API docs http://{host}:{port}/docs  "
               f"database {app.state.store.url}  writes {'enabled' if token else 'disabled (no token)'}")
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def _factory():
    from eventwatch.api import create_app

    return create_app()


app = typer.Typer(add_completion=False)
app.command()(serve)

if __name__ == "__main__":  # python -m eventwatch.api.serve_cli
    app()

"""``eventwatch gazetteer ...``: import GeoNames dumps into the user gazetteer, look names up."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Gazetteer: look up places, import GeoNames dumps.", no_args_is_help=True)


@app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                help="GeoNames dump (SY.txt, allCountries.txt: 19 tab-separated columns)"),
    alternate_names: Path | None = typer.Option(None, "--alternate-names", exists=True,
                                                   dir_okay=False, help="alternateNamesV2.txt"),
    db: Path | None = typer.Option(None, "--db", help="user gazetteer file (default: "
                                      "$EVENTWATCH_GAZETTEER_DIR/gazetteer-user.sqlite)"),
) -> None:
    """Append a GeoNames dump to the user gazetteer (consulted by every later load)."""
    from eventwatch.resolve.gazetteer import import_geonames, user_db_path

    n = import_geonames(file, alternate_names, db_path=db)
    typer.echo(f"imported {n} places into {db or user_db_path()}")


@app.command("lookup")
def lookup_cmd(
    name: str = typer.Argument(..., help="place name, any transliteration"),
    country: str | None = typer.Option(None, "--country", "-c", help="ISO2 country code"),
    limit: int = typer.Option(15, "--limit", "-n"),
) -> None:
    """Print the candidates for NAME (best prior first)."""
    from eventwatch.resolve.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    cands = gaz.lookup(name, country=country.upper() if country else None, limit=limit)
    cands.sort(key=lambda c: -c.place.prior)
    console = Console()
    if not console.is_terminal:
        console = Console(width=200)
    if not cands:
        console.print(f"[yellow]no place named {name!r}" + (f" in {country}" if country else ""))
        raise typer.Exit(1)
    t = Table(title=f"{name!r}: {len(cands)} candidate(s)")
    for col in ("id", "name", "feature", "country", "admin1", "lat", "lon", "population", "source", "match"):
        t.add_column(col)
    for c in cands:
        p = c.place
        t.add_row(p.id, p.name, p.feature, p.country or "", p.admin1 or "", f"{p.lat:.4f}", f"{p.lon:.4f}",
                  str(p.population or ""), p.source, f"{c.how} {c.score:.0f}")
    console.print(t)


if __name__ == "__main__":  # pragma: no cover
    app()

"""``eventwatch kb ...``: inspect the knowledge base and extend the user pack.

The user pack is ``$EVENTWATCH_KB_DIR/user.yaml`` (default
``~/.local/share/eventwatch/kb/user.yaml``); ``KnowledgeBase.load()`` loads it after the
built-in packs, so an entry with an existing id adds aliases to that actor.
"""

from __future__ import annotations

from pathlib import Path

import typer
import yaml

from eventwatch.resolve.kb import KnowledgeBase, user_pack_dir

app = typer.Typer(help="Knowledge base of actors: list, show, add aliases and actors.", no_args_is_help=True)


def _user_file() -> Path:
    return user_pack_dir() / "user.yaml"


def _read_user() -> dict:
    f = _user_file()
    data = (yaml.safe_load(f.read_text(encoding="utf-8")) or {}) if f.exists() else {}
    data.setdefault("pack", "user")
    data.setdefault("version", 1)
    data.setdefault("actors", [])
    return data


def _write_user(data: dict) -> Path:
    f = _user_file()
    f.parent.mkdir(parents=True, exist_ok=True)
    tmp = f.with_suffix(".yaml.tmp")
    tmp.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tmp.replace(f)
    return f


@app.command("add-alias")
def add_alias(actor_id: str = typer.Argument(..., help="KB id of the actor"), alias: str = typer.Argument(...)) -> None:
    """Add ALIAS to actor ACTOR_ID (written to the user pack)."""
    kb = KnowledgeBase.load()
    if kb.get(actor_id) is None:
        typer.echo(f"unknown actor id: {actor_id}", err=True)
        raise typer.Exit(1)
    data = _read_user()
    entry = next((a for a in data["actors"] if a.get("id") == actor_id), None)
    if entry is None:
        entry = {"id": actor_id, "aliases": []}
        data["actors"].append(entry)
    entry.setdefault("aliases", [])
    if alias not in entry["aliases"]:
        entry["aliases"].append(alias)
    f = _write_user(data)
    typer.echo(f"{actor_id}: + {alias!r} ({f})")


@app.command("add-actor")
def add_actor(
    id: str = typer.Option(..., "--id", help="stable slug, e.g. jaysh-al-nasr"),
    name: str = typer.Option(..., "--name", help="canonical coding name"),
    type: str = typer.Option(..., "--type", help="state, state_armed_force, rebel_group, militia, ..."),
    country: str | None = typer.Option(None, "--country", help="ISO2"),
    alias: list[str] | None = typer.Option(None, "--alias", help="repeatable"),
    parent: str | None = typer.Option(None, "--parent"),
) -> None:
    """Add a new actor to the user pack."""
    kb = KnowledgeBase.load()
    if kb.get(id) is not None:
        typer.echo(f"actor id already exists: {id} (use add-alias)", err=True)
        raise typer.Exit(1)
    data = _read_user()
    entry: dict = {"id": id, "name": name, "type": type}
    if country:
        entry["country"] = country.upper()
    if parent:
        entry["parent"] = parent
    entry["aliases"] = list(alias or [])
    data["actors"].append(entry)
    f = _write_user(data)
    typer.echo(f"added {id} ({name}) to {f}")


@app.command("list")
def list_actors(
    type: str | None = typer.Option(None, "--type"),
    country: str | None = typer.Option(None, "--country"),
    pack: str | None = typer.Option(None, "--pack"),
) -> None:
    """List actors (id, coding name, type, country, pack)."""
    kb = KnowledgeBase.load()
    for a in sorted(kb.actors.values(), key=lambda a: a.id):
        if (type and a.type != type) or (country and (a.country or "") != country.upper()) or (pack and a.pack != pack):
            continue
        typer.echo(f"{a.id}\t{kb.coding_name(a.id)}\t{a.type}\t{a.country or ''}\t{a.pack}")


@app.command("show")
def show(actor_id: str) -> None:
    """Show one actor (or person) as YAML."""
    kb = KnowledgeBase.load()
    a = kb.get(actor_id)
    if a is None:
        p = kb.persons.get(actor_id)
        if p is None:
            typer.echo(f"unknown id: {actor_id}", err=True)
            raise typer.Exit(1)
        typer.echo(yaml.safe_dump({"id": p.id, "name": p.name, "aliases": p.aliases, "roles": [
            {"actor": r.actor, "title": r.title, "from": str(r.start) if r.start else None, "to": str(r.end) if r.end else None}
            for r in p.roles]}, sort_keys=False, allow_unicode=True))
        return
    d = {
        "id": a.id, "name": a.name, "coding_name": kb.coding_name(a.id), "type": a.type, "country": a.country,
        "parent": a.parent, "backed_by": a.backed_by, "code": a.code, "acled_category": a.acled_category,
        "aliases": a.aliases, "abbr": a.abbr, "context_aliases": a.context_aliases, "demonyms": a.demonyms,
        "capitals": a.capitals, "forces": a.forces,
        "names": [{"name": n.name, "from": str(n.start) if n.start else None, "to": str(n.end) if n.end else None} for n in a.names],
        "pack": a.pack,
    }
    typer.echo(yaml.safe_dump({k: v for k, v in d.items() if v not in (None, [], "")}, sort_keys=False, allow_unicode=True))


if __name__ == "__main__":
    app()

"""voicedash keys generate | rotate: the keys phone numbers are encrypted with at rest."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from voicedash.cli_accounts import load_settings
from voicedash.db.keyfile import KEY_FILE_NAME, local_keys

keys_app = typer.Typer(help="Encryption keys for phone numbers at rest.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


@keys_app.command("generate")
def generate() -> None:
    """Print a new key, for DATABASE_ENCRYPTION_KEY or `keys rotate --new-key`."""
    from cryptography.fernet import Fernet

    print(Fernet.generate_key().decode("ascii"))


@keys_app.command("rotate")
def rotate(
    new_key: Annotated[str, typer.Option("--new-key", help="The key to encrypt with from now on.")],
) -> None:
    """Re-encrypt every stored phone number under a new key, then say what to set."""
    from voicedash.db.encryption import Keyring
    from voicedash.db.engine import create_engine
    from voicedash.db.migrate import upgrade
    from voicedash.db.rotation import count_rows, rotate_keys

    settings = load_settings()
    from_file = local_keys(settings)
    if not settings.encryption_keys:
        err.print("[red]DATABASE_ENCRYPTION_KEY is not set: there is nothing to rotate from[/red]")
        raise typer.Exit(2)
    try:
        new = Keyring([new_key.strip()])
    except ValueError:
        err.print("[red]--new-key is not a Fernet key: `voicedash keys generate` prints one[/red]")
        raise typer.Exit(2) from None
    old = Keyring(settings.encryption_keys)

    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade(engine)
            with Progress(console=err) as progress:
                task = progress.add_task("re-encrypting", total=await count_rows(engine))
                await rotate_keys(engine, old=old, new=new, progress=lambda n: progress.advance(task, n))
        finally:
            await engine.dispose()

    asyncio.run(run())
    keys = ",".join(dict.fromkeys([new_key.strip(), *settings.encryption_keys]))
    if from_file:
        key_file = settings.data_dir / KEY_FILE_NAME
        key_file.write_text(keys + "\n", encoding="ascii")
        console.print(f"[green]every row re-encrypted[/green]; {key_file} now holds the new key first")
        return
    console.print(
        "[green]every row re-encrypted.[/green] Set DATABASE_ENCRYPTION_KEY to the new key followed by the "
        "old ones (comma-separated) and restart; drop the old ones once every process runs with the new key."
    )

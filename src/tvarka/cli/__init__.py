"""Tvarka's command line. Each command group lives in its own module, thin like the routers."""

from __future__ import annotations

import typer

from tvarka.cli import findings, ropa

app = typer.Typer(help="Tvarka: personal-data processing under the GDPR and Lithuanian law.")
app.add_typer(ropa.app, name="ropa")
app.add_typer(findings.app, name="findings")


def main() -> None:
    app()

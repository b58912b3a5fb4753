"""The `almaty` command (Typer + rich): serving, reference data, users, backups, the audit log."""

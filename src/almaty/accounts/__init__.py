"""Accounts owns users, roles as data scoped by State and time, API tokens, two-factor sign-in
and sign-in throttling. `access.py` here answers "may this user act in this role?"."""

"""Accounts, roles, sessions, API tokens, CSRF and login rate limits."""

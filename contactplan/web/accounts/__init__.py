"""Signing in and out (local accounts: ``contactplan users``)."""

"""Accounts: people, their passwords and sign-in.

Creating and changing accounts as administrators do (`people.py`), signed single-use password links
(`passwords.py`), and the limits that slow password guessing (`login_limits.py`). The sign-in pages
themselves are blueprints in `reviewer/web/`.
"""

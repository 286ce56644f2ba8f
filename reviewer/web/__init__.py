"""The web: blueprints, forms and the helpers that only views use.

A page or an API route belongs here, as one blueprint in `blueprints/` and its template in `templates/`.
Views stay thin: they read the request, check who may see what (`access.py`), call a domain package
(`documents`, `review`, `programs`, `accounts`, `reprocessing`) and render. Nothing here holds a rule
that the CLI or a job also needs; such a rule goes to its domain package.
"""

"""The blueprints: one per audience or area (auth, account, applicant, staff, admin pages, API, health).

A new page is a route in the blueprint of its audience and a template in `templates/`; a new area is a
blueprint here, registered in the app factory (`reviewer/__init__.py`).
"""

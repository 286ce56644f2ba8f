"""Running the service: start-up checks, the production server, the worker and the sweep.

What a process checks before it serves or works (`startup.py`, `reviewer check` in `preflight.py`),
`reviewer serve` under gunicorn, the RQ worker that `reviewer worker` runs, and the sweep that gives every
unfinished document a live job. The health endpoints are a blueprint in `reviewer/web/`.
"""

"""Mail: what the system tells people, and the outbox that makes sure it is sent.

Messages are rows committed with their cause (`outbox.py`) and sent by a job; their wording is in
`notifications.py`; the demo's local SMTP catcher is `catcher.py`. A new message belongs in
`notifications.py`.
"""

"""The mail job's path of the previous release, kept for one release: jobs enqueued before the move to
`reviewer/jobs.py` name this one. Remove after the next release."""

from reviewer.jobs import send_outbound_mail

__all__ = ["send_outbound_mail"]

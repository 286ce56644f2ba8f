"""Review: what staff do with documents that need a person.

The document's state machine and its audit trail (`decisions.py`), the staff queue and its filters, claims
that keep two reviewers apart, search, CSV exports and the audit log's query. A new decision, a queue
filter or an export column belongs here.
"""

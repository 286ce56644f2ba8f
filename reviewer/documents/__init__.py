"""Documents: taking an upload, storing its file, reading it, and recording what the pipeline found.

A change to how a file is received (uploads, the spooled request stream's limits), kept (content-addressed
blobs, the page cache, retention of refused files) or turned into rows (extraction, the outcome rules in
`persistence.py`, what changed between two reads) belongs here. Reading itself (bytes to fields) is
`workers/`, which knows nothing of this package.
"""

"""Re-processing: reading many stored documents again without losing a decision.

A batch's selection (`selection.py`), its life (start, feed, cancel, resume, retry, progress in
`batches.py`) and the work of one chunk (`chunks.py`). The RQ entry point is `reviewer/jobs.py`.
"""

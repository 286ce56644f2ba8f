"""How well the reader reads, and how it learns: the development set, scoring, training, corrections.

The committed real-world development set and its locked split (`devset.py`), `reviewer evaluate`
(`evaluation.py`), `reviewer train` (`training.py`), and staff corrections kept as training examples
(`corrections.py`). The reader itself is `workers/`; this package measures and teaches it.
"""

"""Programs: the certification programs' rules, applicants' cycles, and progress toward them.

The seed programs as data (`catalogue.py`), the administrators' editing of their rules (`editing.py`),
enrolment, cycles and due dates (`cycles.py`), progress (`progress.py`) and the compliance transcript.
A program's rule, a due-date rule or a unit conversion belongs here.
"""

"""The `reviewer` command: one Flask CLI group (`main.py`) and the commands that are only commands.

Commands that belong to a domain (`evaluate`, `train`, `serve`, `check`) live beside that domain's code and
are only registered here. `python -m reviewer.cli` runs the group, as the installed `reviewer` script does.
"""

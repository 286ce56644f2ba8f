"""Reading a file: what it really is, its pages' words from the text layer or OCR, and their layout."""

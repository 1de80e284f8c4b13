"""reader: a terminal workbench for reading, searching and annotating a corpus of articles."""

__version__ = "0.1.0"

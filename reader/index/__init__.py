"""The passage index (Whoosh). The only package that imports whoosh; callers use its types.

`PassageIndex(index_dir)` offers `update(ws)`, `search(query)` and `reindex_article(ws, id)`;
see `passage_index.py`, and `query.py` for the query language.
"""

from reader.index import whoosh_fixes  # noqa: F401  (patches Whoosh before any use)
from reader.index.passage_index import PassageIndex

__all__ = ["PassageIndex"]

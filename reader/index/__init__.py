"""The passage index (Whoosh). The only package that imports whoosh; callers use its types.

`PassageIndex(index_dir)` offers `update(feed)`, `search(query)` and `reindex_article(feed,
id)`, where `feed` is a `DocumentFeed` (see `feed.py`; the workspace implements it); see
`passage_index.py`, and `query.py` for the query language.
"""

from reader.index import whoosh_fixes  # noqa: F401  (patches Whoosh before any use)
from reader.index.feed import AnnotatedArticle, DocumentFeed
from reader.index.passage_index import PassageIndex

__all__ = ["AnnotatedArticle", "DocumentFeed", "PassageIndex"]

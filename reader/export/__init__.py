"""Coded work out: exports, reports, coder agreement, and codebooks brought in.

Works on plain records (`Segment`, `Coding`, codebook entries) that the workspace gathers;
it reads no annotation or article itself (only the codebook file being imported). The
public face:

- `write_export(format, segments, path, context)`: csv, jsonl, markdown, w3c, qdpx, qdc.
- `tags_report`, `cooccur_report`, `timeline_report`, `agreement_report` over a `CodingSet`.
- `read_codes(path)` and `plan_merge(codes, codebook, source)` for `reader codebook import`.
- `ExportError`: every problem a user should read, in one line.
"""

from reader.export.agreement import AgreementReport, agreement_report
from reader.export.codebook_import import ImportedCode, read_codes
from reader.export.codebook_merge import CodebookMerge, NewCode, plan_merge
from reader.export.cooccur import CooccurReport, cooccur_report
from reader.export.formats import FORMATS, SUFFIX, ExportContext, ExportResult, write_export
from reader.export.output import ExportError
from reader.export.segments import Coded, Coding, CodingSet, Segment, Selection, split_names
from reader.export.tagreport import TagsReport, tags_report
from reader.export.timeline import PERIODS, TimelineReport, timeline_report

Report = TagsReport | CooccurReport | TimelineReport | AgreementReport
REPORTS = ("tags", "cooccur", "timeline", "agreement")

__all__ = [
    "FORMATS",
    "PERIODS",
    "REPORTS",
    "SUFFIX",
    "AgreementReport",
    "CodebookMerge",
    "Coded",
    "Coding",
    "CodingSet",
    "CooccurReport",
    "ExportContext",
    "ExportError",
    "ExportResult",
    "ImportedCode",
    "NewCode",
    "Report",
    "Segment",
    "Selection",
    "TagsReport",
    "TimelineReport",
    "agreement_report",
    "cooccur_report",
    "plan_merge",
    "read_codes",
    "split_names",
    "tags_report",
    "timeline_report",
    "write_export",
]

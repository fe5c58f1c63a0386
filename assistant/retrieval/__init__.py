"""Retrieval over past reports and regulation texts: structural chunks, Chroma + BM25, cited.

Reports are chunked by part and sub-part (through the readers), regulations by article
(第X条) and the format notices by section.  Dense vectors live in Chroma (embedded or a
server), a character 1–2-gram BM25 index sits beside them, and the two rankings are fused
in the application with reciprocal rank fusion.  Everything runs offline by default.
"""

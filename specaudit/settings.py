"""Every tunable threshold in one place. Widgets and parsers read these; none hard-code them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    # Spec parsing.
    max_spec_bytes: int = 20 * 1024 * 1024
    max_yaml_bytes: int = 5 * 1024 * 1024
    max_yaml_aliases: int = 100
    max_yaml_depth: int = 64  # nesting deeper than this is refused (billion-laughs style input)
    # Clause comparison (drift): a changed key is still the same clause above this similarity.
    compare_rename_threshold: float = 0.6
    compare_max_fuzzy_pairs: int = 250_000  # beyond this, fuzzy matching stays within a kind
    # Diff model and view.
    intraline_max_line_chars: int = 2_000  # longer paired lines get no intra-line highlight
    intraline_sync_rows: int = 400  # bigger files compute intra-line spans in the background
    display_line_chars: int = 4_000  # lines longer than this are shown truncated
    max_patch_bytes_eager: int = 2 * 1024 * 1024  # larger file patches are loaded on demand
    max_patch_file_bytes: int = 1024 * 1024 * 1024  # a --patch file larger than this is refused
    align_max_block_cells: int = 64  # removed x added lines above this pair in order, no difflib
    align_min_similarity: float = 0.5  # paired lines must be at least this similar (difflib ratio)
    intraline_min_similarity: float = 0.3  # below this a paired line is highlighted whole
    lex_max_chars: int = 2_000_000  # larger file sides are shown without syntax colours
    # Link suggestions (core/suggest.py).
    suggest_postings_per_term: int = 256  # champion list: each term keeps its best hunks only
    suggest_max_hunk_chars: int = 20_000  # text beyond this in one hunk is not indexed
    suggest_min_score: float = 0.5  # weaker BM25 matches (one common shared word) are not shown
    # Clause-centred view: rows of context around each excerpt, and at most this many rows per excerpt.
    evidence_context_rows: int = 2
    evidence_max_rows: int = 300  # a linked range
    evidence_proposal_rows: int = 24  # a proposal's preview (the whole hunk is in the diff)
    find_sync_bytes: int = 8 * 1024 * 1024  # a larger change is searched off the GUI thread
    # Default layout: the clause list takes a fifth of the window within these bounds.
    clause_list_min_px: int = 300
    clause_list_max_px: int = 400
    file_list_min_px: int = 200  # and the diff's file list a sixth
    file_list_max_px: int = 280
    # UI timing.
    reparse_debounce_ms: int = 300
    recheck_debounce_ms: int = 400  # after an edit, re-run the check once edits pause
    # Tightening: a scar's story is cut to this length in the proposed clause.
    tighten_story_chars: int = 400
    # Audit files.
    max_audit_bytes: int = 20 * 1024 * 1024
    max_why_file_bytes: int = 1024 * 1024  # a scar story read with --why-file
    # A writer waits this long for another writer of the same file to finish, then gives up.
    write_lock_timeout_s: float = 10.0


LIMITS = Limits()

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
    # Evidence for clauses (core/evidence/).
    evidence_limit: int = 8  # proposals per clause unless --limit says otherwise
    evidence_max_file_chars: int = 200_000  # a changed file's text beyond this is not indexed
    evidence_max_file_lines: int = 100_000  # a file changing more lines is not read for evidence (said)
    evidence_max_task_bytes: int = 2 * 1024 * 1024  # a larger task list is skipped with a warning
    evidence_max_commits: int = 5_000  # commit messages read from one range
    evidence_min_text_share: float = 0.05  # text-only proposals below this share of the best are dropped
    evidence_max_span_lines: int = 30  # a longer commit/task span is narrowed to the text-matched lines in it
    code_max_parse_bytes: int = 1_000_000  # a bigger source file (generated, minified) is left to the hunks
    code_cache_files: int = 4096  # parsed files kept per process (app/evidence/code_index.py), least recently used out
    code_disk_cache_bytes: int = 200 * 1024 * 1024  # parsed files kept on disk between runs (app/evidence/code_store.py); 0 = none
    findings_history_searches: int = 8  # phantom-task: names searched for in the range's history (git log -S) per check; past it a name counts as present
    # Clause-centred view: rows of context around each excerpt, and at most this many rows per excerpt.
    evidence_context_rows: int = 2
    evidence_max_rows: int = 300  # a linked range
    evidence_proposal_rows: int = 24  # a proposal's preview (the whole hunk is in the diff)
    find_sync_bytes: int = 8 * 1024 * 1024  # a larger change is searched off the GUI thread
    # Default layout: the clause list takes a fifth of the window within these bounds (at least
    # room for a clause title over two lines beside its verdict at 1280x720).
    clause_list_min_px: int = 400
    clause_list_max_px: int = 480
    file_list_min_px: int = 200  # and the diff's file list a sixth
    file_list_max_px: int = 280
    file_name_min_px: int = 150  # narrower than this, the file list drops its +/- columns (kept on hover)
    window_min_width_px: int = 780  # the window fits a tiled half of a 1600 px screen (a test holds it)
    clause_detail_px: int = 270  # the clause text beside its code: ~40 characters a line
    clause_view_stack_px: int = 720  # a narrower clause view puts the clause text above its code
    clause_list_narrow_px: int = 340  # a narrower clause list drops its # column (the count is in the detail)
    # UI timing.
    reparse_debounce_ms: int = 300
    recheck_debounce_ms: int = 400  # after an edit, re-run the check once edits pause
    # Tightening: neighbours wrapped narrower than this are taken as unwrapped (no re-flow).
    tighten_min_wrap_width: int = 40
    # Audit files.
    max_audit_bytes: int = 20 * 1024 * 1024
    max_why_file_bytes: int = 1024 * 1024  # a scar story read with --why-file
    max_scarred_file_bytes: int = 64 * 1024 * 1024  # a working-tree file a scar is recorded on
    # A writer waits this long for another writer of the same file to finish, then gives up.
    write_lock_timeout_s: float = 10.0
    # Tests (docs/tests.md): JUnit imports, the test scan, the configured test command.
    max_junit_bytes: int = 64 * 1024 * 1024  # a larger JUnit file is refused
    max_junit_cases: int = 500_000  # more <testcase> elements than this are refused
    junit_message_chars: int = 500  # a failure message is kept to its first line, this long
    max_test_file_bytes: int = 2 * 1024 * 1024  # larger test files are not scanned for tests
    max_test_files: int = 20_000  # more test files than this: the first ones (by path) only
    test_command_timeout_s: float = 600.0  # a configured test command with no timeout: stopped after this
    test_output_tail_bytes: int = 256 * 1024  # the run's output kept (the tail); the rest is counted as dropped
    test_output_chunk_bytes: int = 64 * 1024  # the command's output is read this much at a time, newline or not
    test_kill_grace_s: float = 2.0  # after SIGTERM, how long the test command's processes get before SIGKILL
    max_results_bytes: int = 20 * 1024 * 1024  # .specaudit/test-results.yaml larger than this is refused


LIMITS = Limits()

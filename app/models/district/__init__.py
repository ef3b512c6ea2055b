"""市对区考绩 (seed 004), no Qt:

- `indicators`: the indicators and the peer districts compared with;
- `reports`: the monthly 附1 progress reports (one upsert, with its checks, for the page and the year file);
- `status`: the month's deadlines, what is missing, the 落后/退步 flags;
- `checks`: one 考绩法 event checked (used by the page and by the year file's import alike);
- `events`: the stored events, their points, and the unit adjustments they imply;
- `wording`: category names and rule text; `entry`: what a clerk types → values; `demo`: a demo set.

Writes take the connection of one `db.atomic()` block; bad input raises `ValidationError` before anything
is written.
"""

"""Meeting-day ballots: `forms` (the paper forms, values as typed), `keying` (committing ballots, tallies and
the leadership's sheets), `verification` (double entry and its findings), `reconciliation` (清点与核对)."""

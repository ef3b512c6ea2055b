"""Reading scanned democratic ballots (扫描录入): the only package that imports cv2, numpy, zxingcpp and PIL.

Entry points: `batch.scan_year(db, year, inputs)` → `ScanResult` (nothing written), its `report()` for the
JSON of docs/guide/scanning.md. The page geometry is `app.documents.ballot_layout`, shared with the printer."""

"""扫描录入: the scan page (files or a watched folder, a worker thread, the pages and their state), the review of
unclear marks one keystroke each, the test deck's report, and the panel that shows a scanned annex-4/5 ballot
or leader's sheet beside its keying grid. The image work itself is app.scanning's, imported when scanning."""

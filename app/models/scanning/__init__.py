"""Scanned ballots in the year's file (扫描录入; docs/guide/scanning.md): their page images, the items that wait
for the clerk (review, or keying from the image), the clerk's decisions, and the scan files already taken in.

No sheet token ever reaches this package: app.scanning pairs pages in memory and hands over marks, page
images with the code area blank, and readings. Everything here is written inside the caller's `atomic()`."""

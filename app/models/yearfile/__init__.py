"""The open year file (appraisal-year/1).

- `reading`: parse the text and validate every section into a `Plan`, every problem with its JSON path;
- `catalogue`, `unit_data`, `cadres`, `district`, `decisions`: one module per section of the file, each
  declaring its keys (`KEYS`) and reading its entries into the plan;
- `writing`: merge a plan in one transaction (`import_year_file`, `import_ballot_batch`);
- `export`: a year as a file that, imported into an empty database, gives the same results.
"""

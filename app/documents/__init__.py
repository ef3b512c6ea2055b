"""PDF documents (ReportLab) and the notice as a Word file (python-docx): imported only when used. Workbooks are
app.workbooks'."""

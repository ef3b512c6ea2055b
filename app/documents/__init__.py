"""Printing (ReportLab PDFs) and Excel workbooks (openpyxl): imported only when used."""

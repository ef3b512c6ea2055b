"""考评通 (Appraisal Office): year-end performance appraisal for a municipal bureau."""

__version__ = "0.1.0"

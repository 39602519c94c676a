"""Comparing plans: loading, alignment of areas, activities and indicators, and the reports."""

"""Configuration files, code selection and inline suppressions: what a user sets around the checks."""

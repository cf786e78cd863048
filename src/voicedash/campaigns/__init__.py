"""Bulk calls: a list of numbers validated row by row, stored as a batch, started at a paced rate."""

"""Everything that knows SQL: the dialect, the chained recorders, the log readers, the tables."""

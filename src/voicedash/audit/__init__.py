"""The audit log: who signed in, started calls, exported data, changed users or tokens."""

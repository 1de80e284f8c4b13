"""Sharing annotations through git: the merge driver, its installation, conflict repair and
what changed since a revision. Everything here runs `git` as a subprocess."""

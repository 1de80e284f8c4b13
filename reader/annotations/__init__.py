"""Annotations: tags and notes on passages, stored as one YAML file per annotation."""

"""Placeholder until its handlers land."""

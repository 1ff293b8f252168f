"""Computation: roll-up, temporal rules, derived components, indicators, targets, coverage."""

"""Simulated-citizen journeys: personas played against the real assistant, scored from the filed order."""

"""Errors raised by the estimator."""


class InvalidHousehold(ValueError):
    """The household facts are not valid: a one-line bilingual message (中文 / English)."""


class ParameterError(RuntimeError):
    """A parameter file is malformed or a parameter is missing (a packaging error, not user input)."""

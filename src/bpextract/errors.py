"""Typed errors: each becomes a one-line message that says what to do."""

from __future__ import annotations


class BpextractError(Exception):
    """Base class of every error the library raises on purpose."""


class InputError(BpextractError):
    """A file cannot be read as a document (missing, undecodable, scanned, encrypted...)."""


class RuleError(BpextractError):
    """A rules file is malformed; the message names the file and line."""


class UsageError(BpextractError):
    """The caller asked for something that makes no sense (unknown format, bad option)."""

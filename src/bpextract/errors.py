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


class RuleTimeoutError(BpextractError):
    """A user's own pattern (from a rules folder) ran past its safety limit on one document.

    Shipped patterns are linear by construction and never time out; this net exists only for
    patterns a user supplies. The document becomes an error row naming the rule, never a
    document with fewer records.
    """

"""dcrlint: a credential-hygiene linter for container-registry logins."""

__version__ = "0.1.0"

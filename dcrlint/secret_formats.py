"""detect-secrets' detectors as a table of ours: the denylist regexes of its plugins, the
`is_formally_valid` of those that have one, its high-entropy plugins and the heuristic filters
DCR051 uses. Importing detect-secrets pulls its network chain (requests, urllib3, ssl, email)
into every run; this table does not. tests/test_secret_formats.py compares it with the installed
detect-secrets (pattern strings, flags, filters), so it stays equal to it."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from .lazyre import lazy_compile
from .records import lazy_dataclass

# How known tokens start (forge, cloud and chat tokens, JWTs, PEM keys): the one list, for
# telling a token from a readable value (policies mask such values in messages).
TOKEN_PREFIXES: tuple[str, ...] = (
    "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "AKIA", "ASIA",
    "xoxa-", "xoxb-", "xoxp-", "xoxr-", "eyJ", "-----BEGIN", "dckr_pat_",
)

# The constants of `string`, spelled out: importing it compiles the Template pattern (start-up).
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
_DIGITS = "0123456789"
_HEXDIGITS = _DIGITS + "abcdef" + "ABCDEF"


# What `re` reads as an ASCII letter where a pattern ignores case, besides its two cases
# (tests/test_secret_formats.py derives it from `re` over every code point).
_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def any_case(word: str) -> tuple[str, ...]:
    """Every spelling of `word` that a pattern ignoring case matches as `word`."""
    return tuple("".join(p) for p in itertools.product(
        *(sorted({c, c.lower(), c.upper(), *_FOLDS.get(c.lower(), "")}) for c in word)))


@lazy_dataclass(frozen=True)
class RegexDetector:
    """A detect-secrets RegexBasedDetector: `source` names its plugin (module, class).
    `literals`: each match of the denylist holds one of these words (exactly as written), so
    that a text without any of them is not searched, and its patterns are compiled only when
    a text holds one."""

    source: tuple[str, str]
    what: str
    denylist: tuple[re.Pattern[str], ...]
    literals: tuple[str, ...]
    is_formally_valid: Callable[[str], bool] | None = None


class EntropyDetector:
    """A detect-secrets HighEntropyStringsPlugin: quoted strings of a charset."""

    def __init__(self, source: tuple[str, str], what: str, charset: str, limit: float) -> None:
        self.source, self.what, self.charset, self.limit = source, what, charset, limit
        self.regex = re.compile(rf'([\'"])([{re.escape(charset)}]+)(\1)')

    def analyze_string(self, text: str) -> Iterator[str]:
        """detect-secrets' analyze_string: the quoted strings of the charset, no entropy test."""
        for result in self.regex.findall(text):
            yield result[1]

    def shannon_entropy(self, data: str) -> float:
        if not data:
            return 0.0
        entropy = 0.0
        for x in self.charset:
            p_x = float(data.count(x)) / len(data)
            if p_x > 0:
                entropy += -p_x * math.log(p_x, 2)
        if self.source[1] == "HexHighEntropyString" and len(data) > 1:
            try:
                int(data)
            except ValueError:
                return entropy
            entropy -= 1.2 / math.log(len(data), 2)  # a number: many false positives
        return entropy


def _jwt_is_formally_valid(token: str) -> bool:
    """detect-secrets' JwtTokenDetector.is_formally_valid: base64url parts, the first two JSON."""
    import base64
    import json

    for idx, part_str in enumerate(token.split(".")):
        try:
            part = part_str.encode("ascii")
            m = len(part) % 4
            if m == 1:
                raise TypeError("Incorrect padding")
            if m == 2:
                part += b"=="
            elif m == 3:
                part += b"==="
            decoded = base64.urlsafe_b64decode(part)
            if idx < 2:
                json.loads(decoded.decode("utf-8"))
        except (TypeError, ValueError, UnicodeDecodeError):
            return False
    return True


@lru_cache(maxsize=1)
def regex_detectors() -> tuple[RegexDetector, ...]:
    """The detectors with real precision (each pattern compiled on its first use)."""
    c = lazy_compile
    aws_keyword = r"(?:key|pwd|pw|password|pass|token)"
    return (
        RegexDetector(("aws", "AWSKeyDetector"), "an AWS access key", (
            c(r"(?:A3T[A-Z0-9]|ABIA|ACCA|AKIA|ASIA)[0-9A-Z]{16}"),
            c(rf"aws.{{0,20}}?{aws_keyword}.{{0,20}}?[\'\"]([0-9a-zA-Z/+]{{40}})[\'\"]", re.IGNORECASE),
        ), ("A3T", "ABIA", "ACCA", "AKIA", "ASIA", *any_case("aws"))),
        RegexDetector(("azure_storage_key", "AzureStorageKeyDetector"), "an Azure storage account key", (
            c(r"AccountKey=[a-zA-Z0-9+\/=]{88}"),
        ), ("AccountKey=",)),
        RegexDetector(("discord", "DiscordBotTokenDetector"), "a Discord bot token", (
            c(r"[MNO][a-zA-Z\d_-]{23,25}\.[a-zA-Z\d_-]{6}\.[a-zA-Z\d_-]{27}"),
        ), (".",)),
        RegexDetector(("github_token", "GitHubTokenDetector"), "a GitHub token", (
            c(r"(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}"),
        ), ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
        RegexDetector(("gitlab_token", "GitLabTokenDetector"), "a GitLab token", (
            c(r"(glpat|gldt|glft|glsoat|glrt)-[A-Za-z0-9_\-]{20,50}(?!\w)"),
            c(r"GR1348941[A-Za-z0-9_\-]{20,50}(?!\w)"),
            c(r"glcbt-([0-9a-fA-F]{2}_)?[A-Za-z0-9_\-]{20,50}(?!\w)"),
            c(r"glimt-[A-Za-z0-9_\-]{25}(?!\w)"),
            c(r"glptt-[A-Za-z0-9_\-]{40}(?!\w)"),
            c(r"glagent-[A-Za-z0-9_\-]{50,1024}(?!\w)"),
            c(r"gloas-[A-Za-z0-9_\-]{64}(?!\w)"),
        ), ("glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "GR1348941", "glcbt-", "glimt-", "glptt-", "glagent-",
            "gloas-")),
        RegexDetector(("jwt", "JwtTokenDetector"), "a JSON Web Token", (
            c(r"eyJ[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*?"),
        ), ("eyJ",), _jwt_is_formally_valid),
        RegexDetector(("mailchimp", "MailchimpDetector"), "a Mailchimp API key", (
            c(r"[0-9a-z]{32}-us[0-9]{1,2}"),
        ), ("-us",)),
        RegexDetector(("npm", "NpmDetector"), "an npm token", (
            c(r"\/\/.+\/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*"),
        ), ("/:_authToken=",)),
        RegexDetector(("openai", "OpenAIDetector"), "an OpenAI API key", (
            c(r"sk-[A-Za-z0-9-_]*[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}"),
        ), ("T3BlbkFJ",)),
        RegexDetector(("private_key", "PrivateKeyDetector"), "a private key", tuple(c(r) for r in (
            r"BEGIN DSA PRIVATE KEY",
            r"BEGIN EC PRIVATE KEY",
            r"BEGIN OPENSSH PRIVATE KEY",
            r"BEGIN PGP PRIVATE KEY BLOCK",
            r"BEGIN PRIVATE KEY",
            r"BEGIN RSA PRIVATE KEY",
            r"BEGIN SSH2 ENCRYPTED PRIVATE KEY",
            r"PuTTY-User-Key-File-2",
        )), ("PRIVATE KEY", "PuTTY-User-Key-File-2")),
        RegexDetector(("pypi_token", "PypiTokenDetector"), "a PyPI token", (
            c(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9-_]{70,}"),
            c(r"pypi-AgENdGVzdC5weXBpLm9yZw[A-Za-z0-9-_]{70,}"),
        ), ("pypi-AgE",)),
        RegexDetector(("sendgrid", "SendGridDetector"), "a SendGrid API key", (
            c(r"SG\.[a-zA-Z0-9_-]{22}\.[a-zA-Z0-9_-]{43}"),
        ), ("SG.",)),
        RegexDetector(("slack", "SlackDetector"), "a Slack token or webhook", (
            c(r"xox(?:a|b|p|o|s|r)-(?:\d+-)+[a-z0-9]+", re.IGNORECASE),
            c(r"https://hooks\.slack\.com/services/T[a-zA-Z0-9_]+/B[a-zA-Z0-9_]+/[a-zA-Z0-9_]+",
              re.IGNORECASE | re.VERBOSE),
        ), (*any_case("xox"), *any_case(".slack."))),
        RegexDetector(("square_oauth", "SquareOAuthDetector"), "a Square OAuth secret", (
            c(r"sq0csp-[0-9A-Za-z\\\-_]{43}"),
        ), ("sq0csp-",)),
        RegexDetector(("stripe", "StripeDetector"), "a Stripe live key", (
            c(r"(?:r|s)k_live_[0-9a-zA-Z]{24}"),
        ), ("k_live_",)),
        RegexDetector(("telegram_token", "TelegramBotTokenDetector"), "a Telegram bot token", (
            c(r"\d{8,10}:[0-9A-Za-z_-]{35}"),
        ), (":",)),
        RegexDetector(("twilio", "TwilioKeyDetector"), "a Twilio key", (
            c(r"AC[a-z0-9]{32}"),
            c(r"SK[a-z0-9]{32}"),
        ), ("AC", "SK")),
    )


@lru_cache(maxsize=1)
def entropy_detectors() -> tuple[EntropyDetector, ...]:
    """The high-entropy plugins (opt-in: `high-entropy: true`)."""
    return (
        EntropyDetector(("high_entropy_strings", "Base64HighEntropyString"), "a high-entropy base64 string",
                        _LOWER + _UPPER + _DIGITS + "+/" + "\\-_" + "=", 4.5),
        EntropyDetector(("high_entropy_strings", "HexHighEntropyString"), "a high-entropy hex string",
                        _HEXDIGITS, 3.0),
    )


_SEQUENCES = (
    _UPPER + _UPPER + _DIGITS + "+/",
    _DIGITS + _UPPER + _UPPER + "+/",
    (_DIGITS + _UPPER) * 2,
    _DIGITS * 2,
    _HEXDIGITS.upper() + _HEXDIGITS.upper(),
    _UPPER + "=/",
)


def is_sequential_string(secret: str) -> bool:
    """detect-secrets' filter: ABCDEF..., 0123..., in base64 or hex order."""
    upper = secret.upper()
    return any(upper in seq for seq in _SEQUENCES)


@lru_cache(maxsize=1)
def _uuid() -> re.Pattern[str]:
    return re.compile(r"[a-f0-9]{8}\-[a-f0-9]{4}\-[a-f0-9]{4}\-[a-f0-9]{4}\-[a-f0-9]{12}", re.IGNORECASE)


def is_potential_uuid(secret: str) -> bool:
    """detect-secrets' filter: holds a UUID."""
    return secret.count("-") >= 4 and bool(_uuid().search(secret))  # a UUID has four hyphens

"""Key material: PEM blocks, public keys and password hashes (not secrets), encrypted values, real
private keys, and base64 that decodes to text or hides a secret."""

from __future__ import annotations

import re

from .lazyre import lazy_compile

_ENCRYPTED = lazy_compile(
    r"ENC\[[A-Z0-9_]+,|-----BEGIN (?:PGP MESSAGE|AGE ENCRYPTED FILE|ENCRYPTED MESSAGE)-----"
    # Sealed Secrets: kubeseal's output starts with the RSA-encrypted key's length, two bytes
    # (0x0200 for its 4096-bit keys), so base64 `Ag` and one of A-D (the next byte's first bits).
    r"|\$ANSIBLE_VAULT;|vault:v\d+:|Ag[A-D][A-Za-z0-9+/]{300,}"
    # Jenkins's stored secret (hudson.util.Secret, as a JCasC export or a job's config.xml writes
    # it): `{...}` around the base64 of version 1 and a 16-byte IV's length, `AQAAABAAAA`, then
    # the IV and data encrypted with the controller's own key
    r"|\{AQAAABAAAA[A-Za-z0-9+/]{20,}={0,2}\}"
)
_PEM_BLOCK = lazy_compile(r"-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \1-----", re.S)
_PUBLIC_PEM = lazy_compile(r"CERTIFICATE|(?:RSA |EC |DSA |SSH2 )?PUBLIC KEY|PGP PUBLIC KEY BLOCK|X509 CRL"
                         r"|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|TRUSTED CERTIFICATE|DH PARAMETERS"
                         r"|EC PARAMETERS")
_SSH_KEY_TYPE = (r"(?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d+"
                 r"|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(?:-cert-v01@openssh\.com)?")
# An authorized_keys or known_hosts line (hosts, hashed `|1|...` hosts, markers before the key).
_SSH_PUBLIC = lazy_compile(
    rf"(?:@(?:cert-authority|revoked)\s+)?(?:\S+\s+)?{_SSH_KEY_TYPE}\s+AAAA[0-9A-Za-z+/]+=*(?:\s.*)?"
)
_PRIVATE_PEM = lazy_compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----(.*?)(?:-----END \1-----|\Z)", re.S
)
_PEM_HEADER = lazy_compile(r"^[ \t]*[A-Za-z-]+:.*$", re.M)  # (indented too: a PEM read in place in YAML)
_BASE64 = lazy_compile(r"[A-Za-z0-9+/]+={0,2}")


def public_material(value: str) -> bool:
    """Certificates, public keys, `known_hosts` and `authorized_keys` lines: meant to be shared;
    a JWT's header alone (`jwt.header_alone`)."""
    text = value.strip()
    if not text:
        return False
    if text.startswith("eyJ") and "." not in text:
        from .jwt import header_alone  # here: few values start as a JWT does (start-up)

        if header_alone(text):
            return True
    if text.startswith("-----BEGIN "):
        blocks = list(_PEM_BLOCK.finditer(text))
        rest = _PEM_BLOCK.sub("", text).strip()
        return bool(blocks) and not rest and all(_PUBLIC_PEM.fullmatch(b.group(1)) for b in blocks)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    return bool(lines) and all(_SSH_PUBLIC.fullmatch(ln) for ln in lines)


# A password hash in crypt(3)'s format (bcrypt, SHA-crypt, Apache MD5, argon2), alone or as an
# htpasswd line `user:hash`, or salted as Jupyter keeps its password (`sha1:<salt>:<hex digest>`,
# `argon2:$argon2id$...`): a verifier a server checks passwords against, not the password.
_PASSWORD_HASH = lazy_compile(
    r"(?:[^:\s]{1,64}:)?(?:\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}"
    r"|(?:sha1|sha224|sha256|sha384|sha512|md5):[0-9a-f]{8,64}:(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{56}"
    r"|[0-9a-f]{64}|[0-9a-f]{96}|[0-9a-f]{128})"
    r"|\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}"
    r"|\$(?:apr1|1)\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}"
    r"|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}"
    # LDAP's userPassword schemes (RFC 2307: `{SSHA}` and its kin, base64 of digest and salt)
    r"|(?i:\{(?:s?sha(?:256|384|512)?|s?md5)\})[A-Za-z0-9+/]{20,}={0,2}"
    # MySQL's mysql_native_password hash (`*` and SHA1(SHA1(password)) in capital hex)
    r"|\*[0-9A-F]{40})"
)


def password_hash(value: str) -> bool:
    """A crypt(3) password hash, or an htpasswd line of one: safe in the sense that it does not
    log anyone in (the password it was made from is not in it)."""
    return _PASSWORD_HASH.fullmatch(value.strip()) is not None


def encrypted(value: str) -> bool:
    """Ciphertext (SOPS, PGP, age, Ansible Vault, Vault transit, Sealed Secrets, Jenkins's stored
    secrets): safe to commit."""
    return _ENCRYPTED.match(value.strip()) is not None


def private_key_body_is_real(body: str) -> bool:
    """A PEM body with key material (not `...` or `YOUR_KEY_HERE`): enough base64 to be a key,
    and not one short run repeated throughout (`FakeKeyBodyFakeKeyBody...`): key material is
    random bytes, which never repeat a unit over the whole body."""
    lines = _PEM_HEADER.sub("", body).split()
    data = "".join(lines)
    if len(data) < 40 or _BASE64.fullmatch(data) is None:
        return False
    long = [line for line in lines if len(line) >= 16]
    if _periodic(data) or (long and all(_periodic(line) for line in long)):
        return False  # (the whole, or each line, one unit repeated)
    return sum(1 for cls in (r"[a-z]", r"[A-Z]", r"\d") if re.search(cls, data)) >= 2 and len(set(data)) > 8


def _periodic(text: str) -> bool:
    """Whether `text` is a run of at most 32 characters repeated (the last time maybe cut):
    each character is the one a period before it."""
    return any(text[p:] == text[:-p] for p in range(1, min(32, len(text) // 2) + 1))


def real_private_keys(text: str) -> list[tuple[int, int]]:
    """Spans of private-key PEM blocks whose body is key material."""
    return [m.span() for m in _PRIVATE_PEM.finditer(text)
            if private_key_body_is_real(m.group(2).replace("\\n", "\n"))]


def decode_base64_text(value: str) -> str | None:
    """The UTF-8 text a base64 value holds, or None (not base64, not text, too short)."""
    from .base64text import decode

    data = decode(value, 8)
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text.isprintable() or all(c.isprintable() or c in "\r\n\t" for c in text) else None


def hidden_secret(value: str) -> str | None:
    """What a value hides that is a secret whatever its key: a private key (also base64-encoded)
    or a cloud service-account key. None when it holds neither."""
    for text in (value, decode_base64_text(value) or ""):
        if '"private_key"' in text and "service_account" in text and real_private_keys(text):
            return "a service-account key"
        if real_private_keys(text):
            return "a private key"
    return None


# Base64 text (`/` is one of its characters: one random value in 64 starts with it).
_BASE64_TEXT = lazy_compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def _base64_material(v: str) -> bool:
    """A value shaped as a path (`/...`) that is base64 material instead: base64 characters only,
    with a `+` or padding, or a part between slashes of 12 or more that mixes capitals, small
    letters and digits, as random bytes do and path names do not (`/run/secrets/db` is a path)."""
    if _BASE64_TEXT.fullmatch(v) is None:
        return False
    return "+" in v or v.endswith("=") or any(
        len(p) >= 12 and re.search(r"[A-Z]", p) and re.search(r"[a-z]", p) and re.search(r"\d", p)
        for p in v.split("/"))

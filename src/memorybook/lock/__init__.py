"""The locked site: every file that carries the journal encrypted, opened in the browser.

`crypto` holds the primitives' use (AES-256-GCM, PBKDF2, HKDF, HMAC, all from the
`cryptography` package), `passphrases` where passphrases come from and which are
strong enough, and `site` turns a finished site folder into a locked one.
"""

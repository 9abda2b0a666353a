"""Public URLs that look like www.northwind.example to one parser and elsewhere to another.

Shared by the editor's validation (test_share_kits) and the redirect, which checks the stored
URL again (test_redirects): both must refuse every one of them.
"""

ALLOWED_HOST = "www.northwind.example"

AMBIGUOUS_DESTINATIONS = [
    # Python reads the host after the @, browsers stop at the backslash: evil.example.
    "https://evil.example\\@www.northwind.example/",
    "https://evil.example%5C@www.northwind.example/",
    "https://evil.example%5c.www.northwind.example/",
    "https:\\\\evil.example/",
    "https:/\\evil.example/",
    # User info: the host is after the @, but readers see the first name.
    "https://evil.example@www.northwind.example/",
    "https://user:password@www.northwind.example/",
    "https://evil.example%40www.northwind.example/",
    # Not a web address of ours at all.
    "//evil.example/",
    "//www.northwind.example/",
    "javascript:alert(document.domain)//www.northwind.example/",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    # Tabs and newlines are dropped by browsers (and Python) before parsing.
    "https://www.north\twind.example/",
    "https://evil.example\n/www.northwind.example/",
    "https://www.northwind.example/\r\nSet-Cookie: session=stolen",
    " https://www.northwind.example/",
    # A look-alike host: í, not i.
    "https://www.northw\u00ednd.example/",
]

# Plain ASCII, unambiguous, but not a host the site allows (punycode of the look-alike).
PUNYCODE_HOST_NOT_ALLOWED = "https://xn--northwnd-9za.example/"

"""A local OpenID Connect provider that behaves like ProConnect, for the sign-in tests.

It runs on loopback in a thread: authorize (redirects back with a code), token (a signed ID
token carrying the nonce), userinfo (a signed JWT, as ProConnect answers), jwks.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "maillage-tests"
CLIENT_SECRET = "secret-des-tests"


class FakeProConnect:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "cle-de-test"
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.claims = {"email": "conseil@ml.test", "given_name": "Camille", "usual_name": "Dupont"}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base_url = f"http://127.0.0.1:{self.server.server_port}/api/v2"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def sign(self, payload: dict) -> str:
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": self.kid})

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=b"", content_type="application/json", headers=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path.endswith("/authorize"):
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {"nonce": query.get("nonce"), "query": query}
                    target = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                    self._send(302, headers={"Location": target})
                elif url.path.endswith("/jwks"):
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider.key.public_key()))
                    jwk.update(kid=provider.kid, use="sig", alg="RS256")
                    self._send(200, json.dumps({"keys": [jwk]}).encode())
                elif url.path.endswith("/userinfo"):
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    claims = provider.tokens.get(token)
                    if claims is None:
                        self._send(401)
                        return
                    self._send(200, provider.sign(claims).encode(), content_type="application/jwt")
                else:
                    self._send(404)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                grant = provider.codes.pop(form.get("code", ""), None)
                if not urlparse(self.path).path.endswith("/token") or grant is None:
                    self._send(400, b'{"error": "invalid_grant"}')
                    return
                now = int(time.time())
                claims = {
                    **provider.claims,
                    "sub": "agent-123",
                    "iss": provider.base_url,
                    "aud": CLIENT_ID,
                    "iat": now,
                    "exp": now + 60,
                    "nonce": grant["nonce"],
                }
                access = secrets.token_urlsafe(16)
                # ProConnect's userinfo JWT carries the identity, not the nonce.
                provider.tokens[access] = {k: v for k, v in claims.items() if k != "nonce"}
                body = {
                    "access_token": access,
                    "token_type": "Bearer",
                    "id_token": provider.sign(claims),
                }
                self._send(200, json.dumps(body).encode())

        return Handler

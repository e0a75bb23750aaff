"""What the proxy lets through that it did not check: the requests and Content-Types a real upstream receives.

Starts a recording upstream on 127.0.0.1 and ``mmsvalidate serve --upstream`` in front of it, then sends the
spec's example as a POST with ``?to=NOTANUMBER`` (XML body, then form body), and the example as XML labelled
``application/x-www-form-urlencoded``. Prints, for each, the proxy's status and what the upstream received.

    python bench/proxy_forwarded.py
"""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "corpus" / "spec" / "example.xml").read_bytes()
FORM = (
    b"action=sendmms&api_key=ea7966f90de2bf520e3f0042053e6ec3&to=15551234888&from=60856&operatorid=000189"
    b"&campaignref=Campaign123&subject=Free%20coupon!&name=Membership%20coupon"
    b"&slide_image_url_0=http://www.yoursite.com/images/welcome.jpg&slide_text_value_0=Hi!"
)
RECEIVED: list[tuple[str, str]] = []


class Recorder(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        RECEIVED.append((self.path, self.headers.get("Content-Type", "")))
        answer = b"<RESPONSE><STATUS>Success</STATUS></RESPONSE>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def main() -> int:
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    port = free_port()
    base = f"http://127.0.0.1:{upstream.server_address[1]}"
    command = [sys.executable, "-m", "mmsvalidate", "serve", "--quiet", "--port", str(port), "--upstream", base]
    served = subprocess.Popen(command)
    try:
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        url = f"http://127.0.0.1:{port}/API/wxml/1.3/index.php"
        attacks = [
            ("XML body + ?to=NOTANUMBER", url + "?to=NOTANUMBER", EXAMPLE, "text/xml"),
            ("form body + ?to=NOTANUMBER", url + "?to=NOTANUMBER", FORM, "application/x-www-form-urlencoded"),
            ("XML body labelled a form", url, EXAMPLE, "application/x-www-form-urlencoded"),
        ]
        for name, target, body, content_type in attacks:
            before = len(RECEIVED)
            answer = httpx.post(target, content=body, headers={"Content-Type": content_type}, timeout=30)
            got = RECEIVED[before:]
            said = f"upstream received {got[0][0]} as {got[0][1]!r}" if got else "upstream received nothing"
            print(f"{name}: proxy answered {answer.status_code}; {said}")
    finally:
        served.terminate()
        served.wait(timeout=30)
        upstream.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

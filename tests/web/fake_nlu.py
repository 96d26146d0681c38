"""A stand-in for Rasa's `POST /model/parse` (and `GET /status`) for the page tests that need
the NLU up without a trained model: a fixed table of words -> intent and confidence, no
entities (the household is read from the words by household.facts, as with the real NLU).

Sure intents (confidence 0.95) are dispatched at once by the import; a text that names no need
gets ask_eligibility at 0.45 and waits in 待派单.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RULES = [
    ("低保", "request_dibao", 0.95),
    ("特困", "request_tekun", 0.95),
    ("透析", "request_medical", 0.93),
    ("医疗救助", "request_medical", 0.95),
    ("学费", "request_education", 0.92),
    ("危房", "request_housing", 0.94),
    ("着火", "request_temporary", 0.9),
    ("护理补贴", "request_disability", 0.95),
    ("就业", "request_employment", 0.9),
    ("流浪", "request_vagrant", 0.91),
    ("入户调查", "complain_handling", 0.9),
]


def classify(text: str) -> dict:
    for word, intent, confidence in RULES:
        if word in text:
            return {"name": intent, "confidence": confidence}
    return {"name": "ask_eligibility", "confidence": 0.45}


class _Handler(BaseHTTPRequestHandler):
    def _answer(self, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._answer({"model_file": "fake"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        text = json.loads(self.rfile.read(length) or b"{}").get("text", "")
        self._answer({"text": text, "intent": classify(text), "entities": []})

    def log_message(self, *args) -> None:  # quiet
        return


class FakeNlu:
    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeNlu:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

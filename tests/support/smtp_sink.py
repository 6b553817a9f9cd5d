#!/usr/bin/env python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1:PORT and writes every accepted message into DIR as <id>.eml (the raw
message) beside <id>.txt (the recipients, then the decoded text/plain part). The .txt file is
written first and the .eml file appears whole (renamed into place), so a reader that sees the
.eml can read both. Creates DIR/.ready once it accepts connections; stops on SIGTERM.
Recipients containing --reject-rcpt get a permanent 550 reply. With --tls starttls the server
requires STARTTLS before MAIL; with --tls implicit it speaks TLS from the start (smtps); either
way with a throwaway certificate for 127.0.0.1 that it writes to DIR/cert.pem first. A message to a recipient
containing --hold-rcpt is held before its reply: the sink creates DIR/.holding and answers only
once DIR/.release exists (so a test can act while a delivery is in flight). With
--store-before-hold the held message is stored first, as a receiver that commits a message
before its reply does: a sender that dies then never learns it was delivered (RFC 1047).
"""
import argparse
import asyncio
import email
import os
import signal
import ssl
import subprocess
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, reject, hold, store_before_hold):
        self.folder = folder
        self.reject = reject
        self.hold = hold
        self.store_before_hold = store_before_hold
        self.lock = threading.Lock()
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        held = self.hold and any(self.hold in rcpt for rcpt in envelope.rcpt_tos)
        if held and not self.store_before_hold:
            await self.wait_for_release()
        self.store(envelope)
        if held and self.store_before_hold:
            await self.wait_for_release()
        return "250 OK"

    def store(self, envelope):
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, "%d-%05d" % (os.getpid(), self.count))
        raw = envelope.content
        text = ""
        for part in email.message_from_bytes(raw).walk():
            if part.get_content_type() == "text/plain":
                text = part.get_payload(decode=True).decode("utf-8")
        with open(name + ".txt", "w", encoding="utf-8") as out:
            out.write("To: " + ",".join(envelope.rcpt_tos) + "\n" + text)
        with open(name + ".eml.part", "wb") as out:
            out.write(raw)
        os.rename(name + ".eml.part", name + ".eml")

    async def wait_for_release(self):
        with open(os.path.join(self.folder, ".holding"), "w", encoding="utf-8"):
            pass
        while not os.path.exists(os.path.join(self.folder, ".release")):
            await asyncio.sleep(0.02)


def tls_context(folder):
    cert, key = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject-rcpt", default="")
    parser.add_argument("--hold-rcpt", default="")
    parser.add_argument("--store-before-hold", action="store_true")
    parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    args = parser.parse_args()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    tls = {}
    if args.tls == "starttls":
        tls = {"tls_context": tls_context(args.dir), "require_starttls": True}
    elif args.tls == "implicit":
        tls = {"ssl_context": tls_context(args.dir)}
    controller = Controller(Sink(args.dir, args.reject_rcpt, args.hold_rcpt, args.store_before_hold),
                            hostname="127.0.0.1", port=args.port, **tls)
    controller.start()
    with open(os.path.join(args.dir, ".ready"), "w", encoding="utf-8"):
        pass
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()


if __name__ == "__main__":
    main()

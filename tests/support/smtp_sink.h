// A real SMTP server for tests: tests/support/smtp_sink.py (python3-aiosmtpd) as a child
// process on a loopback port, keeping every message it accepts in a folder of its own.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace supplynet::testing {

// A loopback port that was free a moment ago.
int FreePort();

// How the sink speaks TLS: not at all, STARTTLS required before MAIL, or from the start.
enum class SmtpTls { kNone, kStartTls, kImplicit };

class SmtpSink {
 public:
  // Does not listen yet: Start() does, so a test can pick the port before the server is up.
  // Recipients containing `reject_rcpt` (if not empty) are refused with a permanent 550.
  // A message to a recipient containing `hold_rcpt` (if not empty) is held unanswered until
  // Release(), so a test can act while its delivery is in flight.
  explicit SmtpSink(int port = FreePort(), std::string reject_rcpt = "",
                    std::string hold_rcpt = "");
  ~SmtpSink();  // Stops the server and removes the folder.

  // Listens; false (and a test failure) when the server did not come up.
  bool Start();
  void Stop();

  int port() const { return port_; }
  // Before Start(): the sink then uses a throwaway certificate for 127.0.0.1.
  void set_tls(SmtpTls tls) { tls_ = tls; }
  // Before Start(): the held message is stored before its reply is held, as a receiver that
  // commits a message and then loses the connection (the sender never hears it was accepted).
  void set_store_before_hold(bool store) { store_before_hold_ = store; }
  // smtps:// for SmtpTls::kImplicit, else smtp://.
  std::string url() const;
  // The sink's certificate (PEM), to trust as a certificate authority; once started with TLS.
  std::string ca_file() const { return dir_ + "/cert.pem"; }
  // The texts of the messages received so far, by file name: "To: a,b\n" then the plain part.
  std::vector<std::string> Texts() const;
  // The Message-ID header of each message received so far (one entry per message received,
  // so an email received twice appears twice).
  std::vector<std::string> MessageIds() const;
  // Waits until at least `count` messages arrived or `patience` ran out; returns the texts.
  std::vector<std::string> WaitFor(size_t count, absl::Duration patience = absl::Seconds(60)) const;
  // True once a message to a `hold_rcpt` recipient is being held (waits up to a minute).
  bool WaitUntilHolding() const;
  // Answers the held message and every later one.
  void Release() const;
  // Waits (up to a minute) until at least `count` messages to `address` arrived; returns the
  // text of the latest ("" when they did not).
  std::string LatestTo(const std::string& address, size_t count = 1) const;

 private:
  int port_;
  std::string reject_rcpt_;
  std::string hold_rcpt_;
  SmtpTls tls_ = SmtpTls::kNone;
  bool store_before_hold_ = false;
  std::string dir_;
  pid_t pid_ = -1;
};

// The activation code (XXXX-XXXX-XXXX) in an email text; "" when there is none.
std::string ActivationCodeIn(const std::string& text);

}  // namespace supplynet::testing

// The invitation email: a MIME message (RFC 5322, multipart/alternative with a plain-text and
// an HTML part), in Spanish and English, carrying the client's name, the activation code and
// the activation steps. Pure text building; delivery is elsewhere.
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace supplynet {

struct InvitationEmail {
  std::string from;             // Sender address (addr-spec).
  std::vector<std::string> to;  // Recipient addresses (addr-spec, already validated).
  std::string message_id;       // Unique id, without angle brackets ("x@supplynet").
  std::string client_name;      // The inviting client's legal name.
  std::string client_tax_id;    // As the supplier must type it, e.g. "CO 890321567".
  std::string supplier_name;    // The invited supplier's name in the client's network.
  std::string code;             // The activation code in display form (XXXX-XXXX-XXXX).
  absl::Time expire_time;       // When the code stops working.
  absl::Time date;              // The Date header.
};

// The whole message, CRLF line endings, every line at most 78 characters.
std::string RenderInvitationEmail(const InvitationEmail& email);

}  // namespace supplynet

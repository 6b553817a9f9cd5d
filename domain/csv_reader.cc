#include "domain/csv_reader.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace supplynet {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(CsvOptions options) : options_(options), separator_(options.separator) {}

void CsvReader::Feed(std::string_view chunk) {
  if (finished_) return;
  if (bom_pending_) chunk = ConsumeBom(chunk);
  Route(chunk);
}

void CsvReader::Finish() {
  if (finished_) return;
  FlushBomPrefix();
  if (separator_ == kDetectSeparator) DecideSeparator();
  finished_ = true;
  after_cr_ = false;
  if (state_ == State::kQuoted) {
    // The root cause wins over a limit the runaway field may have hit meanwhile.
    error_.clear();
    SetError(absl::StrCat("the quoted field opened on line ", quote_line_, " is never closed"));
    EndRecord();
  } else if (in_record_) {
    EndField();
    EndRecord();
  }
}

std::vector<CsvRecord> CsvReader::TakeRecords() {
  std::vector<CsvRecord> out;
  out.swap(ready_);
  return out;
}

// Holds back leading bytes while they may still be a BOM split across chunks.
std::string_view CsvReader::ConsumeBom(std::string_view chunk) {
  while (!chunk.empty() && bom_prefix_.size() < kBom.size() &&
         chunk.front() == kBom[bom_prefix_.size()]) {
    bom_prefix_.push_back(chunk.front());
    chunk.remove_prefix(1);
  }
  if (bom_prefix_.size() == kBom.size()) {
    bom_pending_ = false;
    bom_prefix_.clear();
  } else if (!chunk.empty()) {
    FlushBomPrefix();  // A mismatch: the held bytes were data.
  }
  return chunk;
}

void CsvReader::FlushBomPrefix() {
  bom_pending_ = false;
  std::string held;
  held.swap(bom_prefix_);
  Route(held);
}

void CsvReader::Route(std::string_view bytes) {
  if (separator_ == kDetectSeparator) {
    Detect(bytes);
  } else {
    Parse(bytes);
  }
}

// Buffers the first record, counting separators outside quotes, until it ends; then parses the
// buffer and the rest of `bytes` with the winner.
void CsvReader::Detect(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    const char c = bytes[i];
    detect_buffer_.push_back(c);
    if (c == '"') detect_in_quotes_ = !detect_in_quotes_;  // `""` toggles twice: no change.
    bool record_ended = false;
    if (!detect_in_quotes_) {
      commas_ += c == ',';
      semicolons_ += c == ';';
      record_ended = IsLineBreak(c) && detect_seen_content_;
      detect_seen_content_ = detect_seen_content_ || !IsLineBreak(c);
    }
    if (record_ended || detect_buffer_.size() >= options_.max_field_bytes) {
      DecideSeparator();
      Parse(bytes.substr(i + 1));
      return;
    }
  }
}

void CsvReader::DecideSeparator() {
  separator_ = semicolons_ > commas_ ? ';' : ',';
  std::string buffered;
  buffered.swap(detect_buffer_);
  Parse(buffered);
}

void CsvReader::Parse(std::string_view bytes) {
  for (char c : bytes) Step(c);
}

void CsvReader::Step(char c) {
  const bool lf_after_cr = after_cr_ && c == '\n';
  after_cr_ = c == '\r';
  if (lf_after_cr) {
    // The "\r" already ended the line (and the record, outside quotes).
    if (state_ == State::kQuoted) Append(c);
    return;
  }
  switch (state_) {
    case State::kFieldStart:
      StepFieldStart(c);
      break;
    case State::kUnquoted:
      StepUnquoted(c);
      break;
    case State::kQuoted:
      StepQuoted(c);
      break;
    case State::kQuoteInQuoted:
      StepQuoteInQuoted(c);
      break;
  }
  if (IsLineBreak(c)) ++line_;
}

void CsvReader::StepFieldStart(char c) {
  if (IsLineBreak(c)) {
    if (!in_record_) return;  // An empty line.
    EndField();
    EndRecord();
    return;
  }
  StartRecord();
  if (c == '"') {
    quote_line_ = line_;
    state_ = State::kQuoted;
  } else if (c == separator_) {
    EndField();
  } else {
    Append(c);
    state_ = State::kUnquoted;
  }
}

// Ends the field on a separator, and the record too on a line break; false for other bytes.
bool CsvReader::EndFieldAt(char c) {
  if (c == separator_) {
    EndField();
    state_ = State::kFieldStart;
    return true;
  }
  if (IsLineBreak(c)) {
    EndField();
    EndRecord();
    return true;
  }
  return false;
}

void CsvReader::StepUnquoted(char c) {
  if (!EndFieldAt(c)) Append(c);
}

void CsvReader::StepQuoted(char c) {
  if (c == '"') {
    state_ = State::kQuoteInQuoted;
  } else {
    Append(c);
  }
}

void CsvReader::StepQuoteInQuoted(char c) {
  if (c == '"') {
    Append(c);
    state_ = State::kQuoted;
  } else if (!EndFieldAt(c)) {
    Append(c);
    state_ = State::kUnquoted;
  }
}

void CsvReader::StartRecord() {
  if (in_record_) return;
  in_record_ = true;
  record_line_ = line_;
}

void CsvReader::Append(char c) {
  if (!error_.empty()) return;  // The record is already lost: keep memory flat.
  if (field_.size() >= options_.max_field_bytes) {
    SetError(absl::StrCat("field ", fields_.size() + 1, " is longer than ",
                          options_.max_field_bytes, " bytes"));
    return;
  }
  field_.push_back(c);
}

void CsvReader::EndField() {
  if (!error_.empty()) return;
  if (fields_.size() >= options_.max_fields) {
    SetError(absl::StrCat("the record has more than ", options_.max_fields, " fields"));
    return;
  }
  fields_.push_back(std::move(field_));
  field_.clear();
}

void CsvReader::EndRecord() {
  CsvRecord record;
  record.line = record_line_;
  record.fields = std::move(fields_);
  record.error = std::move(error_);
  ready_.push_back(std::move(record));
  fields_.clear();
  field_.clear();
  error_.clear();
  in_record_ = false;
  state_ = State::kFieldStart;
}

void CsvReader::SetError(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  fields_.clear();
  field_.clear();
}

}  // namespace supplynet

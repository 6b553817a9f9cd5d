// An incremental RFC 4180 CSV reader: bytes are pushed in chunks of any size (a chunk may end
// anywhere, even inside a UTF-8 sequence, a quoted field or between "\r" and "\n") and complete
// records are pulled out. Memory is bounded by the limits below plus the records of one chunk:
// the file is never buffered whole. Pure: no I/O, no exceptions; errors are records.
//
// Dialect: a UTF-8 BOM at the very start is dropped; records end at LF, CRLF or CR; fully empty
// lines are skipped; a field that starts with `"` is quoted (`""` inside is one quote, line
// breaks inside are kept verbatim). Leniencies, as most spreadsheets expect: a quote inside an
// unquoted field is data, and text after a closing quote is appended to the field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace supplynet {

// CsvOptions::separator value that asks the reader to detect it from the first record.
inline constexpr char kDetectSeparator = '\0';

struct CsvOptions {
  // ',' or ';' (any byte but a quote or a line break works), or kDetectSeparator: the one of
  // ',' and ';' that appears more often outside quotes in the first record (',' on a tie).
  char separator = kDetectSeparator;
  // A longer field turns its record into an error record. While the separator is detected the
  // first record is buffered up to this size; beyond it the counts seen so far decide.
  size_t max_field_bytes = 64 * 1024;
  // More fields turn the record into an error record.
  size_t max_fields = 64;
};

struct CsvRecord {
  int64_t line = 0;  // 1-based physical line where the record starts (the BOM is not a line).
  std::vector<std::string> fields;  // Empty when `error` is set.
  std::string error;                // Why the record is unusable; empty for a good record.

  bool ok() const { return error.empty(); }
};

class CsvReader {
 public:
  explicit CsvReader(CsvOptions options = {});

  // Parses the next bytes of the file. Ignored after Finish().
  void Feed(std::string_view chunk);
  // Ends the file: emits the last record (one without a final line break), or an error record
  // if a quoted field is still open.
  void Finish();
  // The records completed so far, in file order; the reader forgets them.
  std::vector<CsvRecord> TakeRecords();

  // The separator in use; kDetectSeparator while it is still being detected.
  char separator() const { return separator_; }

 private:
  enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };

  std::string_view ConsumeBom(std::string_view chunk);
  void FlushBomPrefix();
  void Route(std::string_view bytes);
  void Detect(std::string_view bytes);
  void DecideSeparator();
  void Parse(std::string_view bytes);
  void Step(char c);
  void StepFieldStart(char c);
  bool EndFieldAt(char c);
  void StepUnquoted(char c);
  void StepQuoted(char c);
  void StepQuoteInQuoted(char c);
  bool IsLineBreak(char c) const { return c == '\n' || c == '\r'; }
  void StartRecord();
  void Append(char c);
  void EndField();
  void EndRecord();
  void SetError(std::string message);

  CsvOptions options_;
  char separator_;
  bool finished_ = false;

  // BOM: the leading bytes that match it so far, while undecided.
  bool bom_pending_ = true;
  std::string bom_prefix_;

  // Separator detection: the raw first record, and what was seen of it.
  std::string detect_buffer_;
  bool detect_in_quotes_ = false;
  bool detect_seen_content_ = false;
  size_t commas_ = 0;
  size_t semicolons_ = 0;

  // The record being parsed.
  State state_ = State::kFieldStart;
  bool after_cr_ = false;  // The previous byte was "\r": a following "\n" ends the same line.
  int64_t line_ = 1;
  bool in_record_ = false;
  int64_t record_line_ = 0;
  int64_t quote_line_ = 0;  // Where the open quoted field started.
  std::vector<std::string> fields_;
  std::string field_;
  std::string error_;

  std::vector<CsvRecord> ready_;
};

}  // namespace supplynet

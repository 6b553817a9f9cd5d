# Writes a C++ file holding every storage/migrations/NNNN_name.sql as a string, so that the
# server binary carries its own schema. Run with -DSRC_DIR=... -DOUT=...
file(GLOB files "${SRC_DIR}/[0-9][0-9][0-9][0-9]_*.sql")
list(SORT files)
set(body "")
foreach(path IN LISTS files)
  get_filename_component(file_name "${path}" NAME_WE)
  string(SUBSTRING "${file_name}" 0 4 version)
  string(SUBSTRING "${file_name}" 5 -1 name)
  math(EXPR version_number "${version}")
  file(READ "${path}" sql)
  string(APPEND body "      {${version_number}, \"${name}\", R\"sql(${sql})sql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from storage/migrations/*.sql; do not edit.
#include \"storage/migrator.h\"

namespace supplynet::storage {

const std::vector<Migration>& EmbeddedMigrations() {
  static const std::vector<Migration> kMigrations = {
${body}  };
  return kMigrations;
}

}  // namespace supplynet::storage
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)

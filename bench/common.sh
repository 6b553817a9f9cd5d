# Shared by bench/run and bench/profile (sourced): builds the server and the bench client,
# starts a throwaway PostgreSQL cluster (fsync off, as in the tests) and the server on a free
# port, and removes both on exit. Expects ROOT, BUILD and PLATFORM_NIT; sets BENCH, SERVER,
# WORK, DB_URL, ADDR and SERVER_PID, and defines start_server, stop_server, peak_kb, reset_peak, kv and
# write_get_sql.

if [[ -f "$BUILD/CMakeCache.txt" ]]; then
  cmake --build "$BUILD" -j2 --target supplynet-server supplynet-bench
else
  "$ROOT/scripts/build"
fi
BENCH="$BUILD/bench/supplynet-bench"
SERVER="$BUILD/server/supplynet-server"

WORK=$(mktemp -d)
chmod 755 "$WORK"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  "$ROOT/scripts/pg-cluster" stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The same cluster settings serve both sides (PG_FAST: no fsync, as in the tests).
# shared_buffers holds the largest network of bench/growth (1,000,000 suppliers and their
# indexes, about 600 MB), as a production database is sized to hold its working set: with the
# default 128 MB every read of a large network went to the kernel's page cache.
PG_FAST=1 PG_SHARED_BUFFERS=${BENCH_SHARED_BUFFERS:-1GB} "$ROOT/scripts/pg-cluster" start "$WORK/pg" >/dev/null
ADMIN_URL=$("$ROOT/scripts/pg-cluster" url "$WORK/pg")
psql -qX "$ADMIN_URL" -c "CREATE DATABASE bench" >/dev/null
DB_URL="${ADMIN_URL%/*}/bench"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ADDR="127.0.0.1:$PORT"
start_server() {
  "$SERVER" --listen="$ADDR" --database_url="$DB_URL" --metrics_listen= \
    --ingestion_company="CO:$PLATFORM_NIT" ${SERVER_FLAGS:-} >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  "$BENCH" wait --server="$ADDR" || { cat "$WORK/server.log" >&2; exit 1; }
}
stop_server() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" || true
  SERVER_PID=""
}
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status"; }
# Starts the server's peak RSS over from its current RSS (Linux's clear_refs), so that the next
# peak_kb is what came after: a start and a login peak at the Argon2id password hash (64 MiB).
reset_peak() { echo 5 >"/proc/$SERVER_PID/clear_refs"; }

# key=value lines of a bench subcommand, as shell variables.
kv() { grep -E '^[a-z_0-9]+=' | sed -E "s/^([a-z_0-9]+)=(.*)$/\1='\2'/"; }

# Writes to $1 the pgbench script of GetSupplier's SELECT: a random one of $2 imported rows
# (tax IDs 800000000 + i, as `supplynet-bench generate` makes them) of company $3.
write_get_sql() {
  cat >"$1" <<EOF
\\set i random(0, $(($2 - 1)))
SELECT client_company_id::text, supplier_id::text, country, tax_id_type, tax_id, verification_digit, name, description, address, city, province, phone, fax, email, array_to_string(groups, '|') AS groups, origin, linked_company_id::text, pending_invitation_id::text, version, sn_micros(create_time) AS create_time, sn_micros(update_time) AS update_time, name_folded FROM suppliers WHERE client_company_id = '$3' AND country = 'CO' AND tax_id = (800000000 + :i)::text;
EOF
}

#!/usr/bin/env bash
# Helper for `make demo`, `make test` and `make bench`: finds Odoo 18 and
# PostgreSQL, links this repository as the `crm_agency_sales` addon into a
# temporary addons folder and runs Odoo on it. It never installs Odoo: the
# project expects an existing Odoo 18.0 (set $ODOO_BIN, or put `odoo` on PATH).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODULE=crm_agency_sales
DEMO_DB="${DEMO_DB:-crm_agency_sales_demo}"
TEST_DB="${TEST_DB:-crm_agency_sales_test}"
HTTP_PORT="${HTTP_PORT:-8069}"
TEST_HTTP_PORT="${TEST_HTTP_PORT:-8169}"
TEST_TAGS="${TEST_TAGS:-/$MODULE}"
# Odoo's own test suites of the modules the addon extends: they must still
# pass on the database with the addon installed (set STOCK_SUITES= to skip).
STOCK_SUITES="${STOCK_SUITES-crm sale_crm sale_management}"

die() { echo "error: $*" >&2; exit 1; }

find_odoo() {
    if [ -n "${ODOO_BIN:-}" ]; then
        [ -x "$ODOO_BIN" ] || die "ODOO_BIN is set to '$ODOO_BIN', which is not an executable Odoo 18 server."
        ODOO="$ODOO_BIN"
    elif command -v odoo >/dev/null 2>&1; then
        ODOO="$(command -v odoo)"
    elif command -v odoo-bin >/dev/null 2>&1; then
        ODOO="$(command -v odoo-bin)"
    else
        die "Odoo 18 was not found: install Odoo 18.0 and put its 'odoo' command on PATH, or set ODOO_BIN to its odoo-bin."
    fi
    local version
    version="$("$ODOO" --version 2>/dev/null | tail -n1 || true)"
    case "$version" in
        *"Odoo Server 18."*|*"Odoo Server saas~18"*) ;;
        *) die "'$ODOO' is not Odoo 18.0 (it says: '${version:-nothing}')." ;;
    esac
}

ensure_postgres() {
    command -v psql >/dev/null 2>&1 || die "PostgreSQL client 'psql' was not found: install PostgreSQL (15 or newer)."
    if ! pg_isready -q 2>/dev/null; then
        if command -v pg_lsclusters >/dev/null 2>&1; then
            echo "Starting the local PostgreSQL cluster(s)..."
            pg_lsclusters --no-header | while read -r ver cluster _port status _rest; do
                if [ "$status" != "online" ]; then
                    pg_ctlcluster "$ver" "$cluster" start || true
                fi
            done
        fi
        for _ in $(seq 1 30); do pg_isready -q 2>/dev/null && break; sleep 1; done
        pg_isready -q 2>/dev/null || die "PostgreSQL is not running and could not be started (try: sudo pg_ctlcluster 15 main start)."
    fi
    # Odoo connects as the current OS user through the local socket.
    if ! psql -d postgres -Atc "select 1" >/dev/null 2>&1; then
        if [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1; then
            su postgres -c "createuser --superuser $(id -un)" >/dev/null 2>&1 || true
        fi
        psql -d postgres -Atc "select 1" >/dev/null 2>&1 \
            || die "PostgreSQL refuses the role '$(id -un)': create it (sudo -u postgres createuser --createdb $(id -un))."
    fi
}

ensure_rtlcss() {
    # Odoo mirrors its style sheets for right-to-left languages (Persian)
    # with the rtlcss tool; without it the server only logs a warning and
    # serves a left-to-right layout to Persian users.
    command -v rtlcss >/dev/null 2>&1 && return
    if command -v npm >/dev/null 2>&1; then
        echo "Installing rtlcss (right-to-left style sheets for Persian) with npm..."
        npm install -g rtlcss >/dev/null 2>&1 || true
    fi
    command -v rtlcss >/dev/null 2>&1 \
        || die "rtlcss was not found: Persian users would get a left-to-right layout. Install Node.js and run 'npm install -g rtlcss'."
}

prepare_addons() {
    WORK="${AGENCY_WORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/crm_agency_sales.XXXXXX")}"
    mkdir -p "$WORK/addons"
    ln -sfn "$ROOT" "$WORK/addons/$MODULE"
    # Odoo's default addons path, as this Odoo computes it (or ODOO_ADDONS_PATH).
    local base="${ODOO_ADDONS_PATH:-}"
    if [ -z "$base" ]; then
        "$ODOO" -c "$WORK/probe.conf" -s --stop-after-init >/dev/null 2>&1 || true
        base="$(sed -n 's/^addons_path *= *//p' "$WORK/probe.conf" 2>/dev/null || true)"
    fi
    [ -n "$base" ] || die "could not read Odoo's addons path; set ODOO_ADDONS_PATH to Odoo's addons folders (comma-separated)."
    ADDONS_PATH="$base,$WORK/addons"
}

db_has_module() {
    psql -d "$1" -Atc "select state from ir_module_module where name='$MODULE'" 2>/dev/null | grep -qx installed
}

cmd_demo() {
    find_odoo; ensure_postgres; ensure_rtlcss; prepare_addons
    local action="-i"
    # DEMO_FRESH=1: start again from a new database (an update keeps the demo
    # records an older version made and does not replay the demo's steps)
    if [ "${DEMO_FRESH:-0}" = 1 ]; then
        echo "Dropping database '$DEMO_DB' (DEMO_FRESH=1)..."
        dropdb --if-exists "$DEMO_DB"
    fi
    if psql -d postgres -Atc "select 1 from pg_database where datname='$DEMO_DB'" | grep -q 1; then
        db_has_module "$DEMO_DB" && action="-u"
    fi
    echo "Preparing database '$DEMO_DB' ($( [ "$action" = -u ] && echo updating || echo installing ) $MODULE with demo data)..."
    "$ODOO" -d "$DEMO_DB" --addons-path="$ADDONS_PATH" $action "$MODULE" \
        --stop-after-init --log-level=warn --http-port="$HTTP_PORT"
    cat <<MSG

  Odoo is starting on http://localhost:$HTTP_PORT  (database: $DEMO_DB)
  Log in as   admin / admin          (administrator, sales manager)
         or   salesperson / salesperson, salesperson2 / salesperson2 (English),
              salesperson_fa / salesperson_fa (Persian, right to left),
              finance / finance, projectcontrol / projectcontrol
  Customers speak Persian or Russian (the lead's Language); the demo has
  English, Persian and Russian active (switch in your Preferences).
  The demo leads sit at every step of the process, with their objections
  and a future follow-up, and contract requests in every state, from draft
  to in execution (Pars Tile Co.'s contract PDF is in Persian, Neva
  Travel's in Russian); signed contracts are in the legal archive.
  Press Ctrl+C to stop.

MSG
    exec "$ODOO" -d "$DEMO_DB" --addons-path="$ADDONS_PATH" --http-port="$HTTP_PORT" \
        --db-filter="^${DEMO_DB}\$" --log-level=info
}

cmd_test() {
    find_odoo; ensure_postgres; ensure_rtlcss; prepare_addons
    local log="$WORK/test.log" side_rc=0
    dropdb --if-exists "$TEST_DB" >/dev/null 2>&1
    # Odoo's own suites and the life cycle run beside the addon's tests, on
    # databases of their own and another HTTP port: the two streams share
    # the machine's cores and the run takes the longer one's time, not the
    # sum. Their log is printed when the addon's tests are done.
    side_stream >"$WORK/side.out" 2>&1 &
    local side_pid=$!
    echo "Installing $MODULE in a fresh database '$TEST_DB' and running: $TEST_TAGS"
    set +e
    # Without demo data: the demo turns the blocking rules on, as an admin
    # would; the tests (and Odoo's own suites) run on a plain install. The
    # demo data are installed and checked separately (side_stream).
    "$ODOO" -d "$TEST_DB" --addons-path="$ADDONS_PATH" -i "$MODULE" --without-demo=all \
        --test-enable --test-tags="$TEST_TAGS" --stop-after-init \
        --http-port="$TEST_HTTP_PORT" --log-level=test --workers=0 --max-cron-threads=0 \
        2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    wait "$side_pid" || side_rc=$?
    echo "Odoo's own suites and the life cycle (run beside the addon's tests):"
    cat "$WORK/side.out"
    [ -f "$WORK/side.log" ] && cat "$WORK/side.log" >>"$log"
    [ "$side_rc" = 0 ] || { [ "$rc" != 0 ] || rc=$side_rc; }
    set -e
    python3 "$ROOT/scripts/test_summary.py" "$log" "$rc"
}

# The second stream of `make test`: Odoo's own test files of the modules the
# addon extends, on a database with the addon installed, then the module's
# life cycle on a demo database. Writes its Odoo output to $WORK/side.log and
# its progress to stdout; exits non-zero when a step failed.
side_stream() {
    local log="$WORK/side.log" rc=0 stock_db="${TEST_DB}_stock"
    local port=$((TEST_HTTP_PORT + 1))
    : >"$log"
    set +e
    if [ -n "$STOCK_SUITES" ]; then
        # Second pass: every test file of the extended modules, run with the
        # addon installed (--test-file runs a file's tests, at- and
        # post-install alike, in the fully loaded registry; the tag below
        # selects no other test).
        dropdb --if-exists "$stock_db" >/dev/null 2>&1
        echo "Installing $MODULE in '$stock_db' for Odoo's own test files"
        "$ODOO" -d "$stock_db" --addons-path="$ADDONS_PATH" -i "$MODULE" --without-demo=all \
            --stop-after-init --log-level=warn --no-http >>"$log" 2>&1 || rc=1
        local module dir file frc
        for module in $STOCK_SUITES; do
            dir="$(stock_tests_dir "$module")"
            [ -n "$dir" ] || { echo "error: tests of '$module' not found in $ADDONS_PATH" | tee -a "$log"; rc=1; continue; }
            for file in "$dir"/test_*.py; do
                echo "Running $module/tests/$(basename "$file") with $MODULE installed" | tee -a "$log"
                run_stock_file "$stock_db" "$port" "$file"
                frc=$?
                # Odoo's own browser tours can log an error from the HTTP
                # server thread without failing a test (a request the browser
                # still had in flight). When that is the only error and no
                # test failed, the file runs once more and that second run
                # must be clean; the first run's error and traceback are
                # printed, not hidden.
                if [ "$frc" = 0 ] && only_http_errors "$WORK/file.log"; then
                    echo "    $module/tests/$(basename "$file") logged an HTTP request error without failing a test:" | tee -a "$log"
                    sed -n '/ ERROR .* odoo.http: /,/^[0-9-]* [0-9:,]* [0-9]* INFO /p' "$WORK/file.log" | head -40 | sed 's/^/      /' | tee -a "$log"
                    echo "    running it once more" | tee -a "$log"
                    run_stock_file "$stock_db" "$port" "$file"
                    frc=$?
                fi
                [ "$frc" = 0 ] || rc=$frc
                cat "$WORK/file.log" >>"$log"
                grep -E " (ERROR|CRITICAL) |when loading database" "$WORK/file.log" | sed 's/^/    /' || true
            done
        done
        dropdb --if-exists "$stock_db" >/dev/null 2>&1
    fi
    # Third pass, the module's life cycle on make demo's database: install
    # with the demo data, upgrade with that data, uninstall, reinstall; each
    # step must log no warning or error. DEMO_CHECK=0 skips it (for quick
    # runs of a few tests while developing).
    if [ "${DEMO_CHECK:-1}" != 0 ]; then
        TEST_HTTP_PORT=$port lifecycle "${TEST_DB}_demo" || rc=1
    fi
    return $rc
}

run_stock_file() {
    "$ODOO" -d "$1" --addons-path="$ADDONS_PATH" --test-enable \
        --test-tags="/$MODULE:_no_such_test_" --test-file="$3" --stop-after-init \
        --http-port="$2" --log-level=test --workers=0 --max-cron-threads=0 \
        >"$WORK/file.log" 2>&1
}

# Run one life-cycle step of the module on database $1 ($2: what it is,
# then the command); print and fail on any WARNING, ERROR or CRITICAL line.
lifecycle_step() {
    local db="$1" what="$2"; shift 2
    local out="$WORK/lifecycle.log" step_rc bad wk
    echo "Life cycle on '$db': $what" | tee -a "$log"
    "$@" >"$out" 2>&1
    step_rc=$?
    cat "$out" >>"$log"
    # wkhtmltopdf's own messages are the one exception, counted and shown:
    # the demo drafts contracts, whose PDF is rendered during the install,
    # when no HTTP server serves the report's assets ("network error"), and
    # an unpatched wkhtmltopdf (Debian's) says it ignores the header and
    # footer switches (the contract lays its pages out itself).
    bad="$(grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$out" \
        | grep -vE "^[0-9-]+ [0-9:,]+ [0-9]+ WARNING [^ ]+ odoo\.addons\.base\.models\.ir_actions_report: wkhtmltopdf: " || true)"
    wk="$(grep -cE "^[0-9-]+ [0-9:,]+ [0-9]+ WARNING [^ ]+ odoo\.addons\.base\.models\.ir_actions_report: wkhtmltopdf: " "$out" || true)"
    if [ "${wk:-0}" != 0 ]; then
        echo "  ($wk wkhtmltopdf warnings of the contract PDFs rendered during the step, not counted)" | tee -a "$log"
    fi
    if [ "$step_rc" != 0 ] || [ -n "$bad" ]; then
        echo "  $what failed (exit code $step_rc):" | tee -a "$log"
        printf '%s\n' "$bad" | head -20 | sed 's/^/    /'
        return 1
    fi
}

lifecycle() {
    local db="$1" ok=0
    local args=(-d "$db" --addons-path="$ADDONS_PATH" --http-port="$TEST_HTTP_PORT"
                --log-level=warn --workers=0 --max-cron-threads=0)
    dropdb --if-exists "$db" >/dev/null 2>&1
    lifecycle_step "$db" "install with demo data" "$ODOO" "${args[@]}" -i "$MODULE" --stop-after-init || ok=1
    # the demo tells the whole story: every step, every contract state, the
    # stage gates of each lead (prints nothing when coherent)
    lifecycle_step "$db" "check the demo data" "$ODOO" shell "${args[@]}" --no-http \
        <"$ROOT/scripts/check_demo.py" || ok=1
    lifecycle_step "$db" "upgrade with data" "$ODOO" "${args[@]}" -u "$MODULE" --stop-after-init || ok=1
    lifecycle_step "$db" "uninstall" "$ODOO" shell "${args[@]}" --no-http <<PY || ok=1
module = env["ir.module.module"].search([("name", "=", "$MODULE")])
module.button_immediate_uninstall()
env.cr.commit()
assert module.state == "uninstalled", module.state
PY
    lifecycle_step "$db" "reinstall" "$ODOO" "${args[@]}" -i "$MODULE" --stop-after-init || ok=1
    dropdb --if-exists "$db" >/dev/null 2>&1
    return $ok
}

# True when a test file's log reports no failed test and its only ERROR or
# CRITICAL lines are odoo.http's "Exception during request handling".
only_http_errors() {
    local errors
    grep -qE " 0 failed, 0 error\(s\) of [0-9]+ tests when loading database" "$1" || return 1
    errors="$(grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) " "$1" || true)"
    [ -n "$errors" ] || return 1
    ! printf '%s\n' "$errors" | grep -vq " ERROR [^ ]* odoo.http: Exception during request handling"
}

stock_tests_dir() {
    local path
    IFS=',' read -ra paths <<<"$ADDONS_PATH"
    for path in "${paths[@]}"; do
        if [ -d "$path/$1/tests" ]; then echo "$path/$1/tests"; return; fi
    done
}

cmd_bench() {
    find_odoo; ensure_postgres; prepare_addons
    local db="${BENCH_DB:-crm_agency_sales_bench}"
    dropdb --if-exists "$db" >/dev/null 2>&1
    echo "Installing $MODULE in '$db' for the benchmark..."
    "$ODOO" -d "$db" --addons-path="$ADDONS_PATH" -i "$MODULE" --stop-after-init --log-level=warn
    echo "Benchmark (wall time, SQL queries, peak Python memory):"
    "$ODOO" shell -d "$db" --addons-path="$ADDONS_PATH" --log-level=warn --no-http \
        <"$ROOT/scripts/bench.py"
}

# Side-by-side benchmark (scripts/bench_compare.py): stock Odoo 18 with crm,
# sale_management and sale_crm against the same plus the addon, both without
# demo data, filled with the same generated data (BENCH_SIZES, default
# 1000,10000 leads; add 50000 for the large run; plus a quarter as many
# leads in the agency's process and their stock twins). Three tables per
# size: outside the process, inside it (with the kanban's cost per column
# and the list's per page), and the addon's own operations (assessment
# quotation, contract-request steps, contract PDF, workbook, daily jobs).
# BENCH_REPEAT runs per operation (5), medians. BENCH_KEEP=1 reuses the
# databases of a previous run (the data generation is incremental: a kept
# database filled to 50,000 leads measures 50,000 whatever BENCH_SIZES says).
cmd_bench_compare() {
    find_odoo; ensure_postgres; prepare_addons
    local prefix="${BENCH_PREFIX:-crm_agency_sales_bench}"
    local stock="${prefix}_stock" addon="${prefix}_addon" db mods
    for db in "$stock" "$addon"; do
        if [ "${BENCH_KEEP:-0}" = 1 ] && psql -d "$db" -Atc "select 1" >/dev/null 2>&1; then
            continue
        fi
        dropdb --if-exists "$db" >/dev/null 2>&1
        mods="crm,sale_management,sale_crm"
        [ "$db" = "$addon" ] && mods="$mods,$MODULE"
        echo "Installing $mods in '$db' (without demo data)..."
        "$ODOO" -d "$db" --addons-path="$ADDONS_PATH" -i "$mods" --without-demo=all \
            --stop-after-init --log-level=warn --http-port="${BENCH_HTTP_PORT:-8069}" --no-http
    done
    mkdir -p "$ROOT/bench"
    BENCH_STOCK_DB="$stock" BENCH_ADDON_DB="$addon" BENCH_OUT="${BENCH_OUT:-$ROOT/bench/results.md}" \
        "$ODOO" shell -d "$stock" --addons-path="$ADDONS_PATH" --log-level=warn --no-http \
        <"$ROOT/scripts/bench_compare.py"
}

# Load run (scripts/load.py): a fresh database with the addon, Odoo with
# --workers=2 on loopback, LOAD_CLIENTS (20) JSON-RPC clients for
# LOAD_SECONDS (60), at most LOAD_MAX_REQUESTS calls; then the data check.
cmd_load() {
    # LOAD_SECONDS (60), LOAD_MAX_REQUESTS (20000), LOAD_CALL_TIMEOUT (120 s per
    # call) and LOAD_CLIENTS (20) bound the run; scripts/load.py describes it.
    find_odoo; ensure_postgres; prepare_addons
    local db="${LOAD_DB:-crm_agency_sales_load}" port="${LOAD_PORT:-8069}" pid rc=0 errors retries exhausted
    local call_timeout="${LOAD_CALL_TIMEOUT:-120}" seconds="${LOAD_SECONDS:-60}"
    export LOAD_DB="$db" LOAD_PORT="$port" LOAD_STATE="$WORK/load_state.json" \
        LOAD_RESULTS="$WORK/load_results.json" LOAD_SERVER_LOG="$WORK/load_server.log" \
        LOAD_CALL_TIMEOUT="$call_timeout" LOAD_SECONDS="$seconds"
    dropdb --if-exists "$db" >/dev/null 2>&1
    echo "Installing $MODULE in '$db' (without demo data) for the load run..."
    "$ODOO" -d "$db" --addons-path="$ADDONS_PATH" -i "$MODULE" --without-demo=all \
        --stop-after-init --log-level=warn --no-http
    LOAD_PHASE=setup "$ODOO" shell -d "$db" --addons-path="$ADDONS_PATH" --log-level=warn --no-http \
        <"$ROOT/scripts/load.py"
    # odoo.service.model at INFO: the serialization retries and the requests
    # that exhausted them ("maximum number of tries reached").
    # ODOO_HTTP_SOCKET_TIMEOUT: a worker gives a client 2 s per socket read by
    # default (in production a buffering reverse proxy sends whole requests);
    # here the 23 client threads share one Python and the two cores with the
    # server, and a thread can be descheduled between a request's headers and
    # its body for longer than that, which the worker then drops.
    ODOO_HTTP_SOCKET_TIMEOUT="${ODOO_HTTP_SOCKET_TIMEOUT:-30}" "$ODOO" -d "$db" --addons-path="$ADDONS_PATH" --http-interface=127.0.0.1 --http-port="$port" \
        --workers=2 --max-cron-threads=0 --db-filter="^${db}\$" --log-level=warn \
        --log-handler=odoo.service.model:INFO \
        --limit-time-real="$((call_timeout + 60))" >"$LOAD_SERVER_LOG" 2>&1 &
    pid=$!
    # shellcheck disable=SC2064
    trap "kill $pid 2>/dev/null || true" EXIT
    for _ in $(seq 1 60); do
        curl -sf "http://127.0.0.1:$port/web/webclient/version_info" -H 'Content-Type: application/json' \
            -d '{}' >/dev/null 2>&1 && break
        sleep 1
    done
    timeout "$((${seconds%.*} + 4 * call_timeout + 120))" \
        env LOAD_PHASE=run python3 "$ROOT/scripts/load.py" || rc=1
    kill "$pid"; wait "$pid" 2>/dev/null || true
    trap - EXIT
    errors="$(grep -cE ' (ERROR|CRITICAL) ' "$LOAD_SERVER_LOG" || true)"
    retries="$(grep -c 'tries left, try again in' "$LOAD_SERVER_LOG" || true)"
    exhausted="$(grep -c 'maximum number of tries reached' "$LOAD_SERVER_LOG" || true)"
    echo "Server log: $errors ERROR line(s); serialization retries: $retries, exhausted: $exhausted"
    grep -oE '[A-Z_]+, [0-9] tries left' "$LOAD_SERVER_LOG" | sed -E 's/, [0-9] tries left//' \
        | sort | uniq -c | sed 's/^/  /' || true
    grep -E ' (ERROR|CRITICAL) ' "$LOAD_SERVER_LOG" | head -5 | cut -c1-300 || true
    # the check phase decides on the log: a "bad query" ERROR of a retried
    # serialization failure is explained, any other ERROR fails the run
    LOAD_PHASE=check "$ODOO" shell -d "$db" --addons-path="$ADDONS_PATH" --log-level=warn --no-http \
        <"$ROOT/scripts/load.py" || rc=1
    echo "make load: $([ "$rc" = 0 ] && echo "passed" || echo "FAILED")"
    return $rc
}

case "${1:-}" in
    load) cmd_load ;;
    bench) cmd_bench ;;
    bench-compare) cmd_bench_compare ;;
    demo) cmd_demo ;;
    test) cmd_test ;;
    find-odoo) find_odoo; echo "$ODOO" ;;
    *) echo "usage: $0 demo|test|bench|bench-compare|load|find-odoo" >&2; exit 2 ;;
esac

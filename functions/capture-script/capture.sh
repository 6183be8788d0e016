#!/usr/bin/env bash
#
# alert-triage capture script: prints a capture document v1 (docs/capture-format.md)
# saying what this host's CPU and memory are doing, for the alert-triage classifier.
#
#   bash capture.sh [options]              or, as the Lambda and the CLI run it,
#   bash -s -- [options] < capture.sh
#
# Read-only: it installs nothing, changes nothing, and writes only inside a temp dir that it
# removes on exit. Every outside tool runs under `timeout`. A missing or forbidden tool
# costs its block (`# skipped: …` in its place), never the capture.
# Process arguments and environment values are redacted here, on the host (see `redact`).
#
# Portability: bash 4.2 + procps-ng 3.3.10 + GNU sed 4.2 (Amazon Linux 2) and newer. So no
# `wait -n`, `declare -n`, negative array indexes, `${x@Q}`, `mapfile -d`, `$EPOCHREALTIME`,
# and no here-documents before the temp dir exists (bash < 5.1 backs them with temp files).

SCRIPT_VERSION=1.0.0

# SSM keeps the first 24,000 characters of a command's output; `--output auto` compresses
# anything larger than this.
AUTO_GZIP_OVER=20000
# How long the deep probe (--deep always only: ptrace and sampling slow the target) watches
# it: strace -c (--strace-seconds), then (only when the summary shows signal handlers
# returning) a signals-only trace, then as long again under perf record (when perf is
# installed and permitted).
MIN_STRACE_SECONDS=2
MAX_STRACE_SECONDS=20
SIGNAL_TRACE_SECONDS=1
PERF_FREQUENCY=99
PERF_REPORT_SECONDS=15 # perf report resolves symbols: bounded, as every tool
PERF_REPORT_LINES=60
SIGNAL_TRACE_LINES=80
# What `perf stat` counts in the kernel over the window (unless --deep never). A signal
# delivery costs the tracepoint nothing measurable; raw_syscalls:sys_enter puts every
# syscall of the host on the slow path (measured here: dd bs=1 lost ~40% of its rate while
# counted), so only --deep always counts it.
PERF_STAT_EVENTS=signal:signal_deliver
PERF_STAT_DEEP_EVENTS=raw_syscalls:sys_enter,signal:signal_deliver
# Bounds that keep the plain document near or under the SSM limit.
TOP_FIRST_FRAME_ROWS=5 # top's first frame is noise (see capture-format.md); keep a glimpse
TOP_ROWS=20
PS_ROWS=30
WIDTH=512
TOP_PROCESSES=3 # how many of the hottest processes get status, stat and environ blocks
LARGEST_PROCESSES=5 # how many of the largest processes get their RSS sampled
KERNEL_LOG_PATTERN='oom|out of memory|killed process|hung_task|blocked for more than|kswapd|soft lockup'
THREAD_SAMPLES=3 # samples of where the target's threads sit (syscall, wchan) over the window
STATUS_FIELDS='Name|State|Pid|PPid|Threads|VmPeak|VmSize|VmHWM|VmRSS|VmSwap|SigQ|SigPnd|ShdPnd|SigBlk|SigIgn|SigCgt|voluntary_ctxt_switches|nonvoluntary_ctxt_switches'
PS_FIELDS='pid,ppid,user,etimes,nlwp,pcpu,pmem,rss,vsz,stat,comm,args'

usage() {
  printf '%s\n' \
    'Usage: capture.sh [--seconds N] [--pid PID] [--deep auto|never|always]' \
    '                  [--strace-seconds N] [--output plain|gzip|auto] [--instance-id ID]' \
    '                  [--progress] [--help]' \
    '' \
    'Prints an alert-triage capture document (v1) describing what this host is doing.' \
    'Read-only; writes only to a temp dir that it removes.' \
    '' \
    '  --seconds N          sampling window, 3..60 (default 10)' \
    '  --pid PID            the process to look at closely (default: the hottest one)' \
    '  --deep MODE          auto (default): never stops or slows the target: /proc' \
    '                       counters, and perf stat counts its signal deliveries in' \
    '                       the kernel over the window (when perf is installed and' \
    '                       permitted). never: /proc counters only. always: perf stat' \
    '                       also counts every syscall, then strace -c, then perf record' \
    '                       -F 99 -g as long and perf report: it adds about 2 x N + 4 s' \
    "                       to the window (N: --strace-seconds), at most 2 x N + $((SIGNAL_TRACE_SECONDS + PERF_REPORT_SECONDS + 13)) s;" \
    '                       ptrace slows a syscall-heavy target by orders of magnitude' \
    "  --strace-seconds N   how long strace -c (and perf) watch the target, $MIN_STRACE_SECONDS..$MAX_STRACE_SECONDS" \
    "                       (default $MIN_STRACE_SECONDS)" \
    '  --output MODE        plain, gzip (gzip+base64 framing) or auto (gzip when the' \
    "                       plain text exceeds $AUTO_GZIP_OVER characters) (default plain)" \
    '  --instance-id ID     EC2 instance id to record, i-0123abcd…' \
    '  --progress           print "# progress: …" lines to stderr' \
    '  --redact             only redact stdin to stdout (the rules used on arguments)' \
    '  --help               print this help'
}

bad_usage() {
  printf 'capture.sh: %s\n' "$1" >&2
  usage >&2
}

opt_seconds=10
opt_pid=
opt_deep=auto
opt_strace_seconds=$MIN_STRACE_SECONDS
opt_output=plain
opt_instance_id=
opt_progress=

set_option() {
  case $1 in
    --seconds)
      if ! [[ $2 =~ ^[0-9]{1,2}$ ]] || ((10#$2 < 3 || 10#$2 > 60)); then
        bad_usage "--seconds must be a whole number from 3 to 60, got '$2'"
        return 2
      fi
      opt_seconds=$((10#$2))
      ;;
    --pid)
      if ! [[ $2 =~ ^[1-9][0-9]{0,9}$ ]]; then
        bad_usage "--pid must be a process id, got '$2'"
        return 2
      fi
      opt_pid=$2
      ;;
    --deep)
      case $2 in
        auto | never | always) opt_deep=$2 ;;
        *)
          bad_usage "--deep must be auto, never or always, got '$2'"
          return 2
          ;;
      esac
      ;;
    --strace-seconds)
      if ! [[ $2 =~ ^[0-9]{1,2}$ ]] || ((10#$2 < MIN_STRACE_SECONDS || 10#$2 > MAX_STRACE_SECONDS)); then
        bad_usage "--strace-seconds must be a whole number from $MIN_STRACE_SECONDS to $MAX_STRACE_SECONDS, got '$2'"
        return 2
      fi
      opt_strace_seconds=$((10#$2))
      ;;
    --output)
      case $2 in
        plain | gzip | auto) opt_output=$2 ;;
        *)
          bad_usage "--output must be plain, gzip or auto, got '$2'"
          return 2
          ;;
      esac
      ;;
    --instance-id)
      if ! [[ $2 =~ ^i-[0-9a-f]{8,17}$ ]]; then
        bad_usage "--instance-id must look like i-0123456789abcdef0, got '$2'"
        return 2
      fi
      opt_instance_id=$2
      ;;
  esac
}

parse_args() {
  while [ $# -gt 0 ]; do
    case $1 in
      --seconds | --pid | --deep | --strace-seconds | --output | --instance-id)
        if [ $# -lt 2 ]; then
          bad_usage "$1 needs a value"
          return 2
        fi
        set_option "$1" "$2" || return 2
        shift 2
        ;;
      --seconds=* | --pid=* | --deep=* | --strace-seconds=* | --output=* | --instance-id=*)
        set_option "${1%%=*}" "${1#*=}" || return 2
        shift
        ;;
      --progress)
        opt_progress=1
        shift
        ;;
      -h | --help)
        usage
        return 3
        ;;
      *)
        bad_usage "unknown option: $1"
        return 2
        ;;
    esac
  done
}

# ---------------------------------------------------------------------------------------
# Small helpers

have() { command -v "$1" >/dev/null 2>&1; }

# Every outside tool runs under timeout; -k makes a tool that ignores the signal go anyway.
tmo() { timeout -k 2 "$@"; }

header() { printf '==> %s <==\n' "$1"; }
skipped() { printf '# skipped: %s\n' "$1"; }

# Background jobs still running, so that an interrupted capture stops them before it
# removes its temp dir. Each is `timeout` itself, started straight from here (a function
# or subshell in between would die alone and leave the tool running): timeout passes a
# signal on to its tool.
bg_pids=' '
bg_timeout() {
  timeout -k 2 "$@" &
  bg_last=$!
  bg_pids="$bg_pids$bg_last "
}
bg_wait() {
  wait "$1" 2>/dev/null
  local rc=$?
  bg_pids=${bg_pids// $1 / }
  return "$rc"
}
# Runs `timeout -k 2 ARGS…` as a waited background job, for commands that take a while:
# `wait` returns at once when a signal arrives, where a foreground command would delay the
# trap until it finished.
run_timeout() {
  bg_timeout "$@"
  bg_wait "$bg_last"
}

# Sets now_ms (epoch milliseconds) and now_iso (UTC, milliseconds) with one `date`.
now() {
  local out
  out=$(date -u '+%s%3N %Y-%m-%dT%H:%M:%S.%3NZ')
  now_ms=${out%% *}
  now_iso=${out#* }
  if ! [[ $now_ms =~ ^[0-9]+$ ]]; then # a date without %N
    out=$(date -u '+%s %Y-%m-%dT%H:%M:%SZ')
    now_ms=$((${out%% *} * 1000))
    now_iso=${out#* }
  fi
}

sleep_until() {
  local target=$1 left frac
  now
  left=$((target - now_ms))
  if ((left > 0)); then
    printf -v frac '%03d' $((left % 1000))
    run_timeout $((left / 1000 + 2)) sleep "$((left / 1000)).$frac"
  fi
}

planned_seconds=0
progress() {
  [ -n "$opt_progress" ] || return 0
  local left=$((planned_seconds - SECONDS))
  ((left < 0)) && left=0
  printf '# progress: %s (%d s left)\n' "$1" "$left" >&2
}

# Sets stat_* from /proc/PID/stat without a fork; fails when the process is gone. The
# command name may hold spaces and parentheses, so fields are counted after the last ')'.
read_stat() {
  local line rest
  local -a f
  { IFS= read -r line <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat_line=$line
  stat_comm=${line#*(}
  stat_comm=${stat_comm%)*}
  rest=${line##*) }
  read -r -a f <<<"$rest"
  stat_ppid=${f[1]}
  stat_flags=${f[6]}
  stat_utime=${f[11]}
  stat_stime=${f[12]}
  [[ $stat_utime =~ ^[0-9]+$ && $stat_stime =~ ^[0-9]+$ ]]
}

# True for processes that cannot be a target: gone, this script, or its children and
# grandchildren (timeout → top, vmstat …).
not_candidate() {
  [ "$1" = "$$" ] && return 0
  read_stat "$1" || return 0
  [ "$stat_ppid" = "$$" ] && return 0
  read_stat "$stat_ppid" || return 1
  [ "$stat_ppid" = "$$" ]
}

# Only these environment variables of a process ever leave the host: runtime and profiler
# switches that change how much CPU or memory it uses. Their values are still redacted.
env_allowed() {
  case $1 in
    DD_PROFILING_* | DD_TRACE_ENABLED | NODE_OPTIONS | UV_THREADPOOL_SIZE | \
      JAVA_TOOL_OPTIONS | JAVA_OPTS | _JAVA_OPTIONS | JDK_JAVA_OPTIONS | CATALINA_OPTS | \
      GUNICORN_CMD_ARGS | WEB_CONCURRENCY | PYTHONMALLOC | GOMAXPROCS | GOGC | GOMEMLIMIT | \
      GODEBUG | MALLOC_ARENA_MAX | MALLOC_CONF | LD_PRELOAD)
      return 0
      ;;
  esac
  return 1
}

# Redacts secrets in process arguments and environment values (stdin → stdout). GNU sed 4.2
# compatible: -E, the I flag, no look-around. Errs on the side of hiding too much: a URL's
# password runs to the last '@' of its word, and `--auth x` hides x even when --auth is a
# switch and x the next argument.
# `-pSECRET` (mysql) is left alone: `-p` means too many other things; `-p` and `-a` are
# secrets only after sshpass and redis-cli, `-u user:pass` unless both halves are numbers
# (`docker -u 1000:1000`). A PEM key's body goes whether on one line (`\n` escapes, or the
# `?` ps shows for a newline) or over several. A bare AWS secret key is any 40-character
# base64 word, so a 40-character hex hash (a git commit) goes too; a path (starting with `/`) stays.
SECRET_WORD='(pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth|dsn|cookie)'
KEY_CHAR='[-_.A-Za-z0-9]'
redact() {
  sed -E \
    -e '/-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[[:space:]]*$/,/-----END /s/^([[:space:]]*)[A-Za-z0-9+\/=]{8,}[[:space:]]*$/\1***/' \
    -e 's/(-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----)([^-]|-[^-])+/\1***/g' \
    -e 's#([A-Za-z][A-Za-z0-9+.-]*://[^/:@ ]*):[^ ]*@#\1:***@#g' \
    -e 's/((authorization|x-api-key|x-auth-token|private-token|cookie)[:=] *)((bearer|basic|token|digest|negotiate) +)?[^ ]+/\1\3***/gI' \
    -e 's/(bearer) +[A-Za-z0-9._~+\/=-]{6,}/\1 ***/gI' \
    -e "s/(${KEY_CHAR}*${SECRET_WORD}${KEY_CHAR}*)=[^ ]*/\\1=***/gI" \
    -e "s/(--?${KEY_CHAR}*${SECRET_WORD}${KEY_CHAR}*) +[^ -][^ ]*/\\1 ***/gI" \
    -e "s/(\"${KEY_CHAR}*${SECRET_WORD}${KEY_CHAR}*\" *: *\")[^\"]*\"/\\1***\"/gI" \
    -e "s/('${KEY_CHAR}*${SECRET_WORD}${KEY_CHAR}*' *: *')[^']*'/\\1***'/gI" \
    -e 's/(AKIA|ASIA)[A-Z0-9]{16}/***/g' \
    -e 's/(^| )(-u|--user)( +|=)([^ :]*[^0-9 :][^ :]*):[^ ]+/\1\2\3\4:***/g' \
    -e 's/(^| )(-u|--user)( +|=)([^ :]*):[^ ]*[^0-9 ][^ ]*/\1\2\3\4:***/g' \
    -e 's/(sshpass( +-[A-Za-oq-z][^ ]*)* +-p) *[^ ]+/\1 ***/g' \
    -e 's/(redis-cli( +[^ ]+){0,20} +-a) +[^ ]+/\1 ***/g' \
    -e 's#(^|[^A-Za-z0-9/+])[A-Za-z0-9+][A-Za-z0-9/+]{39}([^A-Za-z0-9/+=]|$)#\1***\2#g' \
    -e 's#(^|[^A-Za-z0-9/+])[A-Za-z0-9+][A-Za-z0-9/+]{39}([^A-Za-z0-9/+=]|$)#\1***\2#g' \
    -e 's/xox[a-z]-[A-Za-z0-9-]{6,}/***/g' \
    -e 's/gl(pat|dt|rt|ptt|cbt|soat)-[A-Za-z0-9_.-]{10,}/***/g' \
    -e 's/(^|[^A-Za-z0-9_-])sk-((proj|svcacct|admin|ant)-[A-Za-z0-9_-]{16,}|[A-Za-z0-9]{32,})/\1***/g' \
    -e 's/AIza[0-9A-Za-z_-]{35}/***/g' \
    -e 's/((x-amz-signature|[?&]signature|[?&]sig)=)[^& "]+/\1***/gI' \
    -e 's/xapp-[A-Za-z0-9-]{6,}/***/g' \
    -e 's/gh[pousr]_[A-Za-z0-9]{20,}/***/g' \
    -e 's/github_pat_[A-Za-z0-9_]{20,}/***/g' \
    -e 's/[sr]k_(live|test)_[A-Za-z0-9]{10,}/***/g' \
    -e 's/eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/***/g'
}

# Keeps top's summary and the first rows of each frame. top cuts lines at the width: the
# last word of a cut line may be half a secret the redaction no longer recognises, so it goes.
trim_top() {
  awk -v first="$TOP_FIRST_FRAME_ROWS" -v rows="$TOP_ROWS" -v width="$WIDTH" '
    /^top - / { frame++; inlist = 0 }
    inlist && NF == 0 { print; next }
    inlist {
      n++
      if (n > (frame == 1 ? first : rows)) next
      if (length($0) >= width - 1) sub(/ +[^ ]*$/, "")
      print
      next
    }
    /^ *PID / { inlist = 1; n = 0 }
    { print }'
}

# PIDs of top's last frame, hottest first.
top_last_frame_pids() {
  awk '
    /^top - / { frame++; inlist = 0; next }
    inlist && NF > 0 && $1 ~ /^[0-9]+$/ { count[frame]++; pid[frame, count[frame]] = $1 }
    /^ *PID / { inlist = 1 }
    END { for (i = 1; i <= count[frame] && i <= 15; i++) print pid[frame, i] }' "$1"
}

# ---------------------------------------------------------------------------------------
# The capture

tmp=
# shellcheck disable=SC2317 # called by the traps
cleanup() {
  local p
  for p in $bg_pids; do kill -TERM "$p" 2>/dev/null; done
  for p in $bg_pids; do wait "$p" 2>/dev/null; done
  bg_pids=' '
  if [ -n "$tmp" ]; then
    rm -rf -- "$tmp"
    tmp=
  fi
}
# shellcheck disable=SC2317 # called by the traps
on_signal() {
  trap - INT TERM HUP PIPE
  cleanup
  exit "$1"
}

targets=
target_count=0
add_target() {
  case " $targets " in *" $1 "*) return 0 ;; esac
  targets="$targets $1"
  target_count=$((target_count + 1))
}

# Which targets lived through each sample, keyed "SAMPLE:PID", for the deep probe; and
# whether each is a kernel thread (nothing to trace).
declare -A sampled target_comm target_flags

# Per target: stat (CPU ticks), io (syscr/syscw: read- and write-family syscalls) and status
# (context switches), and one ps line per large process, under `@ TIME` headers. Only reads
# of /proc: nothing here stops or slows a process.
sample() {
  local n=$1 out=$2 pid line io_text
  now
  {
    for pid in $targets; do
      read_stat "$pid" || continue
      header "cat /proc/$pid/stat @ $now_iso"
      printf '%s\n' "$stat_line"
      sampled[$n:$pid]=1
      target_comm[$pid]=$stat_comm
      target_flags[$pid]=$stat_flags
      # Read before the header: some sandboxes let /proc/PID/io open but not read.
      io_text=
      while IFS= read -r line; do io_text+="$line"$'\n'; done <"/proc/$pid/io" 2>/dev/null
      if [ -n "$io_text" ]; then
        header "cat /proc/$pid/io @ $now_iso"
        printf '%s' "$io_text"
      elif [ "$n" = 1 ]; then
        skipped "/proc/$pid/io not readable (another user's process, or hidden here: run as root)"
      fi
      header "cat /proc/$pid/status @ $now_iso"
      grep -E "^($STATUS_FIELDS):" "/proc/$pid/status" 2>/dev/null
    done
    if [ -n "$rss_list" ] && have ps; then
      header "ps -o pid,rss,etimes,comm -p $rss_list @ $now_iso"
      tmo 5 ps -o pid,rss,etimes,comm -p "$rss_list" 2>/dev/null
    fi
  } >"$out"
}

# Where the hottest target's threads sit: how many threads show each (syscall number, wchan)
# pair ("running 0": on a CPU or runnable). One awk, a handful of reads per thread.
# shellcheck disable=SC2016 # an awk program, not shell
THREAD_AWK='{ split(FILENAME, p, "/"); s[p[5]] = s[p[5]] " " $1 } END { for (t in s) n[s[t]]++; for (k in n) print n[k] k }'
thread_sample() {
  local pid=$1 first=$2
  [ -n "$pid" ] && [ -d "/proc/$pid/task" ] || return 0
  if ! { : <"/proc/$pid/syscall"; } 2>/dev/null; then
    [ -z "$first" ] || skipped "/proc/$pid/task/*/syscall not readable (another user's process: run as root)"
    return 0
  fi
  now
  local seen
  seen=$(tmo 5 awk "$THREAD_AWK" "/proc/$pid/task/"*/syscall "/proc/$pid/task/"*/wchan 2>/dev/null)
  if [ -z "$seen" ]; then
    [ -z "$first" ] || skipped "/proc/$pid/task/*/syscall gave nothing to read (hidden here: run as root)"
    return 0
  fi
  header "awk '$THREAD_AWK' /proc/$pid/task/*/syscall /proc/$pid/task/*/wchan @ $now_iso"
  printf '%s\n' "$seen"
}

# Counts the target's events in the kernel over the rest of the window (perf stat does not
# ptrace: the process runs on). Sets perf_stat_pid and perf_stat_header.
perf_stat_start() {
  local pid=$1 left frac events=$PERF_STAT_EVENTS
  perf_stat_pid=
  perf_stat_header=
  [ "$opt_deep" != always ] || events=$PERF_STAT_DEEP_EVENTS
  now
  left=$((window_end_ms - now_ms))
  # A short window may leave little after the first sample: count for a second at least.
  ((left >= 1000)) || left=1000
  printf -v frac '%03d' $((left % 1000))
  perf_stat_header="perf stat -e $events -p $pid -- sleep $((left / 1000)).$frac"
  HOME=$tmp XDG_CONFIG_HOME=$tmp bg_timeout $((left / 1000 + 5)) perf stat -e "$events" \
    -p "$pid" -- sleep "$((left / 1000)).$frac" >/dev/null 2>"$tmp/perf-stat.out"
  perf_stat_pid=$bg_last
}

perf_stat_block() {
  local pid=$1 rc err
  bg_wait "$perf_stat_pid"
  rc=$?
  if [ "$rc" = 0 ] && grep -q 'Performance counter stats' "$tmp/perf-stat.out"; then
    header "$perf_stat_header"
    grep -v '^[[:space:]]*$' "$tmp/perf-stat.out"
    return 0
  fi
  err=$(grep -v '^[[:space:]]*$' "$tmp/perf-stat.out" | head -n 1)
  if grep -qiE 'not permitted|permission|paranoid|EACCES|EPERM|No permission' "$tmp/perf-stat.out"; then
    skipped "perf stat not permitted on pid $pid ($err)"
  else
    skipped "perf stat failed on pid $pid (exit $rc: $err)"
  fi
}

# Sets deep_pid, deep_note and run_deep. The probe looks at the first target that lived
# through both samples (a --pid target or nothing): the hottest process may have been a
# short job that ended meanwhile. Only --deep always traces: ptrace (strace) slows a
# syscall-heavy process by orders of magnitude while attached.
decide_deep() {
  local pid
  deep_pid=
  deep_note=
  run_deep=
  for pid in $targets; do
    if [ -n "${sampled[2:$pid]}" ] && [ -n "${sampled[1:$pid]}" ]; then
      deep_pid=$pid
      break
    fi
    [ "$target_source" = --pid ] && break
  done
  if [ -z "$targets" ]; then
    deep_note='not run: no target process'
  elif [ "$opt_deep" = never ]; then
    deep_note='not run (--deep never)'
  elif [ "$opt_deep" = auto ]; then
    deep_note='not run (--deep auto counts without tracing; --deep always runs strace)'
  elif [ -z "$deep_pid" ]; then
    pid=${targets# }
    deep_note="not run: pid ${pid%% *} ended during the capture"
  elif (((${target_flags[$deep_pid]:-0} & 0x200000) != 0)); then
    deep_note="not run: pid $deep_pid (${target_comm[$deep_pid]}) is a kernel thread"
  else
    run_deep=1
    deep_note="ran strace on pid $deep_pid (--deep always)"
  fi
}

# --deep always: where the target's CPU time goes, sampled by perf for --strace-seconds, then
# the report's first lines. Missing, forbidden or failing perf costs this block only.
perf_profile() {
  local pid=$1 n=$opt_strace_seconds rc err
  if ! have perf; then
    skipped 'perf not installed'
    return 0
  fi
  planned_seconds=$((SECONDS + n + 2))
  progress "perf record on pid $pid"
  # HOME points at the temp dir so that no ~/.perfconfig changes the report; with
  # --no-buildid-cache perf record writes nothing to ~/.debug either.
  HOME=$tmp XDG_CONFIG_HOME=$tmp run_timeout $((n + 5)) perf record -F "$PERF_FREQUENCY" -g \
    --no-buildid-cache -p "$pid" -o "$tmp/perf.data" -- sleep "$n" >/dev/null 2>"$tmp/perf-record.err"
  rc=$?
  err=$(grep -v '^[[:space:]]*$' "$tmp/perf-record.err" | head -n 1)
  if [ "$rc" != 0 ] || ! [ -s "$tmp/perf.data" ]; then
    if grep -qiE 'not permitted|permission|paranoid|EACCES|EPERM' "$tmp/perf-record.err"; then
      skipped "perf not permitted on pid $pid ($err)"
    else
      skipped "perf record failed on pid $pid (exit $rc: $err)"
    fi
    return 0
  fi
  progress "perf report on pid $pid"
  HOME=$tmp XDG_CONFIG_HOME=$tmp run_timeout "$PERF_REPORT_SECONDS" perf report --stdio \
    --no-children --sort comm,dso,sym -i "$tmp/perf.data" >"$tmp/perf-report.out" 2>"$tmp/perf-report.err"
  rc=$?
  if grep -qE '^ *[0-9]+\.[0-9]+%' "$tmp/perf-report.out"; then
    header "perf report --stdio --no-children --sort comm,dso,sym -i perf.data | head -n $PERF_REPORT_LINES"
    head -n "$PERF_REPORT_LINES" "$tmp/perf-report.out"
  elif [ "$rc" = 0 ]; then
    printf '# note: perf record -F %d -g -p %s took no samples in %d s\n' "$PERF_FREQUENCY" "$pid" "$n"
  else
    skipped "perf report failed (exit $rc: $(grep -v '^[[:space:]]*$' "$tmp/perf-report.err" | head -n 1))"
  fi
}

main() {
  parse_args "$@"
  case $? in
    0) ;;
    3) return 0 ;;
    *) return 2 ;;
  esac

  # Tools print numbers with '.', and sed works on bytes whatever the arguments hold.
  export LC_ALL=C
  # ps and top cut their lines to $COLUMNS when it is set: redaction must see whole lines.
  unset COLUMNS LINES PS_FORMAT PS_PERSONALITY CMD_ENV

  tmp=$(mktemp -d "${TMPDIR:-/tmp}/alert-triage.XXXXXXXX") || {
    printf 'capture.sh: cannot create a temp dir\n' >&2
    return 1
  }
  trap cleanup EXIT
  trap 'on_signal 130' INT
  trap 'on_signal 143' TERM
  trap 'on_signal 129' HUP
  # Whoever reads the output went away (the CLI was interrupted): stop, and clean up.
  trap 'on_signal 141' PIPE
  # Anything that needs a scratch file (here-strings in bash < 5.1, sort) uses ours.
  TMPDIR=$tmp
  export TMPDIR

  SECONDS=0
  planned_seconds=$((opt_seconds + 1))
  now
  local start_ms=$now_ms start_iso=${now_iso%Z}
  start_iso=${start_iso%.*}Z
  local window_end_ms=$((start_ms + opt_seconds * 1000))
  local notes="" cpus clk_tck
  cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null)
  clk_tck=$(getconf CLK_TCK 2>/dev/null)
  [[ $clk_tck =~ ^[0-9]+$ ]] || clk_tck=100
  progress 'starting'

  # The long samplers run in the background over the whole window.
  # vmstat covers the window: 1-second steps up to 10 s, fewer and longer steps beyond.
  local vmstat_pid="" iostat_pid="" interval count vmstat_cmd=()
  interval=$(((opt_seconds + 9) / 10))
  count=$((opt_seconds / interval + 1))
  if have vmstat; then
    vmstat_cmd=(vmstat "$interval" "$count")
    if vmstat --help 2>&1 | grep -q -- '--wide'; then vmstat_cmd=(vmstat -w "$interval" "$count"); fi
    bg_timeout $((opt_seconds + 5)) "${vmstat_cmd[@]}" >"$tmp/vmstat.out" 2>/dev/null
    vmstat_pid=$bg_last
  fi
  if have iostat; then
    bg_timeout 5 iostat -x 1 2 >"$tmp/iostat.out" 2>/dev/null
    iostat_pid=$bg_last
  fi

  {
    if have uptime; then
      header 'uptime'
      tmo 5 uptime
    fi
    header 'uname -srm'
    uname -srm
    header 'cat /proc/loadavg'
    cat /proc/loadavg
  } >"$tmp/p10" 2>/dev/null

  if have ps; then
    tmo 10 ps -eo "$PS_FIELDS" --sort=-pcpu >"$tmp/ps.all" 2>/dev/null
    {
      header "ps -eo $PS_FIELDS --sort=-pcpu"
      head -n $((PS_ROWS + 1)) "$tmp/ps.all" | redact | cut -c1-"$WIDTH"
    } >"$tmp/p40"
  else
    skipped 'ps not installed' >"$tmp/p40"
    : >"$tmp/ps.all"
  fi

  # top: the CPU split and what is hot now (its last frame covers one second).
  progress 'top'
  local top_width=() top_header="top -b -n 2 -d 1 -w $WIDTH -c"
  if have top; then
    if top -h 2>&1 | grep -q -- '-w'; then
      top_width=(-w "$WIDTH")
    else
      top_header='top -b -n 2 -d 1 -c'
    fi
    # HOME and XDG_CONFIG_HOME point at the empty temp dir so that no toprc changes the
    # columns; COLUMNS widens an old top that has no -w.
    HOME=$tmp XDG_CONFIG_HOME=$tmp COLUMNS=$WIDTH \
      run_timeout 5 top -b -n 2 -d 1 "${top_width[@]}" -c >"$tmp/top.out" 2>/dev/null
    if [ -s "$tmp/top.out" ]; then
      {
        header "$top_header"
        trim_top <"$tmp/top.out"
      } >"$tmp/p20"
    else
      skipped 'top gave no output' >"$tmp/p20"
    fi
  else
    skipped 'top not installed' >"$tmp/p20"
  fi

  # The targets: the given --pid, then the hottest processes of top's last frame (ps's
  # lifetime %CPU when top is missing), this script and its tools excluded.
  local pid target_source=""
  if [ -n "$opt_pid" ]; then
    if [ -d "/proc/$opt_pid" ]; then
      add_target "$opt_pid"
      target_source=--pid
    else
      notes="$notes# warning: pid $opt_pid is not running; looking at the hottest process instead"$'\n'
    fi
  fi
  if [ -s "$tmp/top.out" ]; then
    for pid in $(top_last_frame_pids "$tmp/top.out"); do
      ((target_count >= TOP_PROCESSES)) && break
      not_candidate "$pid" && continue
      add_target "$pid"
      [ -n "$target_source" ] || target_source='top'
    done
  fi
  if ((target_count < TOP_PROCESSES)); then
    while read -r pid; do
      ((target_count >= TOP_PROCESSES)) && break
      not_candidate "$pid" && continue
      add_target "$pid"
      [ -n "$target_source" ] || target_source='ps'
    done < <(awk 'NR > 1 && NR <= 20 { print $1 }' "$tmp/ps.all")
  fi
  hottest=${targets# }
  hottest=${hottest%% *}

  # RSS growth: the targets and the largest processes, sampled at the start and the end.
  rss_list=
  local rss_pids="$targets"
  rss_pids="$rss_pids $(awk 'NR > 1 { print $8, $1 }' "$tmp/ps.all" | sort -nr | head -n "$LARGEST_PROCESSES" | awk '{ print $2 }')"
  local seen=' '
  for pid in $rss_pids; do
    case $seen in *" $pid "*) continue ;; esac
    seen="$seen$pid "
    not_candidate "$pid" && continue
    rss_list="${rss_list:+$rss_list,}$pid"
  done

  # Per-thread CPU of the hottest process, while the start sample is taken.
  local top_h_pid="" top_h_header=""
  if [ -n "$hottest" ] && have top; then
    top_h_header="top -b -H -n 2 -d 1 -w $WIDTH -p $hottest"
    [ ${#top_width[@]} -gt 0 ] || top_h_header="top -b -H -n 2 -d 1 -p $hottest"
    HOME=$tmp XDG_CONFIG_HOME=$tmp COLUMNS=$WIDTH \
      bg_timeout 5 top -b -H -n 2 -d 1 "${top_width[@]}" -p "$hottest" >"$tmp/top-h.out" 2>/dev/null
    top_h_pid=$bg_last
  fi

  progress 'first sample'
  sample 1 "$tmp/p41"
  thread_sample "$hottest" first >"$tmp/p42"

  # In-kernel counts of the hottest target over the window, beside the samples.
  local perf_stat_pid="" perf_stat_header="" perf_note=""
  if [ -z "$hottest" ] || [ "$opt_deep" = never ]; then
    :
  elif ! have perf; then
    perf_note=$(skipped 'perf not installed (perf stat)')
  else
    perf_stat_start "$hottest"
  fi

  {
    local kv
    for pid in $targets; do
      if { : <"/proc/$pid/environ"; } 2>/dev/null; then
        while IFS= read -r -d '' kv; do
          env_allowed "${kv%%=*}" && printf '%s\n' "$kv"
        done <"/proc/$pid/environ" 2>/dev/null | redact | cut -c1-"$WIDTH" >"$tmp/environ"
        if [ -s "$tmp/environ" ]; then
          header "tr '\\0' '\\n' < /proc/$pid/environ"
          cat "$tmp/environ"
        else
          # An empty block would read as output that cannot be parsed.
          printf '# note: pid %s sets none of the allow-listed environment variables\n' "$pid"
        fi
      else
        skipped "environ of pid $pid not readable (the process ended, or reading it is not permitted)"
      fi
    done
  } >"$tmp/p44"

  # What the kernel already said, and socket churn, while the samplers run.
  {
    local kmsg_rc=127
    if have dmesg; then
      tmo 5 dmesg -T 2>/dev/null | grep -iE "$KERNEL_LOG_PATTERN" | tail -n 50 >"$tmp/kmsg"
      kmsg_rc=${PIPESTATUS[0]}
    fi
    if [ "$kmsg_rc" = 0 ]; then
      header "dmesg -T | grep -iE '$KERNEL_LOG_PATTERN' | tail -n 50"
      cat "$tmp/kmsg"
    elif have journalctl; then
      header "journalctl -k -b --no-pager -o short-iso | grep -iE '$KERNEL_LOG_PATTERN' | tail -n 50"
      tmo 5 journalctl -k -b --no-pager -o short-iso 2>/dev/null | grep -iE "$KERNEL_LOG_PATTERN" | tail -n 50
    elif have dmesg; then
      skipped 'dmesg not permitted and journalctl not installed'
    else
      skipped 'dmesg and journalctl not installed'
    fi
    if have ss; then
      header 'ss -s'
      tmo 5 ss -s 2>/dev/null
    else
      skipped 'ss not installed'
    fi
  } >"$tmp/p70"

  progress 'sampling'
  local i
  for ((i = 1; i < THREAD_SAMPLES - 1; i++)); do
    sleep_until $((start_ms + opt_seconds * 1000 * i / (THREAD_SAMPLES - 1)))
    thread_sample "$hottest" >>"$tmp/p42"
  done
  [ -z "$vmstat_pid" ] || bg_wait "$vmstat_pid"
  sleep_until "$window_end_ms"

  progress 'last sample'
  sample 2 "$tmp/p50"
  thread_sample "$hottest" >>"$tmp/p42"
  {
    [ -z "$perf_note" ] || printf '%s\n' "$perf_note"
    [ -z "$perf_stat_pid" ] || perf_stat_block "$hottest"
  } >"$tmp/p51"

  {
    if have free; then
      header 'free -m'
      tmo 5 free -m 2>/dev/null
    else
      skipped 'free not installed'
    fi
    header 'cat /proc/meminfo'
    cat /proc/meminfo 2>/dev/null
    local r out psi=""
    for r in cpu memory io; do
      if out=$(cat "/proc/pressure/$r" 2>/dev/null) && [ -n "$out" ]; then
        header "cat /proc/pressure/$r"
        printf '%s\n' "$out"
        psi=1
      fi
    done
    [ -n "$psi" ] || skipped '/proc/pressure not available (kernel without PSI)'
  } >"$tmp/p60"

  # The deep probe: which syscalls (and signals) the target is busy with.
  decide_deep
  {
    printf '# deep: %s\n' "$deep_note"
    if [ -n "$run_deep" ]; then
      if ! have strace; then
        skipped 'strace not installed'
      else
        planned_seconds=$((SECONDS + opt_strace_seconds + 1))
        progress "strace -c on pid $deep_pid"
        # SIGINT makes strace detach and print its summary.
        run_timeout -s INT "$opt_strace_seconds" strace -c -f -p "$deep_pid" -o "$tmp/strace-c.out" \
          2>"$tmp/strace-c.err"
        if [ -s "$tmp/strace-c.out" ]; then
          header "timeout -s INT $opt_strace_seconds strace -c -f -p $deep_pid"
          cat "$tmp/strace-c.out"
          if grep -q 'rt_sigreturn' "$tmp/strace-c.out"; then
            progress "signals of pid $deep_pid"
            header "timeout -s INT $SIGNAL_TRACE_SECONDS strace -f -e trace=none -p $deep_pid 2>&1 | head -n $SIGNAL_TRACE_LINES"
            tmo -s INT "$SIGNAL_TRACE_SECONDS" strace -f -e trace=none -p "$deep_pid" 2>&1 |
              head -n "$SIGNAL_TRACE_LINES"
          fi
        elif grep -qi 'not permitted' "$tmp/strace-c.err"; then
          skipped "strace not permitted on pid $deep_pid ($(head -n 1 "$tmp/strace-c.err"))"
        elif grep -q 'attached' "$tmp/strace-c.err"; then
          # strace -c prints nothing at all when it counted no system call.
          printf '# note: strace -c -f -p %s counted no system calls in %d s\n' "$deep_pid" "$opt_strace_seconds"
        else
          skipped "strace gave no summary for pid $deep_pid ($(head -n 1 "$tmp/strace-c.err"))"
        fi
      fi
      # After strace, never beside it: each would see the other's overhead.
      [ "$opt_deep" != always ] || perf_profile "$deep_pid"
    fi
  } >"$tmp/p80"

  progress 'writing'
  [ -z "$top_h_pid" ] || bg_wait "$top_h_pid"
  if [ -n "$top_h_header" ]; then
    if [ -s "$tmp/top-h.out" ]; then
      {
        header "$top_h_header"
        trim_top <"$tmp/top-h.out"
      } >"$tmp/p21"
    else
      skipped "top -H gave no output for pid $hottest" >"$tmp/p21"
    fi
  fi
  if [ ${#vmstat_cmd[@]} -gt 0 ]; then
    {
      header "${vmstat_cmd[*]}"
      cat "$tmp/vmstat.out"
    } >"$tmp/p30"
  else
    skipped 'vmstat not installed' >"$tmp/p30"
  fi
  if [ -n "$iostat_pid" ]; then
    bg_wait "$iostat_pid"
    {
      header 'iostat -x 1 2'
      cat "$tmp/iostat.out"
    } >"$tmp/p31"
  else
    skipped 'iostat not installed' >"$tmp/p31"
  fi

  now
  {
    printf '# alert-triage capture v1\n'
    printf '# host: %s\n' "$HOSTNAME"
    [ -z "$opt_instance_id" ] || printf '# instance-id: %s\n' "$opt_instance_id"
    printf '# captured-at: %s\n' "$start_iso"
    printf '# duration-s: %d\n' $(((now_ms - start_ms + 500) / 1000))
    printf '# window-s: %d\n' "$opt_seconds"
    printf '# cpus: %s\n' "$cpus"
    printf '# clk-tck: %s\n' "$clk_tck"
    [ -z "$hottest" ] || printf '# target-pid: %s\n# target-chosen-by: %s\n' "$hottest" "$target_source"
    printf '# capture-pid: %s\n' "$$"
    printf '# script-version: %s\n' "$SCRIPT_VERSION"
    printf '%s' "$notes"
    cat "$tmp"/p[0-9][0-9]
  } | redact >"$tmp/capture.txt"

  # The whole document goes through redact once more: arguments can surface in any block.
  local size
  size=$(wc -c <"$tmp/capture.txt")
  if [ "$opt_output" = gzip ] || { [ "$opt_output" = auto ] && ((size > AUTO_GZIP_OVER)); }; then
    if have gzip && have base64 && gzip -c -9 <"$tmp/capture.txt" | base64 >"$tmp/capture.gz64" &&
      [ -s "$tmp/capture.gz64" ]; then
      printf 'alert-triage-capture gzip+base64 v1\n'
      cat "$tmp/capture.gz64"
      printf 'alert-triage-capture end\n'
      return 0
    fi
    printf 'capture.sh: output not compressed (gzip or base64 missing)\n' >&2
  fi
  cat "$tmp/capture.txt"
}

# `--redact` filters stdin through the redaction and exits: to check the rules, or to clean
# outputs before pasting them (only when the script runs from a file: `bash -s` reads the
# script itself on stdin).
if [ $# -eq 1 ] && [ "$1" = --redact ]; then
  LC_ALL=C redact
  exit $?
fi
# The whole script is read before main runs, and main's stdin is /dev/null: with `bash -s`
# the script itself arrives on stdin, and no tool may read it.
main "$@" </dev/null
exit $?

#!/usr/bin/env bash
# A real one-node Slurm with accounting, from Debian's packages, for librarian's integration tests.
#
#   scripts/slurm-testbed.sh up       install what is missing, configure, start; idempotent
#   scripts/slurm-testbed.sh down     stop the daemons this script started (by pid)
#   scripts/slurm-testbed.sh status   say what runs
#
# Needs root (it writes /etc/slurm, /etc/munge, adds Unix users and starts daemons without systemd).
# One node with 64 CPUs, ~250 GB and 4 fake a100 GPUs (SlurmdParameters=config_overrides), accounting
# through slurmdbd + MariaDB with gres/gpu as a TRES, scrontab enabled, and a Prolog that fails while
# $STATE/fail-prolog exists (that is how a test makes a job 'launch failed requeued held').
# QoS avery (cpu=48, gres/gpu=3, mem=200G) and avery-b (cpu=64, mem=250G), account avery-lab,
# Unix users ann, bob and cyd.
#
# Debian ships no scrontab client; it is built once from the Debian source package of the installed
# Slurm against its libslurmfull, and cached in $CACHE (LIBRARIAN_TESTBED_CACHE).
set -euo pipefail

STATE="${LIBRARIAN_TESTBED_STATE:-/var/lib/librarian-testbed}"
CACHE="${LIBRARIAN_TESTBED_CACHE:-/var/cache/librarian-testbed}"
CLUSTER=testbed
USERS=(ann bob cyd)
PACKAGES=(slurm-wlm slurmdbd munge mariadb-server slurm-client slurm-wlm-plugins-dev gcc curl xz-utils)
MARKER="# written by librarian's scripts/slurm-testbed.sh"
SLURM_LIB=/usr/lib/x86_64-linux-gnu/slurm-wlm

log() { echo "testbed: $*"; }
die() { echo "testbed: $*" >&2; exit 1; }

running() {  # running NAME: the pid file of NAME names a live process
  local f="$STATE/pids/$1.pid"
  [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2
  shift 2
  for ((i = 0; i < seconds * 2; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  die "$what did not come up within ${seconds}s"
}

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build_scrontab() {
  if command -v scrontab >/dev/null && [[ $(command -v scrontab) != "$CACHE/bin/scrontab" ]]; then
    return
  fi
  local version
  version="$(dpkg-query -W -f='${Version}' slurm-client)"
  local upstream="${version%%-*}"
  if [[ ! -x $CACHE/bin/scrontab || $(cat "$CACHE/bin/scrontab.version" 2>/dev/null) != "$version" ]]; then
    log "building scrontab $upstream from Debian's source package (cached in $CACHE)"
    mkdir -p "$CACHE/src" "$CACHE/bin"
    local tarball="$CACHE/src/slurm-wlm_${upstream}.orig.tar.gz"
    if [[ ! -f $tarball ]]; then
      # The checksum comes from the signed-by-apt Sources index of the suite.
      local sum
      curl -fsS -o "$CACHE/src/Sources.xz" http://deb.debian.org/debian/dists/bookworm/main/source/Sources.xz
      sum="$(xz -dc "$CACHE/src/Sources.xz" \
        | awk -v f="slurm-wlm_${upstream}.orig.tar.gz" '/^Checksums-Sha256:/{c=1;next} /^[A-Z]/{c=0} c && $3==f && !s {s=$1} END {print s}')"
      [[ -n $sum ]] || die "no checksum for slurm-wlm_${upstream}.orig.tar.gz in Debian's Sources index"
      curl -fsS -o "$tarball.part" "http://deb.debian.org/debian/pool/main/s/slurm-wlm/slurm-wlm_${upstream}.orig.tar.gz"
      echo "$sum  $tarball.part" | sha256sum -c --quiet - || die "checksum mismatch for the Slurm source"
      mv "$tarball.part" "$tarball"
    fi
    local build="$CACHE/src/build"
    rm -rf "$build" && mkdir -p "$build"
    tar xzf "$tarball" -C "$build" --strip-components=1
    (cd "$build" && ./configure --prefix=/usr --sysconfdir=/etc/slurm --without-gtk2 --without-hdf5 \
      --without-rrdtool --without-pmix --without-ucx >"$CACHE/src/configure.log" 2>&1) \
      || die "configure failed; see $CACHE/src/configure.log"
    (cd "$build/src/scrontab" \
      && for t in default_crontab usage; do
           ld -r -o "$t.bino" -z noexecstack --format=binary "$t.txt"
           objcopy --rename-section .data=.rodata,alloc,load,readonly,data,contents "$t.bino"
         done \
      && gcc -I../.. -DHAVE_CONFIG_H -o "$CACHE/bin/scrontab" env.c opt.c parse.c scrontab.c \
           default_crontab.bino usage.bino -L"$SLURM_LIB" -lslurmfull -Wl,-rpath,"$SLURM_LIB" -lpthread -ldl) \
      || die "building scrontab failed"
    echo "$version" >"$CACHE/bin/scrontab.version"
    rm -rf "$build"
  fi
  ln -sf "$CACHE/bin/scrontab" /usr/local/bin/scrontab
}

write_config() {
  local host
  host="$(hostname -s)"
  if [[ -f /etc/slurm/slurm.conf ]] && ! grep -qF "$MARKER" /etc/slurm/slurm.conf; then
    die "/etc/slurm/slurm.conf exists and is not ours; refusing to overwrite a real Slurm's configuration"
  fi
  mkdir -p /etc/slurm "$STATE"/{pids,ctld,d,log} /run/munge /run/mysqld
  chown slurm:slurm "$STATE/ctld" "$STATE/log"
  chmod 755 "$STATE" "$STATE/log"
  cat >/etc/slurm/slurm.conf <<EOF
$MARKER
ClusterName=$CLUSTER
SlurmctldHost=$host
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$STATE/pids/slurmctld.pid
SlurmdPidFile=$STATE/pids/slurmd.pid
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerParameters=sched_interval=2,bf_interval=2
# GrpTRESMins budgets and fair share are tracked only with multifactor priority; recalculated every minute.
PriorityType=priority/multifactor
PriorityCalcPeriod=1
ReturnToService=2
SlurmdParameters=config_overrides
GresTypes=gpu
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStorageTRES=gres/gpu
AccountingStorageEnforce=associations,limits,qos
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=task=1
JobCompType=jobcomp/none
ScronParameters=enable
Prolog=$STATE/prolog.sh
DefMemPerCPU=1000
MinJobAge=600
KillWait=2
InactiveLimit=0
MessageTimeout=20
NodeName=$host CPUs=64 RealMemory=257000 Gres=gpu:a100:4 State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  cat >/etc/slurm/gres.conf <<EOF
$MARKER
AutoDetect=off
NodeName=$host Name=gpu Type=a100 File=/dev/librarian-fakegpu[0-3]
EOF
  for i in 0 1 2 3; do
    [[ -e /dev/librarian-fakegpu$i ]] || mknod /dev/librarian-fakegpu$i c 1 3
  done
  cat >/etc/slurm/slurmdbd.conf <<EOF
$MARKER
AuthType=auth/munge
DbdHost=localhost
SlurmUser=slurm
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=librarian-testbed
StorageLoc=slurm_acct_db
PidFile=$STATE/pids/slurmdbd.pid
LogFile=$STATE/log/slurmdbd.log
EOF
  chown slurm:slurm /etc/slurm/slurmdbd.conf
  chmod 600 /etc/slurm/slurmdbd.conf
  cat >"$STATE/prolog.sh" <<EOF
#!/bin/sh
# Fails while the flag file exists: Slurm then requeues and holds the job ('launch failed requeued held').
[ -e "$STATE/fail-prolog" ] && exit 1
exit 0
EOF
  chmod 755 "$STATE/prolog.sh"
  for u in "${USERS[@]}"; do
    id "$u" >/dev/null 2>&1 || useradd -m -s /bin/bash "$u"
  done
}

start_munge() {
  running munged && return
  if [[ ! -s /etc/munge/munge.key ]]; then
    mungekey --create --force >/dev/null 2>&1 || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key /run/munge
  chmod 400 /etc/munge/munge.key
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid --force
  wait_for 10 munged test -s /run/munge/munged.pid
  cp /run/munge/munged.pid "$STATE/pids/munged.pid"
}

start_mariadb() {
  if running mysqld && mysqladmin ping >/dev/null 2>&1; then return; fi
  chown mysql:mysql /run/mysqld
  (setsid mysqld_safe --user=mysql --skip-networking=0 --bind-address=127.0.0.1 >"$STATE/log/mysqld_safe.log" 2>&1 &)
  wait_for 60 MariaDB mysqladmin ping
  wait_for 10 "MariaDB's pid file" test -s /run/mysqld/mysqld.pid
  cp /run/mysqld/mysqld.pid "$STATE/pids/mysqld.pid"
  mysql -uroot <<'EOF'
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'librarian-testbed';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
FLUSH PRIVILEGES;
EOF
}

start_slurmdbd() {
  running slurmdbd && return
  slurmdbd
  wait_for 60 slurmdbd sacctmgr -n show cluster
}

add_cluster() {
  sacctmgr -i -n show cluster format=cluster | grep -qw "$CLUSTER" || sacctmgr -i add cluster "$CLUSTER" >/dev/null
}

# After slurmctld has registered the cluster's TRES (gres/gpu among them) with slurmdbd.
accounts() {
  wait_for 60 "the gres/gpu TRES" sh -c "sacctmgr -n -P show tres format=type,name | grep -q '^gres|gpu$'"
  sacctmgr -i -n show qos format=name | grep -qw avery \
    || sacctmgr -i add qos avery GrpTRES=cpu=48,gres/gpu=3,mem=200G >/dev/null
  sacctmgr -i -n show qos format=name | grep -qw avery-b \
    || sacctmgr -i add qos avery-b GrpTRES=cpu=64,mem=250G >/dev/null
  sacctmgr -i -n show account format=account | grep -qw avery-lab \
    || sacctmgr -i add account avery-lab cluster="$CLUSTER" qos=normal,avery,avery-b >/dev/null
  for u in "${USERS[@]}"; do
    sacctmgr -i -n show user "$u" format=user | grep -qw "$u" \
      || sacctmgr -i add user "$u" account=avery-lab cluster="$CLUSTER" qos=normal,avery,avery-b defaultqos=avery >/dev/null
  done
}

start_slurm() {
  if ! running slurmctld; then
    slurmctld
    wait_for 60 slurmctld scontrol ping
  fi
  if ! running slurmd; then
    slurmd
  fi
  wait_for 90 "the node" sh -c "sinfo -h -o %T | grep -Eq '^(idle|mixed|allocated)'"
}

# Refuses, before installing or writing anything, a machine whose Slurm this script did not set up:
# a slurm.conf without our marker, or Slurm daemons running that are not the ones we started.
guard() {
  local hint="this looks like a real Slurm machine; the test bed writes /etc/slurm and starts daemons, so it only runs on a throw-away machine or container (run scripts/test with LIBRARIAN_NO_SLURM=1 here)"
  if [[ -f /etc/slurm/slurm.conf ]] && ! grep -qF "$MARKER" /etc/slurm/slurm.conf; then
    die "/etc/slurm/slurm.conf exists and was not written by this script: $hint"
  fi
  local name pid
  for name in slurmctld slurmd slurmdbd; do
    for pid in $(pgrep -x "$name" 2>/dev/null || true); do
      if [[ ! -f $STATE/pids/$name.pid || $(cat "$STATE/pids/$name.pid") != "$pid" ]]; then
        die "$name (pid $pid) is running and was not started by this script: $hint"
      fi
    done
  done
}

up() {
  [[ $(id -u) -eq 0 ]] || die "run as root (it configures and starts system daemons)"
  guard
  install_packages
  build_scrontab
  write_config
  start_munge
  start_mariadb
  start_slurmdbd
  add_cluster
  start_slurm
  accounts
  log "up: cluster $CLUSTER, node $(hostname -s): $(sinfo -h -o '%c CPUs, %m MB, %G, %T')"
}

down() {
  for name in slurmd slurmctld slurmdbd mysqld munged; do
    local f="$STATE/pids/$name.pid"
    if [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null; then
      log "stopping $name ($(cat "$f"))"
      kill "$(cat "$f")"
      for ((i = 0; i < 40; i++)); do kill -0 "$(cat "$f")" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "$f"
  done
  pkill -f "mysqld_safe --user=mysql --skip-networking=0" 2>/dev/null || true
}

status() {
  local rc=0
  for name in munged mysqld slurmdbd slurmctld slurmd; do
    if running "$name"; then echo "$name: running ($(cat "$STATE/pids/$name.pid"))"; else echo "$name: stopped"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac

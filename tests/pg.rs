//! A throwaway PostgreSQL cluster for tests that need a real database (the
//! contracts tested by datacontract-cli, tests/dcli.rs): `initdb` into a
//! temporary folder, the server on a free loopback port with its socket in
//! that folder, stopped and removed when the value drops, a panicking test
//! included.
//!
//! The programs come from Debian's `postgresql` package (`make
//! setup-system`), found through `pg_config --bindir` or
//! `/usr/lib/postgresql/<version>/bin`, never through `PATH`: a stray
//! `pg_ctl` elsewhere must not be picked up. `initdb`, `postgres` and
//! `pg_ctl` refuse to run as root, and CI runs as root: there they run as
//! the `postgres` user the package creates (through `setpriv`, which execs,
//! so the child is the server itself).

#![allow(dead_code)]

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The superuser, for local (socket) connections without a password.
pub const SUPERUSER: &str = "postgres";
/// The role a client such as datacontract-cli logs in as over TCP, with
/// [`CLIENT_PASSWORD`] (scram-sha-256, as a real server would ask).
pub const CLIENT_USER: &str = "contract_tester";
pub const CLIENT_PASSWORD: &str = "throwaway-cluster-password";

/// How long a fresh cluster may take to accept connections. Generous: the
/// machine is shared and the first start after boot is slow.
const READY_DEADLINE: Duration = Duration::from_mins(1);
/// How long the server may take to stop before its process group is killed.
const STOP_DEADLINE: Duration = Duration::from_secs(15);

/// The folder with `initdb`, `postgres`, `pg_ctl`, `pg_isready` and `psql`
/// of one PostgreSQL release, or `None` when none is installed.
pub fn bindir() -> Option<PathBuf> {
    const PROGRAMS: [&str; 5] = ["initdb", "postgres", "pg_ctl", "pg_isready", "psql"];
    let complete = |dir: &Path| PROGRAMS.iter().all(|p| dir.join(p).is_file());

    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    // Debian's layout, newest release first: `pg_config` comes from
    // libpq-dev and may name a release whose server is not installed.
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((version, e.path().join("bin")))
        })
        .collect();
    debian.sort_by_key(|(version, _)| std::cmp::Reverse(*version));

    from_pg_config
        .into_iter()
        .chain(debian.into_iter().map(|(_, dir)| dir))
        .find(|dir| complete(dir))
}

/// A running cluster with one database; stopped and deleted on drop.
#[derive(Debug)]
pub struct Postgres {
    server: Child,
    bindir: PathBuf,
    port: u16,
    /// Run the server programs as the `postgres` user (the tests run as root).
    as_postgres_user: bool,
    /// `data/` (the cluster), the server's socket and `server.log`. Declared
    /// last: removed after `drop` has stopped the server.
    dir: TempDir,
}

impl Postgres {
    /// Initialises a cluster with the programs in `bindir` and starts it;
    /// returns once it accepts connections. Creates [`CLIENT_USER`] and the
    /// database `database`, owned by it. Panics with the server's log when
    /// it does not come up.
    pub fn start(bindir: &Path, database: &str) -> Self {
        let as_postgres_user = is_root();
        let dir = tempfile::Builder::new()
            .prefix("meshcanvas-pg-")
            .tempdir()
            .expect("temporary folder for the cluster");
        if as_postgres_user {
            chown_to_postgres(dir.path());
        }
        let pwfile = dir.path().join("superuser-password");
        std::fs::write(&pwfile, format!("{CLIENT_PASSWORD}\n")).expect("write the password file");

        let mut initdb = server_command(bindir, "initdb", as_postgres_user, dir.path());
        initdb
            .arg("-D")
            .arg(dir.path().join("data"))
            .args([
                "-U",
                SUPERUSER,
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .args(["--auth-local=trust", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()));
        let out = initdb.output().expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );

        // A port free now may be taken before the server binds it (other
        // tests pick ports too): a lost race is retried on a new port.
        let mut attempt = 1;
        let (server, port) = loop {
            let port = free_port();
            let mut server = spawn_server(bindir, as_postgres_user, dir.path(), port);
            match wait_until_ready(&mut server, bindir, dir.path(), port) {
                Ok(()) => break (server, port),
                Err(why) => {
                    stop_server(&mut server, bindir, as_postgres_user, dir.path());
                    let log = read_log(dir.path());
                    if attempt < 3 && log.contains("could not bind") {
                        attempt += 1;
                        continue;
                    }
                    panic!("{why}\n--- server log ---\n{log}");
                }
            }
        };
        let pg = Postgres {
            server,
            bindir: bindir.to_owned(),
            port,
            as_postgres_user,
            dir,
        };
        pg.psql(
            "postgres",
            &format!(
                "CREATE ROLE {CLIENT_USER} LOGIN PASSWORD '{CLIENT_PASSWORD}';\n\
                 CREATE DATABASE {database} OWNER {CLIENT_USER};"
            ),
        );
        pg
    }

    /// The TCP port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        read_log(self.dir.path())
    }

    /// Runs `sql` (one or more statements) in `database` as the superuser
    /// and returns what psql printed, unaligned, tuples only. Panics on the
    /// first failing statement, with psql's message.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let script = tempfile::NamedTempFile::new_in(self.dir.path()).expect("script file");
        std::fs::write(script.path(), sql).expect("write the script");
        let out = Command::new(self.bindir.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .arg("-h")
            .arg(self.dir.path())
            .args([
                "-p",
                &self.port.to_string(),
                "-U",
                SUPERUSER,
                "-d",
                database,
            ])
            .arg("-f")
            .arg(script.path())
            .stdin(Stdio::null())
            .output()
            .expect("run psql");
        assert!(
            out.status.success(),
            "psql failed in database {database} ({}):\n{}\n--- sql ---\n{sql}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        stop_server(
            &mut self.server,
            &self.bindir,
            self.as_postgres_user,
            self.dir.path(),
        );
    }
}

fn read_log(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
}

/// Polls until the server accepts connections on its socket.
fn wait_until_ready(
    server: &mut Child,
    bindir: &Path,
    dir: &Path,
    port: u16,
) -> Result<(), String> {
    let started = Instant::now();
    loop {
        if let Some(status) = server.try_wait().expect("poll the server") {
            return Err(format!(
                "the PostgreSQL server on port {port} exited ({status}) before accepting connections"
            ));
        }
        let ready = Command::new(bindir.join("pg_isready"))
            .arg("-h")
            .arg(dir)
            .args(["-p", &port.to_string(), "-U", SUPERUSER, "-t", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run pg_isready");
        if ready.success() {
            return Ok(());
        }
        if started.elapsed() > READY_DEADLINE {
            return Err(format!(
                "the PostgreSQL server on port {port} did not accept connections within {} s",
                READY_DEADLINE.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Stops the server (`pg_ctl stop -m immediate`, and its process group
/// killed if that does not end it in time) and reaps it.
fn stop_server(server: &mut Child, bindir: &Path, as_postgres_user: bool, dir: &Path) {
    if matches!(server.try_wait(), Ok(Some(_))) {
        return;
    }
    let _ = server_command(bindir, "pg_ctl", as_postgres_user, dir)
        .arg("stop")
        .arg("-D")
        .arg(dir.join("data"))
        .args(["-m", "immediate", "-w", "-t"])
        .arg(STOP_DEADLINE.as_secs().to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let deadline = Instant::now() + STOP_DEADLINE;
    while Instant::now() < deadline {
        if matches!(server.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    // Not reaped yet, so the group id is still this server's.
    crate::util::kill_process_group(server.id());
    let _ = server.wait();
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn chown_to_postgres(dir: &Path) {
    let out = Command::new("chown")
        .arg(format!("{SUPERUSER}:"))
        .arg(dir)
        .output()
        .expect("run chown");
    assert!(
        out.status.success(),
        "the tests run as root, where initdb refuses to run, and the {SUPERUSER} user \
         to run it as is missing or cannot own {}: {}\n\
         Debian's postgresql package creates that user (make setup-system).",
        dir.display(),
        String::from_utf8_lossy(&out.stderr).trim()
    );
}

/// `program` from `bindir`, as the `postgres` user when the tests run as
/// root, started in `cwd` (the postgres user may not read the test's own).
fn server_command(bindir: &Path, program: &str, as_postgres_user: bool, cwd: &Path) -> Command {
    let mut cmd = if as_postgres_user {
        let mut c = Command::new("setpriv");
        c.arg(format!("--reuid={SUPERUSER}"))
            .arg(format!("--regid={SUPERUSER}"))
            .arg("--init-groups")
            .arg("--")
            .arg(bindir.join(program));
        c
    } else {
        Command::new(bindir.join(program))
    };
    cmd.current_dir(cwd).stdin(Stdio::null());
    cmd
}

/// The server itself as a child of the test, in a process group of its own
/// (its backends join it), so the whole group can be stopped.
fn spawn_server(bindir: &Path, as_postgres_user: bool, dir: &Path, port: u16) -> Child {
    use std::os::unix::process::CommandExt as _;
    let log = File::options()
        .create(true)
        .append(true)
        .open(dir.join("server.log"))
        .expect("server log");
    let mut cmd = server_command(bindir, "postgres", as_postgres_user, dir);
    cmd.arg("-D")
        .arg(dir.join("data"))
        .args(["-p", &port.to_string()])
        .arg("-k")
        .arg(dir)
        .args(["-c", "listen_addresses=127.0.0.1"])
        // A throwaway cluster: durability costs time and buys nothing.
        .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
        .args(["-c", "full_page_writes=off"])
        .stdout(log.try_clone().expect("server log"))
        .stderr(log)
        .process_group(0);
    cmd.spawn().expect("start the PostgreSQL server")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on 127.0.0.1")
        .port()
}

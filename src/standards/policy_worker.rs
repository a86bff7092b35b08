//! Rego policies evaluated in a worker process that can be stopped.
//!
//! A standards pack is code from someone else. regorus's execution timer
//! stops a policy between evaluation steps, but one step can run for
//! seconds or allocate gigabytes on its own (`sprintf("%0999999999d", [1])`,
//! `replace` of a string by itself a few times, `concat` over a `split`,
//! comparing two values that share structure exponentially). No check
//! inside the process can stop that, so the programs that check canvases
//! (the `meshcanvas` CLI and the desktop app) evaluate Rego in a child
//! process of their own executable, started with [`WORKER_ARG`]:
//!
//! - its data segment is limited to [`MEMORY_LIMIT`] (`RLIMIT_DATA`, Linux),
//!   so an allocation beyond it fails there and ends the worker, not the
//!   app;
//! - a rule that has not answered [`STEP_GRACE`] after its time limit is
//!   killed with the worker (the execution timer inside the worker stops
//!   the ordinary loops at the limit itself, and the worker goes on);
//! - either way the rule is reported as a run error naming its policy, the
//!   other rules of the canvas run on a new worker, and the stop counts
//!   towards the rule's quarantine.
//!
//! The worker gets the packs' sources once, compiles them as the parent
//! did, and then answers one request per canvas: the canvas and the rules
//! to run, answered rule by rule, so the parent knows which rule was
//! running when the worker died. Each request and answer is one line of
//! JSON on the worker's stdin and stdout.
//!
//! A program that embeds the library without calling [`serve_if_asked`]
//! at the start of `main` (tests, benchmarks, other tools) evaluates in
//! its own process, bounded by the execution timer only, unless it names
//! a worker program in [`super::LoadOptions::policy_worker`].

use std::io::{BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::rego_rule::{Denial, KeyCache, RegoFailure, RegoPack, RegoRule};

/// The first argument that makes a host program serve as a policy worker;
/// the second is the parent's process id.
pub const WORKER_ARG: &str = "--meshcanvas-policy-worker";

/// The memory a policy worker may use (its data segment: heap and private
/// mappings), 1 GiB. The largest canvas (16 MiB as JSON) takes about 200 MiB
/// as Rego values.
pub const MEMORY_LIMIT: u64 = 1 << 30;

/// How long after its time limit a rule that has not answered is killed
/// with its worker: time for the execution timer, which stops ordinary
/// loops at the limit, to answer first.
pub const STEP_GRACE: Duration = Duration::from_millis(500);

/// How long a new worker may take to compile the packs before its first
/// answer is due (they compiled in the parent already; this only guards
/// against a worker that never answers).
const LOAD_ALLOWANCE: Duration = Duration::from_secs(30);

/// How much of a worker's standard error is kept, for the message when it
/// dies.
const STDERR_KEPT: usize = 4096;

/// Set when the running executable serves as its own policy worker.
static HOST: AtomicBool = AtomicBool::new(false);

/// Called first thing in `main` by every program that checks canvases.
/// Started as a policy worker ([`WORKER_ARG`]), it serves and exits;
/// otherwise it records that this executable can be started as one, so
/// that standards loaded in this process evaluate Rego in a worker.
pub fn serve_if_asked() {
    if std::env::args_os().nth(1).is_some_and(|a| a == WORKER_ARG) {
        std::process::exit(serve());
    }
    HOST.store(true, Ordering::Relaxed);
}

/// The program to start as a policy worker: this executable, when it
/// called [`serve_if_asked`].
#[must_use]
pub fn host_program() -> Option<PathBuf> {
    if HOST.load(Ordering::Relaxed) {
        std::env::current_exe().ok()
    } else {
        None
    }
}

/// The packs a worker compiles, index for index with `Standards::rego`.
#[derive(Serialize, Deserialize)]
struct Load {
    limit_ms: u64,
    packs: Vec<Option<PackSource>>,
}

#[derive(Serialize, Deserialize)]
struct PackSource {
    policies: Vec<(String, String)>,
    queries: Vec<String>,
}

/// One canvas and the rules to run on it: `(pack, query, label)`.
#[derive(Serialize)]
struct Request<'a> {
    doc: &'a serde_json::Value,
    rules: Vec<(usize, &'a str, &'a str)>,
}

#[derive(Deserialize)]
struct OwnedRequest {
    doc: serde_json::Value,
    rules: Vec<(usize, String, String)>,
}

/// A rule's answer: its denials as `(pointer, message)`, or why it has none.
#[derive(Serialize, Deserialize)]
enum Reply {
    /// The packs are compiled; answers follow.
    Ready,
    Denials(Vec<(String, String)>),
    OutOfTime(String),
    Failed(String),
}

/// The worker's side: compile the packs, then answer requests until stdin
/// closes. Returns the process's exit code.
fn serve() -> i32 {
    if !end_with_parent() {
        return 0;
    }
    limit_memory(MEMORY_LIMIT);
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let packs = match lines.next() {
        Some(Ok(line)) => match load(&line) {
            Ok(packs) => packs,
            Err(e) => {
                eprintln!("policy worker: cannot load the packs: {e}");
                return 3;
            }
        },
        _ => return 0,
    };
    let mut engines: Vec<Option<regorus::Engine>> = vec![None; packs.len()];
    let mut keys = KeyCache::default();
    let mut out = BufWriter::new(std::io::stdout().lock());
    if answer(&mut out, &Reply::Ready).is_err() {
        return 0;
    }
    for line in lines {
        let Ok(line) = line else { return 0 };
        let request: OwnedRequest = match serde_json::from_str(&line) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("policy worker: unreadable request: {e}");
                return 3;
            }
        };
        let mut input_set = vec![false; packs.len()];
        for (pack, query, label) in request.rules {
            let reply = match packs.get(pack) {
                Some(Some(p)) => {
                    let engine = engines[pack].get_or_insert_with(|| p.engine.clone());
                    if !input_set[pack] {
                        engine.set_input(p.input(&request.doc, &mut keys));
                        input_set[pack] = true;
                    }
                    let rule = RegoRule {
                        pack,
                        query,
                        label,
                        timeouts: std::sync::atomic::AtomicU32::new(0),
                        reads: None,
                    };
                    match rule.eval(engine) {
                        Ok(denials) => Reply::Denials(
                            denials
                                .into_iter()
                                .map(|d| (d.pointer, d.message))
                                .collect(),
                        ),
                        Err(RegoFailure::OutOfTime(m)) => {
                            // A stopped engine is left mid-evaluation.
                            engines[pack] = None;
                            input_set[pack] = false;
                            Reply::OutOfTime(m)
                        }
                        Err(RegoFailure::Failed(m) | RegoFailure::OutOfMemory(m)) => {
                            Reply::Failed(m)
                        }
                    }
                }
                _ => Reply::Failed(format!("{label}: no such pack in the policy worker")),
            };
            if answer(&mut out, &reply).is_err() {
                return 0;
            }
        }
    }
    0
}

fn answer(out: &mut impl Write, reply: &Reply) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, reply)?;
    out.write_all(b"\n")?;
    out.flush()
}

fn load(line: &str) -> Result<Vec<Option<RegoPack>>, String> {
    let load: Load = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let limit = Duration::from_millis(load.limit_ms);
    load.packs
        .into_iter()
        .map(|p| {
            p.map(|p| RegoPack::rebuild(limit, &p.policies, &p.queries))
                .transpose()
        })
        .collect()
}

#[cfg(target_os = "linux")]
fn limit_memory(bytes: u64) {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let limit = Rlimit {
        current: Some(bytes),
        maximum: Some(bytes),
    };
    if let Err(e) = setrlimit(Resource::Data, limit) {
        eprintln!("policy worker: cannot limit its memory: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn limit_memory(_bytes: u64) {}

/// Ends this process at once, with no clean-up (the main thread may hold
/// stdout's lock) and no core file.
#[cfg(unix)]
fn end_now() -> ! {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{Signal, getpid, kill_process};
        let _ = kill_process(getpid(), Signal::KILL);
    }
    std::process::abort()
}

/// How often a worker looks whether its parent is still there.
const PARENT_POLL: Duration = Duration::from_millis(100);

/// Ends the worker when its parent (the CLI or app, whose pid is the
/// argument after [`WORKER_ARG`]) has gone, even by a signal that gave it
/// no time to end its worker: a policy stuck in one step would otherwise run
/// on, orphaned. A thread watches the parent's pid, since the main thread
/// may be inside such a step. (Not `PR_SET_PDEATHSIG`: it fires when the
/// *thread* that started the worker ends, and workers outlive the check
/// threads that start them.) False when the parent has already gone.
fn end_with_parent() -> bool {
    #[cfg(unix)]
    {
        let Some(parent) = std::env::args().nth(2).and_then(|p| p.parse::<u32>().ok()) else {
            return true;
        };
        if std::os::unix::process::parent_id() != parent {
            return false;
        }
        // Started before the memory limit is set: a thread maps its signal
        // stack as it starts, which the limit could refuse.
        let (started, running) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = started.send(());
            loop {
                std::thread::sleep(PARENT_POLL);
                if std::os::unix::process::parent_id() != parent {
                    end_now();
                }
            }
        });
        let _ = running.recv();
    }
    true
}

/// The most workers kept idle for one set of standards: one per thread
/// a check uses (see `crate::par`).
const POOL_SIZE: usize = 8;

/// Workers kept between checks, so that a check (the desktop app's after
/// each edit, or the next whole-mesh check) does not start one each time.
#[derive(Debug, Default, Clone)]
pub struct Pool(Arc<Mutex<Vec<Worker>>>);

impl Pool {
    /// An idle worker that is still running, if one is kept. A worker that
    /// ended while idle (killed by the system, say) is dropped, not handed
    /// out to fail on the next rule.
    pub fn take(&self) -> Option<Worker> {
        let mut idle = self.0.lock().ok()?;
        while let Some(mut worker) = idle.pop() {
            if worker.running() {
                return Some(worker);
            }
        }
        None
    }

    /// Keeps `worker` for the next check (or ends it, when enough are kept).
    pub fn put(&self, worker: Worker) {
        if let Ok(mut idle) = self.0.lock()
            && idle.len() < POOL_SIZE
        {
            idle.push(worker);
        }
    }
}

/// Why a worker stopped answering, on the rule it was running.
#[derive(Debug)]
pub enum Stop {
    /// Killed: the rule ran past its time limit and the grace after it.
    Killed(String),
    /// It died on its own, out of memory.
    OutOfMemory(String),
    /// It died otherwise (a crash), or could not be written to.
    Died(String),
}

/// A running policy worker, owned by one thread's check.
pub struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    replies: Receiver<String>,
    stderr: Arc<Mutex<Vec<u8>>>,
    /// Not yet said it is ready (its packs compiled).
    fresh: bool,
    limit: Duration,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("pid", &self.child.id())
            .finish_non_exhaustive()
    }
}

impl Worker {
    /// Starts `program` as a worker for `packs` (index = pack index).
    pub fn spawn(program: &Path, packs: &[Option<RegoPack>]) -> std::io::Result<Self> {
        let limit = packs
            .iter()
            .flatten()
            .map(|p| p.limit)
            .max()
            .unwrap_or(super::DEFAULT_REGO_TIME_LIMIT);
        let mut child = Command::new(program)
            .arg(WORKER_ARG)
            .arg(std::process::id().to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(stdin), Some(stdout), Some(stderr)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("the worker's pipes were not opened"));
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let kept = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&kept);
        std::thread::spawn(move || {
            let mut stderr = stderr;
            let mut buf = [0u8; 1024];
            while let Ok(n @ 1..) = stderr.read(&mut buf) {
                if let Ok(mut kept) = sink.lock() {
                    let room = STDERR_KEPT.saturating_sub(kept.len());
                    kept.extend_from_slice(&buf[..n.min(room)]);
                }
            }
        });
        let mut worker = Self {
            child,
            stdin: BufWriter::new(stdin),
            replies: rx,
            stderr: kept,
            fresh: true,
            limit,
        };
        let load = Load {
            limit_ms: u64::try_from(limit.as_millis()).unwrap_or(u64::MAX),
            packs: packs
                .iter()
                .map(|p| {
                    p.as_ref().map(|p| PackSource {
                        policies: p.sources.clone(),
                        queries: p.queries.clone(),
                    })
                })
                .collect(),
        };
        worker.send(&load)?;
        Ok(worker)
    }

    fn send(&mut self, message: &impl Serialize) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.stdin, message)?;
        self.stdin.write_all(b"\n")?;
        self.stdin.flush()
    }

    /// Whether the worker process is still running (it is reaped if not).
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Runs `rules` on `doc`. The answers of the rules that answered, in
    /// order; with a [`Stop`] when the worker stopped on the next rule, in
    /// which case it is dead and must be replaced.
    pub fn run(
        &mut self,
        doc: &serde_json::Value,
        rules: &[&RegoRule],
    ) -> (Vec<Result<Vec<Denial>, RegoFailure>>, Option<Stop>) {
        let request = Request {
            doc,
            rules: rules
                .iter()
                .map(|r| (r.pack, r.query.as_str(), r.label.as_str()))
                .collect(),
        };
        let mut answers = Vec::with_capacity(rules.len());
        if let Err(e) = self.send(&request) {
            return (
                answers,
                Some(self.end(&format!("cannot be written to: {e}"))),
            );
        }
        if self.fresh {
            match self.replies.recv_timeout(LOAD_ALLOWANCE) {
                Ok(line) if line.starts_with("\"Ready\"") => self.fresh = false,
                Ok(line) => {
                    return (
                        answers,
                        Some(self.end(&format!("did not start: it said {line}"))),
                    );
                }
                Err(RecvTimeoutError::Timeout) => {
                    let why = format!("did not start within {} s", LOAD_ALLOWANCE.as_secs());
                    return (answers, Some(self.end(&why)));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let stop = match rules.first() {
                        Some(rule) => self.died(rule),
                        None => self.end("did not start"),
                    };
                    return (answers, Some(stop));
                }
            }
        }
        for rule in rules {
            let line = match self.replies.recv_timeout(self.limit + STEP_GRACE) {
                Ok(line) => line,
                Err(RecvTimeoutError::Timeout) => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    let message = format!(
                        "{}: stopped: still running {} ms after its time limit of {} ms, inside \
                         one step; its worker was ended",
                        rule.label,
                        STEP_GRACE.as_millis(),
                        self.limit.as_millis()
                    );
                    return (answers, Some(Stop::Killed(message)));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let stop = self.died(rule);
                    return (answers, Some(stop));
                }
            };
            answers.push(match serde_json::from_str::<Reply>(&line) {
                Ok(Reply::Denials(d)) => Ok(d
                    .into_iter()
                    .map(|(pointer, message)| Denial { pointer, message })
                    .collect()),
                Ok(Reply::OutOfTime(m)) => Err(RegoFailure::OutOfTime(m)),
                Ok(Reply::Failed(m)) => Err(RegoFailure::Failed(m)),
                Ok(Reply::Ready) => Err(RegoFailure::Failed(format!(
                    "{}: the policy worker answered out of turn",
                    rule.label
                ))),
                Err(e) => Err(RegoFailure::Failed(format!(
                    "{}: the policy worker answered nonsense: {e}",
                    rule.label
                ))),
            });
        }
        (answers, None)
    }

    /// The worker closed its output while `rule` ran: why.
    fn died(&mut self, rule: &RegoRule) -> Stop {
        let status = self.child.wait();
        let stderr = self
            .stderr
            .lock()
            .map(|s| String::from_utf8_lossy(&s).into_owned())
            .unwrap_or_default();
        if stderr.contains("memory allocation of") {
            return Stop::OutOfMemory(format!(
                "{}: stopped: it needed more than the {} a policy may use; its worker was ended",
                rule.label,
                limit_text(MEMORY_LIMIT)
            ));
        }
        let said = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let how = match status {
            Ok(s) => s.to_string(),
            Err(e) => e.to_string(),
        };
        Stop::Died(format!(
            "{}: its policy worker stopped ({how}){}{said}",
            rule.label,
            if said.is_empty() { "" } else { ": " }
        ))
    }

    /// Ends the worker after a failed write; says why.
    fn end(&mut self, why: &str) -> Stop {
        let _ = self.child.kill();
        let _ = self.child.wait();
        Stop::Died(format!("the policy worker {why}"))
    }
}

/// `1 GiB`, `512 MiB`.
fn limit_text(bytes: u64) -> String {
    if bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

//! The authenticated mesh: every process connects to every other over TCP,
//! and every connection proves, before timely sees a byte of it, that the
//! process at the other end knows the run's shared secret.
//!
//! timely makes its own mesh (`timely_communication`'s `networking.rs`, read
//! at 0.32.0): it accepts any connection on its port and takes the first 8
//! bytes as the peer's index. Anyone who can reach the port is then a peer:
//! it can send made-up records, receive the run's data, or kill the run
//! with one bad packet. So this module connects the sockets itself, as
//! Python's `multiprocessing.connection` does for an `authkey`, and hands
//! the connected sockets to timely
//! (`initialize_networking_from_sockets`, in [`crate::launch`]).
//!
//! The handshake, on each connection (the higher index dials the lower, as
//! timely does):
//!
//! ```text
//!  dialer                                   listener
//!    │── hello: magic, index, nonce N_d, workers, data set ──▶│
//!    │◀── hello: magic, index, nonce N_l, workers, data set ──│
//!    │── HMAC(secret, "dialer"   ‖ hello_d ‖ hello_l) ───────▶│ checks it
//!    │◀── HMAC(secret, "listener" ‖ hello_d ‖ hello_l) ───────│
//!  checks it
//! ```
//!
//! Each side picks a fresh random nonce, so an old proof is worth nothing
//! (no replay); the label differs by role, so a proof cannot be reflected
//! back; the listener proves itself only after the dialer has, so a
//! stranger who dials learns nothing; tags are compared in constant time
//! (`hmac`'s `verify_slice`). Both hellos are inside both tags, so the
//! agreement they carry (`--workers`, the data set's fingerprint) is
//! authenticated too, and a mismatch is refused with both values named.
//!
//! What this does **not** do: encrypt. Once the handshake is done, timely's
//! records travel in clear, and an attacker *on the path* (not merely on
//! the network) could read or change them. See the chapter's "Security".

use crate::sales::Dataset;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// The environment variable that carries the secret to a process.
pub const SECRET_ENV: &str = "LESSON09_SECRET";

/// How long a connection has to complete its half of the handshake. A
/// stranger that connects and says nothing is refused after this.
pub const HANDSHAKE_DEADLINE: Duration = Duration::from_secs(3);

/// At most this many handshakes at once on a listener; more are refused
/// at once, so a flood of connections costs bounded memory and threads.
const MAX_HANDSHAKES: usize = 16;

/// The first bytes of every hello: this lesson, this protocol version.
const MAGIC: &[u8; 8] = b"L09MESH1";
const NONCE: usize = 32;
const TAG: usize = 32;
/// magic, index, nonce, workers, file count, data set digest.
const HELLO: usize = 8 + 8 + NONCE + 8 + 8 + 32;

/// The run's shared secret: at least 16 bytes, never printed.
#[derive(Clone)]
pub struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    /// A fresh secret for one run on this machine: 32 random bytes from the
    /// operating system, as 64 hex digits.
    pub fn generate() -> io::Result<Secret> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| io::Error::other(e.to_string()))?;
        Ok(Secret(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    /// A secret from text (a file's content, an environment variable),
    /// without its trailing newline. `from` names where it came from.
    pub fn from_text(text: &str, from: &str) -> Result<Secret, String> {
        let text = text.trim_end_matches(['\n', '\r']);
        if text.len() < 16 {
            return Err(format!(
                "{from}: the secret is {} bytes; use at least 16 (e.g. `head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n'`)",
                text.len()
            ));
        }
        Ok(Secret(text.to_string()))
    }

    /// The secret in a file. A file that other users may read is refused:
    /// a secret anyone can read is no secret (`chmod 600 FILE`).
    pub fn from_file(path: &Path) -> Result<Secret, String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)
                .map_err(|e| format!("{}: cannot read the secret file: {e}", path.display()))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(format!(
                    "{}: the secret file is readable by other users (mode {:o}): `chmod 600 {}`",
                    path.display(),
                    mode & 0o777,
                    path.display()
                ));
            }
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read the secret file: {e}", path.display()))?;
        Secret::from_text(&text, &path.display().to_string())
    }

    /// The secret in [`SECRET_ENV`], if it is set.
    pub fn from_env() -> Result<Option<Secret>, String> {
        match std::env::var(SECRET_ENV) {
            Ok(text) => Secret::from_text(&text, SECRET_ENV).map(Some),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(format!("{SECRET_ENV} is not UTF-8 text")),
        }
    }

    /// The text to put in [`SECRET_ENV`] for a child process.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn mac(&self) -> Hmac<Sha256> {
        // HMAC takes a key of any length: this cannot fail.
        <Hmac<Sha256> as KeyInit>::new_from_slice(self.0.as_bytes()).expect("HMAC takes any key length")
    }
}

/// Which data a process will read, in 40 bytes: how many `*.csv` files,
/// and a SHA-256 of every file's name, size, first 64 KiB and last 64 KiB,
/// in name order. It reads at most 128 KiB a file, whatever the data's
/// size: it catches another data set, another generation, a file missing,
/// cut or grown, an edited header or tail; it misses an edit in the middle
/// that keeps the size (hashing every byte would catch that too, at the
/// price of reading the whole data set before the run starts). A process
/// that cannot open its directory has `files == u64::MAX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// The number of files, or `u64::MAX` for "cannot open the directory".
    pub files: u64,
    /// SHA-256 of names, sizes, heads and tails.
    pub digest: [u8; 32],
}

/// How much of each end of a file the fingerprint reads.
const SAMPLE: u64 = 64 * 1024;

impl Fingerprint {
    /// The fingerprint of the data set in `dir`.
    pub fn of(dir: &Path) -> Fingerprint {
        let Ok(dataset) = Dataset::open(dir) else {
            return Fingerprint {
                files: u64::MAX,
                digest: [0; 32],
            };
        };
        let mut hash = Sha256::new();
        for file in &dataset.files {
            hash.update(file.name.as_bytes());
            hash.update([0]);
            hash.update(file.bytes.to_be_bytes());
            match sample(&file.path, file.bytes) {
                Ok(bytes) => hash.update(&bytes),
                Err(_) => hash.update(b"unreadable"),
            }
        }
        Fingerprint {
            files: dataset.files.len() as u64,
            digest: hash.finalize().into(),
        }
    }
}

/// The first and last [`SAMPLE`] bytes of a file (all of it if smaller).
fn sample(path: &Path, size: u64) -> io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    (&mut file).take(SAMPLE.min(size)).read_to_end(&mut bytes)?;
    if size > SAMPLE {
        file.seek(SeekFrom::Start(size.saturating_sub(SAMPLE).max(SAMPLE)))?;
        file.take(SAMPLE).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.files == u64::MAX {
            return f.write_str("no data set (its directory cannot be opened)");
        }
        let hex: String = self.digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        write!(f, "{} files, SHA-256 {hex}…", self.files)
    }
}

/// What every process of one run must agree on before any data moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    /// Worker threads per process (timely numbers workers by it).
    pub workers: u64,
    /// The data each process will read.
    pub dataset: Fingerprint,
}

/// Why a process cannot join the mesh at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeshError {
    /// Its own address cannot be listened on.
    Listen {
        /// `host:port`.
        address: String,
        /// The system's message.
        message: String,
    },
    /// A peer's address is not `host:port` that resolves.
    Address {
        /// The address.
        address: String,
        /// Why.
        message: String,
    },
    /// A peer that knows the secret runs with different settings.
    Mismatch {
        /// That peer's index.
        peer: usize,
        /// What differs, both values named.
        what: String,
    },
    /// The operating system gave no random nonce.
    Random(String),
}

impl fmt::Display for MeshError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MeshError::Listen { address, message } => write!(f, "cannot listen on {address}: {message}"),
            MeshError::Address { address, message } => {
                write!(f, "cannot connect to {address}: {message}")
            }
            MeshError::Mismatch { peer, what } => write!(f, "process {peer} disagrees: {what}"),
            MeshError::Random(message) => write!(f, "no random nonce from the system: {message}"),
        }
    }
}

impl std::error::Error for MeshError {}

/// What happened while the mesh formed, for the launcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeshEvent {
    /// An authenticated connection to or from this peer.
    Connected(usize),
    /// A connection refused: who, and what it sent.
    Refused(String),
}

/// One process's hello: who it is, its fresh nonce, and its settings.
#[derive(Clone, Copy)]
struct Hello {
    index: u64,
    nonce: [u8; NONCE],
    agreement: Agreement,
}

impl Hello {
    fn new(index: usize, agreement: Agreement) -> Result<Hello, MeshError> {
        let mut nonce = [0u8; NONCE];
        getrandom::fill(&mut nonce).map_err(|e| MeshError::Random(e.to_string()))?;
        Ok(Hello {
            index: index as u64,
            nonce,
            agreement,
        })
    }

    fn bytes(&self) -> [u8; HELLO] {
        let mut out = [0u8; HELLO];
        out[..8].copy_from_slice(MAGIC);
        out[8..16].copy_from_slice(&self.index.to_be_bytes());
        out[16..48].copy_from_slice(&self.nonce);
        out[48..56].copy_from_slice(&self.agreement.workers.to_be_bytes());
        out[56..64].copy_from_slice(&self.agreement.dataset.files.to_be_bytes());
        out[64..96].copy_from_slice(&self.agreement.dataset.digest);
        out
    }

    /// Read a hello: the magic first, so that a stranger is refused as soon
    /// as its first 8 bytes are not this lesson's greeting, then the rest.
    fn read(stream: &mut TcpStream) -> Result<Hello, String> {
        let magic = read_exactly::<8>(stream)?;
        if &magic != MAGIC {
            return Err(format!(
                "sent {}, which is not this lesson's greeting",
                shown(&magic)
            ));
        }
        let rest =
            read_exactly::<{ HELLO - 8 }>(stream).map_err(|why| format!("sent the greeting, then {why}"))?;
        // `at` is the offset in the whole hello; `rest` starts at 8.
        let word = |at: usize| {
            let mut word = [0u8; 8];
            word.copy_from_slice(&rest[at - 8..at]);
            u64::from_be_bytes(word)
        };
        let mut nonce = [0u8; NONCE];
        nonce.copy_from_slice(&rest[8..40]);
        let mut digest = [0u8; 32];
        digest.copy_from_slice(&rest[56..88]);
        Ok(Hello {
            index: word(8),
            nonce,
            agreement: Agreement {
                workers: word(48),
                dataset: Fingerprint {
                    files: word(56),
                    digest,
                },
            },
        })
    }
}

// ANCHOR: proof
/// The proof a side sends: an HMAC under the secret of its role and of both
/// hellos (both nonces, both indexes, both settings).
fn proof(secret: &Secret, role: &[u8], dialer: &Hello, listener: &Hello) -> [u8; TAG] {
    let mut mac = secret.mac();
    mac.update(role);
    mac.update(&dialer.bytes());
    mac.update(&listener.bytes());
    mac.finalize().into_bytes().into()
}

/// Check the other side's proof, in constant time (no early exit at the
/// first wrong byte, which would tell an attacker how much it got right).
fn proof_holds(secret: &Secret, role: &[u8], dialer: &Hello, listener: &Hello, tag: &[u8]) -> bool {
    let mut mac = secret.mac();
    mac.update(role);
    mac.update(&dialer.bytes());
    mac.update(&listener.bytes());
    mac.verify_slice(tag).is_ok()
}
// ANCHOR_END: proof

/// Up to 16 bytes as text a person can read: `"GET / HTTP/1.1…" (14 bytes)`.
fn shown(bytes: &[u8]) -> String {
    let text: String = bytes
        .iter()
        .take(16)
        .flat_map(|&b| std::ascii::escape_default(b))
        .map(char::from)
        .collect();
    let more = if bytes.len() > 16 { "…" } else { "" };
    format!(
        "{} byte{} \"{text}{more}\"",
        bytes.len(),
        if bytes.len() == 1 { "" } else { "s" }
    )
}

/// Read exactly `N` bytes before the stream's read deadline, or say what
/// came instead.
fn read_exactly<const N: usize>(stream: &mut TcpStream) -> Result<[u8; N], String> {
    let mut buffer = [0u8; N];
    let mut got = 0;
    while got < N {
        match stream.read(&mut buffer[got..]) {
            Ok(0) => {
                return Err(if got == 0 {
                    "closed the connection without a word".to_string()
                } else {
                    format!("sent {} and closed the connection", shown(&buffer[..got]))
                });
            }
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                let deadline = HANDSHAKE_DEADLINE.as_secs_f64();
                return Err(if got == 0 {
                    format!("sent nothing within {deadline} s")
                } else {
                    format!("sent {} then nothing within {deadline} s", shown(&buffer[..got]))
                });
            }
            Err(e) => return Err(format!("failed: {e}")),
        }
    }
    Ok(buffer)
}

fn with_deadlines(stream: &TcpStream) -> io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(HANDSHAKE_DEADLINE))?;
    stream.set_write_timeout(Some(HANDSHAKE_DEADLINE))
}

fn without_deadlines(stream: &TcpStream) -> io::Result<()> {
    stream.set_read_timeout(None)?;
    stream.set_write_timeout(None)
}

/// How a handshake ended, on either side.
enum Handshake {
    /// The peer proved itself; same settings.
    Done(usize, TcpStream),
    /// Not a peer (or not yet): refused, with what it did.
    Refused(String),
    /// A peer that knows the secret, with other settings: the run cannot go on.
    Fatal(MeshError),
}

/// The settings of two authenticated processes, compared: `None` if equal,
/// else one line naming both values.
fn disagreement(me: usize, mine: &Agreement, peer: usize, theirs: &Agreement) -> Option<String> {
    if mine.workers != theirs.workers {
        return Some(format!(
            "process {peer} runs --workers {}, process {me} --workers {}: every process must run the same --workers",
            theirs.workers, mine.workers
        ));
    }
    if mine.dataset != theirs.dataset {
        return Some(format!(
            "process {peer} reads {}, process {me} reads {}: every process must read the same files",
            theirs.dataset, mine.dataset
        ));
    }
    None
}

// ANCHOR: listener_side
/// The listener's side of one connection from `from`.
fn answer(
    mut stream: TcpStream,
    from: SocketAddr,
    me: usize,
    peers: usize,
    secret: &Secret,
    agreement: Agreement,
) -> Handshake {
    let refused = |why: String| Handshake::Refused(format!("a connection from {from}: {why}"));
    if let Err(e) = with_deadlines(&stream) {
        return refused(e.to_string());
    }
    let dialer = match Hello::read(&mut stream) {
        Ok(hello) => hello,
        Err(why) => return refused(why),
    };
    let claimed = dialer.index as usize;
    if claimed <= me || claimed >= peers {
        return refused(format!(
            "claimed to be process {}, which does not connect to process {me}",
            dialer.index
        ));
    }
    let mine = match Hello::new(me, agreement) {
        Ok(hello) => hello,
        Err(e) => return Handshake::Fatal(e),
    };
    if stream.write_all(&mine.bytes()).is_err() {
        return refused(format!(
            "claimed to be process {claimed}, then closed the connection"
        ));
    }
    let tag = match read_exactly::<TAG>(&mut stream) {
        Ok(tag) => tag,
        Err(why) => return refused(format!("claimed to be process {claimed}, then {why}")),
    };
    if !proof_holds(secret, b"dialer", &dialer, &mine, &tag) {
        return refused(format!(
            "claimed to be process {claimed}, but its proof is wrong: it does not know this run's secret"
        ));
    }
    // It is process `claimed`: prove ourselves in turn.
    if stream
        .write_all(&proof(secret, b"listener", &dialer, &mine))
        .is_err()
    {
        return refused(format!(
            "process {claimed} closed the connection during the handshake"
        ));
    }
    if let Some(what) = disagreement(me, &agreement, claimed, &dialer.agreement) {
        return Handshake::Fatal(MeshError::Mismatch { peer: claimed, what });
    }
    match without_deadlines(&stream) {
        Ok(()) => Handshake::Done(claimed, stream),
        Err(e) => refused(e.to_string()),
    }
}
// ANCHOR_END: listener_side

/// The dialer's side: connect to `peer` at `address` and prove ourselves.
/// `Ok(None)`: nobody listens yet (try again soon).
fn dial(
    address: &SocketAddr,
    shown_address: &str,
    me: usize,
    peer: usize,
    secret: &Secret,
    agreement: Agreement,
) -> Result<Option<Handshake>, MeshError> {
    let Ok(mut stream) = TcpStream::connect_timeout(address, HANDSHAKE_DEADLINE) else {
        return Ok(None);
    };
    let refused = |why: String| {
        Ok(Some(Handshake::Refused(format!(
            "the listener at process {peer}'s address {shown_address}: it {why}"
        ))))
    };
    if let Err(e) = with_deadlines(&stream) {
        return refused(e.to_string());
    }
    let mine = Hello::new(me, agreement)?;
    if stream.write_all(&mine.bytes()).is_err() {
        return refused("closed the connection at once".into());
    }
    let listener = match Hello::read(&mut stream) {
        Ok(hello) => hello,
        Err(why) => return refused(why),
    };
    if listener.index as usize != peer {
        return refused(format!("answered as process {}", listener.index));
    }
    if stream
        .write_all(&proof(secret, b"dialer", &mine, &listener))
        .is_err()
    {
        return refused("closed the connection during the handshake".into());
    }
    let tag = match read_exactly::<TAG>(&mut stream) {
        Ok(tag) => tag,
        Err(why) => {
            return refused(format!(
                "refused our proof ({why}): does every process have the same secret?"
            ));
        }
    };
    if !proof_holds(secret, b"listener", &mine, &listener, &tag) {
        return refused("sent a wrong proof: it does not know this run's secret".into());
    }
    if let Some(what) = disagreement(me, &agreement, peer, &listener.agreement) {
        return Err(MeshError::Mismatch { peer, what });
    }
    match without_deadlines(&stream) {
        Ok(()) => Ok(Some(Handshake::Done(peer, stream))),
        Err(e) => refused(e.to_string()),
    }
}

// ANCHOR: connect
/// Connect process `me` to every other process of `addresses`, each
/// connection authenticated; returns one socket per process (`None` at
/// `me`), in order, as timely's `initialize_networking_from_sockets` wants.
///
/// Process `me` listens for the processes after it and dials the ones
/// before it, retrying every few milliseconds until they listen (timely's
/// own mesh sleeps a whole second between tries). Strangers are refused and
/// reported to `events`; the wait for the real peers goes on. There is no
/// deadline here: the launcher owns it and stops the process.
pub fn connect(
    me: usize,
    addresses: &[String],
    secret: &Secret,
    agreement: Agreement,
    events: &dyn Fn(MeshEvent),
) -> Result<Vec<Option<TcpStream>>, MeshError> {
    let peers = addresses.len();
    let mut sockets: Vec<Option<TcpStream>> = (0..peers).map(|_| None).collect();
    let done = Arc::new(AtomicBool::new(false));
    let (results, received) = mpsc::channel::<Result<Handshake, MeshError>>();
    if me + 1 < peers {
        let listener = TcpListener::bind(&addresses[me]).map_err(|e| MeshError::Listen {
            address: addresses[me].clone(),
            message: e.to_string(),
        })?;
        let (secret, done, results) = (secret.clone(), Arc::clone(&done), results.clone());
        thread::spawn(move || listen(&listener, me, peers, &secret, agreement, &done, &results));
    }
    for (peer, address) in addresses.iter().enumerate().take(me) {
        let resolved = resolve(address)?;
        let (secret, done, results, address) = (
            secret.clone(),
            Arc::clone(&done),
            results.clone(),
            address.clone(),
        );
        thread::spawn(move || {
            let mut pause = Duration::from_millis(5);
            while !done.load(Ordering::Relaxed) {
                let outcome = dial(&resolved, &address, me, peer, &secret, agreement);
                let finished = matches!(outcome, Ok(Some(Handshake::Done(..))) | Err(_));
                let refused = matches!(outcome, Ok(Some(Handshake::Refused(_))));
                if let Some(outcome) = outcome.transpose()
                    && results.send(outcome).is_err()
                {
                    return;
                }
                if finished {
                    return;
                }
                if refused {
                    // A stranger holds the address: try again, but not in a tight loop.
                    pause = pause.max(Duration::from_millis(250));
                }
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(100));
            }
        });
    }
    drop(results);
    let mut missing = peers - 1;
    while missing > 0 {
        let Ok(result) = received.recv() else { break };
        match result? {
            Handshake::Done(peer, stream) => {
                if sockets[peer].replace(stream).is_none() {
                    missing -= 1;
                    events(MeshEvent::Connected(peer));
                }
            }
            Handshake::Refused(what) => events(MeshEvent::Refused(what)),
            Handshake::Fatal(error) => return Err(error),
        }
    }
    done.store(true, Ordering::Relaxed);
    Ok(sockets)
}
// ANCHOR_END: connect

fn resolve(address: &str) -> Result<SocketAddr, MeshError> {
    let failed = |message: String| MeshError::Address {
        address: address.to_string(),
        message,
    };
    address
        .to_socket_addrs()
        .map_err(|e| failed(e.to_string()))?
        .next()
        .ok_or_else(|| failed("it resolves to no address".into()))
}

/// Accept connections until `done`, each answered on a thread of its own
/// (at most [`MAX_HANDSHAKES`] at once), so that a silent stranger holds
/// up nobody.
fn listen(
    listener: &TcpListener,
    me: usize,
    peers: usize,
    secret: &Secret,
    agreement: Agreement,
    done: &AtomicBool,
    results: &Sender<Result<Handshake, MeshError>>,
) {
    if listener.set_nonblocking(true).is_err() {
        return;
    }
    let in_flight = Arc::new(AtomicUsize::new(0));
    let results = Arc::new(Mutex::new(results.clone()));
    while !done.load(Ordering::Relaxed) {
        let (stream, from) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(2));
                continue;
            }
            Err(_) => continue,
        };
        let send = |result| {
            let results = results.lock().unwrap_or_else(|e| e.into_inner());
            let _ = results.send(result);
        };
        if stream.set_nonblocking(false).is_err() {
            continue;
        }
        if in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_HANDSHAKES {
            in_flight.fetch_sub(1, Ordering::SeqCst);
            send(Ok(Handshake::Refused(format!(
                "a connection from {from}: {MAX_HANDSHAKES} handshakes already in progress"
            ))));
            continue;
        }
        let (secret, in_flight, results) = (secret.clone(), Arc::clone(&in_flight), Arc::clone(&results));
        thread::spawn(move || {
            let outcome = answer(stream, from, me, peers, &secret, agreement);
            in_flight.fetch_sub(1, Ordering::SeqCst);
            let results = results.lock().unwrap_or_else(|e| e.into_inner());
            let _ = results.send(match outcome {
                Handshake::Fatal(error) => Err(error),
                other => Ok(other),
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement() -> Agreement {
        Agreement {
            workers: 1,
            dataset: Fingerprint {
                files: 7,
                digest: [7; 32],
            },
        }
    }

    #[test]
    fn a_proof_holds_only_under_the_same_secret_role_and_hellos() {
        let secret = Secret::from_text("0123456789abcdef0123", "test").expect("long enough");
        let other = Secret::from_text("fedcba9876543210fedc", "test").expect("long enough");
        let dialer = Hello::new(1, agreement()).expect("a nonce");
        let listener = Hello::new(0, agreement()).expect("a nonce");
        let tag = proof(&secret, b"dialer", &dialer, &listener);
        assert!(proof_holds(&secret, b"dialer", &dialer, &listener, &tag));
        assert!(
            !proof_holds(&other, b"dialer", &dialer, &listener, &tag),
            "another secret"
        );
        assert!(
            !proof_holds(&secret, b"listener", &dialer, &listener, &tag),
            "reflected"
        );
        let fresh = Hello::new(0, agreement()).expect("a nonce");
        assert!(
            !proof_holds(&secret, b"dialer", &dialer, &fresh, &tag),
            "replayed"
        );
    }

    #[test]
    fn a_short_secret_is_refused_and_the_secret_is_never_printed() {
        assert!(Secret::from_text("short\n", "x").is_err());
        let secret = Secret::from_text("0123456789abcdef\n", "x").expect("16 bytes");
        assert_eq!(format!("{secret:?}"), "Secret(..)");
    }

    #[test]
    fn a_hello_reads_back_as_written() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        let sent = Hello::new(5, agreement()).expect("a nonce");
        let mut dialer = TcpStream::connect(listener.local_addr().expect("its address")).expect("connects");
        dialer.write_all(&sent.bytes()).expect("sent");
        let (mut stream, _) = listener.accept().expect("accepted");
        with_deadlines(&stream).expect("deadlines");
        let got = Hello::read(&mut stream).expect("a hello");
        assert_eq!(got.bytes(), sent.bytes());
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("secret");
        std::fs::write(&path, "0123456789abcdef0123\n").expect("writable");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let refused = Secret::from_file(&path).expect_err("mode 644");
        assert!(
            refused.contains("readable by other users (mode 644)"),
            "{refused}"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert!(Secret::from_file(&path).is_ok(), "mode 600 is kept secret");
    }

    #[test]
    fn garbage_is_shown_escaped_and_cut() {
        assert_eq!(
            shown(b"GET / HTTP/1.1\r\n\r\n"),
            "18 bytes \"GET / HTTP/1.1\\r\\n…\""
        );
    }
}

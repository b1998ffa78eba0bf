//! Where the processes of a run listen: a host file (`host:port`, one line
//! per process, process 0 first), or free ports on this machine.

use std::fmt;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::{Path, PathBuf};

/// A host file that cannot be used, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostsError {
    /// It could not be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The system's message.
        message: String,
    },
    /// A line is not `host:port`.
    BadLine {
        /// The file.
        path: PathBuf,
        /// The line, from 1.
        line: usize,
        /// What it held.
        text: String,
    },
    /// `--process I` names no line of the file.
    NoSuchProcess {
        /// The file.
        path: PathBuf,
        /// The index asked for.
        process: usize,
        /// How many processes the file names.
        processes: usize,
    },
    /// No free port could be had on 127.0.0.1.
    NoFreePort(String),
}

impl fmt::Display for HostsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostsError::Unreadable { path, message } => {
                write!(f, "{}: cannot read the host file: {message}", path.display())
            }
            HostsError::BadLine { path, line, text } => write!(
                f,
                "{}, line {line}: {text:?} is not host:port (one process a line, e.g. 10.0.0.2:2101)",
                path.display()
            ),
            HostsError::NoSuchProcess {
                path,
                process,
                processes,
            } => write!(
                f,
                "--process {process}: {} names {processes} processes, numbered 0 to {}",
                path.display(),
                processes.saturating_sub(1)
            ),
            HostsError::NoFreePort(message) => write!(f, "no free port on 127.0.0.1: {message}"),
        }
    }
}

impl std::error::Error for HostsError {}

/// The addresses of a host file: one `host:port` a line, in process order.
/// Blank lines and `#` comments are skipped. The host need not resolve here
/// (it is resolved when connecting), but the port must be a number.
pub fn read_hosts(path: &Path) -> Result<Vec<String>, HostsError> {
    let text = std::fs::read_to_string(path).map_err(|e| HostsError::Unreadable {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut addresses = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let port = line
            .rsplit_once(':')
            .map(|(host, port)| (host, port.parse::<u16>()));
        match port {
            Some((host, Ok(port))) if !host.is_empty() && port != 0 => addresses.push(line.to_string()),
            _ => {
                return Err(HostsError::BadLine {
                    path: path.to_path_buf(),
                    line: number + 1,
                    text: line.to_string(),
                });
            }
        }
    }
    if addresses.is_empty() {
        return Err(HostsError::Unreadable {
            path: path.to_path_buf(),
            message: "it names no process".into(),
        });
    }
    Ok(addresses)
}

/// `count` ports on 127.0.0.1 that nobody listens on right now: the system
/// picks each (port 0), and we let go of it for the process that will use
/// it. (Another program could take one in between: unlikely, and then the
/// launcher's deadline names the process that could not start.)
pub fn free_loopback_ports(count: usize) -> Result<Vec<String>, HostsError> {
    let listeners = (0..count)
        .map(|_| TcpListener::bind(("127.0.0.1", 0)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| HostsError::NoFreePort(e.to_string()))?;
    listeners
        .iter()
        .map(|listener| listener.local_addr().map(|address| address.to_string()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| HostsError::NoFreePort(e.to_string()))
}

/// Does `address` resolve to this machine's loopback? (The chapter's rule:
/// the connections are authenticated but not encrypted.)
pub fn is_loopback(address: &str) -> bool {
    address
        .to_socket_addrs()
        .map(|mut all| all.all(|a: SocketAddr| a.ip().is_loopback()))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_file_is_read_in_order_without_blanks_and_comments() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("hosts.txt");
        std::fs::write(&path, "# the run\n10.0.0.1:2101\n\nnode-b:2102  # second\n").expect("writable");
        assert_eq!(
            read_hosts(&path),
            Ok(vec!["10.0.0.1:2101".to_string(), "node-b:2102".to_string()])
        );
    }

    #[test]
    fn a_bad_line_is_named_with_its_number() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("hosts.txt");
        std::fs::write(&path, "127.0.0.1:2101\n127.0.0.1\n").expect("writable");
        let error = read_hosts(&path).expect_err("no port on line 2").to_string();
        assert!(
            error.contains("line 2: \"127.0.0.1\" is not host:port"),
            "{error}"
        );
    }

    #[test]
    fn free_ports_are_distinct() {
        let ports = free_loopback_ports(3).expect("ports");
        assert_eq!(ports.iter().collect::<std::collections::BTreeSet<_>>().len(), 3);
        assert!(ports.iter().all(|p| is_loopback(p)));
    }
}

//! The client side: where the records are, one request for one record
//! (async, and blocking like Python's `requests`), what can go wrong with
//! it, and how persistent to be about it.

use crate::records::Satellite;
use serde::Deserialize;
use std::error::Error;
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// The public API that seed 003 called. This build reaches it only with
/// the `tls` feature: it speaks https.
pub const PUBLIC_API: &str = "https://api.spacexdata.com";

/// The base URL of a local server listening on `address`.
pub fn local_base_url(address: SocketAddr) -> String {
    format!("http://{address}")
}

/// `{base}/v4/starlink`: the list of every satellite.
pub fn list_url(base: &str) -> String {
    format!("{}/v4/starlink", base.trim_end_matches('/'))
}

/// `{base}/v4/starlink/{id}`: one satellite.
pub fn record_url(base: &str, id: &str) -> String {
    format!("{}/{id}", list_url(base))
}

/// Why a request for a record did not give a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// No answer within this time limit: the request was given up.
    TimedOut(Duration),
    /// The server answered with this error status (404, 500...).
    Status(u16),
    /// No connection, or it broke before the answer was complete.
    Connection(String),
    /// An answer came, but it was not the JSON of a record.
    BadBody(String),
}

impl FetchError {
    /// Could the same request succeed if tried again? Yes for timeouts,
    /// broken connections and 5xx (the server's trouble, often passing);
    /// no for 4xx (the request itself is wrong: 404 stays 404) and for a
    /// body that does not parse.
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::TimedOut(_) | FetchError::Connection(_) => true,
            FetchError::Status(status) => *status >= 500,
            FetchError::BadBody(_) => false,
        }
    }

    /// reqwest's error, with the chain of causes it wraps: "error sending
    /// request" alone does not say that the connection was refused.
    fn from_reqwest(error: reqwest::Error) -> Self {
        let mut text = error.to_string();
        let mut cause = error.source();
        while let Some(inner) = cause {
            text = format!("{text}: {inner}");
            cause = inner.source();
        }
        if error.is_decode() {
            FetchError::BadBody(text)
        } else {
            FetchError::Connection(text)
        }
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::TimedOut(limit) => {
                write!(f, "no answer within {}", workbook::timeit::human(*limit))
            }
            FetchError::Status(status) => write!(f, "the server answered {status}"),
            FetchError::Connection(why) => write!(f, "connection failed: {why}"),
            FetchError::BadBody(why) => write!(f, "not a satellite record: {why}"),
        }
    }
}

impl Error for FetchError {}

// ANCHOR: fetch_satellite
/// One GET for one record, as the seed's `requests.get(...)` plus its
/// `if response.ok` check, on the async client. No timeout of its own: a
/// server that never answers makes this wait forever (see [`RetryPolicy`]).
pub async fn fetch_satellite(client: &reqwest::Client, url: &str) -> Result<Satellite, FetchError> {
    let response = client.get(url).send().await.map_err(FetchError::from_reqwest)?;
    if !response.status().is_success() {
        return Err(FetchError::Status(response.status().as_u16()));
    }
    response.json().await.map_err(FetchError::from_reqwest)
}
// ANCHOR_END: fetch_satellite

// ANCHOR: fetch_satellite_blocking
/// The same request on reqwest's blocking client: the calling thread waits
/// for the answer, as with Python's `requests`. Call it from plain threads,
/// never from inside an async task (part 3 shows why).
pub fn fetch_satellite_blocking(
    client: &reqwest::blocking::Client,
    url: &str,
) -> Result<Satellite, FetchError> {
    let response = client.get(url).send().map_err(FetchError::from_reqwest)?;
    if !response.status().is_success() {
        return Err(FetchError::Status(response.status().as_u16()));
    }
    response.json().map_err(FetchError::from_reqwest)
}
// ANCHOR_END: fetch_satellite_blocking

/// The ids of every satellite, from the list: the seed's first call. Only
/// the `id` of each item is read, so a record with unexpected fields in
/// the public API does not spoil the whole list.
pub async fn fetch_ids(client: &reqwest::Client, base: &str) -> Result<Vec<String>, FetchError> {
    #[derive(Deserialize)]
    struct Listed {
        id: String,
    }
    let response = client
        .get(list_url(base))
        .send()
        .await
        .map_err(FetchError::from_reqwest)?;
    if !response.status().is_success() {
        return Err(FetchError::Status(response.status().as_u16()));
    }
    let listed: Vec<Listed> = response.json().await.map_err(FetchError::from_reqwest)?;
    Ok(listed.into_iter().map(|item| item.id).collect())
}

// ANCHOR: retry_policy
/// How hard to try before giving up on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included (at least one is always made).
    pub attempts: u32,
    /// How long one try may take before it is abandoned.
    pub timeout: Duration,
    /// The pause before the first retry; each later pause is twice the one
    /// before (exponential backoff), so a struggling server gets air.
    pub backoff: Duration,
}

/// A request given up on: what each try ended as, in order. The last one
/// is why it stopped; the earlier ones say what the retries met on the way
/// (a silent try, then three 500s, is not four 500s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaveUp {
    /// Every try's failure, the first try's first; never empty.
    pub tries: Vec<FetchError>,
}
// ANCHOR_END: retry_policy

impl GaveUp {
    /// Tries made, the first included.
    pub fn attempts(&self) -> usize {
        self.tries.len()
    }

    /// What went wrong the last time.
    pub fn last(&self) -> Option<&FetchError> {
        self.tries.last()
    }
}

impl fmt::Display for GaveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.tries.len();
        let tries = if n == 1 { "try" } else { "tries" };
        let each: Vec<String> = self.tries.iter().map(FetchError::to_string).collect();
        write!(f, "gave up after {n} {tries}: {}", each.join("; "))
    }
}

impl Error for GaveUp {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_without_double_slashes() {
        assert_eq!(
            list_url("http://127.0.0.1:80/"),
            "http://127.0.0.1:80/v4/starlink"
        );
        assert_eq!(
            record_url(PUBLIC_API, "5eed770f096e59000698560d"),
            "https://api.spacexdata.com/v4/starlink/5eed770f096e59000698560d"
        );
    }

    #[test]
    fn server_trouble_is_transient_a_wrong_request_is_not() {
        assert!(FetchError::Status(500).is_transient());
        assert!(FetchError::Status(503).is_transient());
        assert!(FetchError::TimedOut(Duration::from_millis(5)).is_transient());
        assert!(!FetchError::Status(404).is_transient());
        assert!(!FetchError::BadBody("{".into()).is_transient());
    }

    #[test]
    fn giving_up_says_how_often_and_why() {
        let gave_up = GaveUp {
            tries: vec![
                FetchError::TimedOut(Duration::from_millis(100)),
                FetchError::Status(500),
                FetchError::Status(500),
            ],
        };
        assert_eq!(
            gave_up.to_string(),
            "gave up after 3 tries: no answer within 100 ms; the server answered 500; \
             the server answered 500"
        );
        assert_eq!(
            (gave_up.attempts(), gave_up.last()),
            (3, Some(&FetchError::Status(500)))
        );
    }
}

//! The command line: the demo's options, and the `serve` subcommand's.
//! Bad values are refused by clap with a message naming the option.

use clap::{Parser, Subcommand};
use lesson_06_async::server::ServerConfig;
use workbook::TimeScale;
use workbook::cli::Common;

#[derive(Parser)]
#[command(about = "Lesson 06: async coroutines, and HTTP against a local API server")]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub demo: DemoArgs,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run the local Starlink API alone, to try with curl (Ctrl-C stops it)
    Serve(ServeArgs),
}

/// The demo's options.
#[derive(clap::Args)]
pub struct DemoArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub server: ServerOptions,
    /// Share of requests that fail in part 6 (0 to 1)
    #[arg(long, value_name = "SHARE", default_value_t = 0.2, value_parser = share)]
    pub failure_rate: f64,
    /// Most requests in flight in part 5's async run of 50 calls
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub limit: u32,
    /// Send part 5's 50 calls to this API instead, e.g. https://api.spacexdata.com
    #[arg(long, value_name = "URL", value_parser = base_url)]
    pub base_url: Option<String>,
}

/// The options of `serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: Common,
    #[command(flatten)]
    pub server: ServerOptions,
    /// Share of requests that fail (0 to 1)
    #[arg(long, value_name = "SHARE", default_value_t = 0.0, value_parser = share)]
    pub failure_rate: f64,
    /// Port on 127.0.0.1 (0: any free port)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Number of satellite records to serve
    #[arg(long, value_name = "N", default_value_t = 600,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub records: u32,
    /// Most connections open at once; one more is answered 503 and closed
    #[arg(long, value_name = "N", default_value_t = 1000,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_connections: u32,
    /// Seconds a connection may take to send a request's line and headers
    /// (a slow, silent or idle connection is closed past it)
    #[arg(long, value_name = "SECS", default_value_t = 10.0, value_parser = seconds)]
    pub header_timeout: f64,
}

/// How the local server behaves, for the demo and for `serve`.
#[derive(clap::Args)]
pub struct ServerOptions {
    /// Time the server takes per request, in units (0.25 unit at the
    /// default 100 ms is 25 ms; --unit-ms 1000 gives the seed's ~250 ms)
    #[arg(long, value_name = "UNITS", default_value_t = 0.25, value_parser = units)]
    pub latency: f64,
    /// How far a request's latency may stray from it (0.2 = ±20%)
    #[arg(long, value_name = "SHARE", default_value_t = 0.2, value_parser = share)]
    pub jitter: f64,
    /// Of the failing requests, the share never answered (the rest get 500)
    #[arg(long, value_name = "SHARE", default_value_t = 0.5, value_parser = share)]
    pub silent_share: f64,
}

impl ServerOptions {
    /// The server these options describe, at this time scale and seed.
    pub fn config(&self, scale: TimeScale, seed: u64, failure_rate: f64) -> ServerConfig {
        ServerConfig {
            seed,
            latency: scale.units(self.latency),
            jitter: self.jitter,
            failure_rate,
            silent_share: self.silent_share,
            ..ServerConfig::default()
        }
    }
}

/// A share: a number from 0 to 1.
fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(share) if (0.0..=1.0).contains(&share) => Ok(share),
        _ => Err(format!("expected a number from 0 to 1, like 0.2, not `{text}`")),
    }
}

/// A number of units: finite and not negative, at most a minute's worth.
fn units(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(units) if (0.0..=600.0).contains(&units) => Ok(units),
        _ => Err(format!(
            "expected a number of units from 0 to 600, like 0.25, not `{text}`"
        )),
    }
}

/// A number of seconds: more than 0, at most an hour.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(secs) if secs > 0.0 && secs <= 3600.0 => Ok(secs),
        _ => Err(format!(
            "expected a number of seconds above 0, at most 3600, like 10, not `{text}`"
        )),
    }
}

/// An http(s) URL without a path; https only when this build has TLS.
fn base_url(text: &str) -> Result<String, String> {
    let url = text.trim_end_matches('/');
    let Some((scheme, host)) = url.split_once("://") else {
        return Err(format!(
            "expected a URL like https://api.spacexdata.com, not `{text}`"
        ));
    };
    if host.is_empty() || host.contains('/') {
        return Err(format!(
            "expected a scheme and a host only, like http://127.0.0.1:8000, not `{text}`"
        ));
    }
    match scheme {
        "http" => Ok(url.to_string()),
        "https" if cfg!(feature = "tls") => Ok(url.to_string()),
        "https" => Err("https needs TLS, which this build leaves out to build faster; \
                        run: cargo run --release -p lesson-06-async --features tls -- --base-url ..."
            .to_string()),
        _ => Err(format!("expected http:// or https://, not `{scheme}://`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_between_zero_and_one() {
        assert_eq!(share("0.2"), Ok(0.2));
        assert!(share("1.5").is_err());
        assert!(share("-0.1").is_err());
        assert!(share("NaN").is_err());
        assert!(share("lots").is_err());
    }

    #[test]
    fn base_urls_need_a_scheme_and_a_host() {
        assert_eq!(
            base_url("http://127.0.0.1:8000/"),
            Ok("http://127.0.0.1:8000".to_string())
        );
        assert!(base_url("api.spacexdata.com").is_err());
        assert!(base_url("ftp://example.org").is_err());
        assert!(base_url("http://example.org/v4").is_err());
        assert_eq!(
            base_url("https://api.spacexdata.com").is_ok(),
            cfg!(feature = "tls")
        );
    }

    #[test]
    fn the_demo_parses_its_defaults_and_serve_its_own() {
        let args = Args::parse_from(["demo"]);
        assert!(args.command.is_none());
        assert_eq!(args.demo.limit, 10);
        let args = Args::parse_from(["demo", "serve", "--port", "8000", "--failure-rate", "0.3"]);
        match args.command {
            Some(Command::Serve(serve)) => assert_eq!((serve.port, serve.failure_rate), (8000, 0.3)),
            None => panic!("`serve` was not recognised"),
        }
    }
}

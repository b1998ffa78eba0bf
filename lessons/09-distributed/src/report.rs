//! The `report` command: lesson 08's report from this lesson's dataflow,
//! in one process (`--workers W`), in P local processes (`--processes P`),
//! or as one process of a run across machines (`--hosts FILE --process I`).
//! Only the report goes to stdout; everything else goes to stderr.

use lesson_09_distributed::dataflow::Ship;
use lesson_09_distributed::hosts::{HostsError, is_loopback, read_hosts};
use lesson_09_distributed::launch::{Launch, LaunchError, report_of, this_program};
use lesson_09_distributed::mesh::{SECRET_ENV, Secret};
use lesson_09_distributed::run::{self, RunError};
use lesson_09_distributed::sales::{Dataset, OnBadRow, Size};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Duration;

/// The options of `report`.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// A directory of CSV sales files (the same path on every host) [default: the generated --type]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// The generated dataset to read when no --data-dir is given
    #[arg(long = "type", value_enum, default_value = "tst")]
    size: Size,
    /// Print the report as JSON (lesson 08's `--json`, byte for byte)
    #[arg(long)]
    json: bool,
    /// What to do with a row that cannot be read
    #[arg(long, value_enum, default_value = "fail")]
    on_bad_row: OnBadRow,
    /// Worker threads in each process
    #[arg(long, value_name = "W", default_value = "1")]
    workers: NonZeroUsize,
    /// Start P processes on this machine (free loopback ports) and print one report
    #[arg(long, value_name = "P", conflicts_with = "hosts")]
    processes: Option<NonZeroUsize>,
    /// A host file, one `host:port` a line: this is one process of that run
    #[arg(long, value_name = "FILE", requires = "process")]
    hosts: Option<PathBuf>,
    /// Which line of --hosts this process is, from 0 (process 0 prints the report)
    #[arg(long, value_name = "I", requires = "hosts")]
    process: Option<usize>,
    /// Seconds every peer has to connect before the run is stopped
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    connect_timeout: f64,
    /// A file holding the run's shared secret (the same file on every host;
    /// or set LESSON09_SECRET). Not needed with --processes: each run makes its own
    #[arg(long, value_name = "FILE", requires = "hosts")]
    secret_file: Option<PathBuf>,
    /// What the mappers send across the exchange
    #[arg(long, value_enum, default_value = "partials")]
    ship: Ship,
}

/// Run the command.
pub fn run(args: &ReportArgs) -> Result<(), RunError> {
    let dir = match &args.data_dir {
        Some(dir) => dir.clone(),
        None => run::generated(args.size, workbook::cli::DEFAULT_SEED)?,
    };
    // Fail early, in the launcher, on a missing or empty directory.
    Dataset::open(&dir)?;
    let plan = run::plan(&dir, args.on_bad_row, args.ship);
    let workers = args.workers.get();
    let timeout = Duration::from_secs_f64(args.connect_timeout.clamp(0.1, 86_400.0));
    let outcomes = match (&args.hosts, args.process, args.processes) {
        (Some(hosts), Some(process), _) => {
            let addresses = read_hosts(hosts)?;
            if process >= addresses.len() {
                return Err(HostsError::NoSuchProcess {
                    path: hosts.clone(),
                    process,
                    processes: addresses.len(),
                }
                .into());
            }
            let secret = shared_secret(args.secret_file.as_deref())?;
            if !addresses.iter().all(|a| is_loopback(a)) {
                eprintln!(
                    "note: the connections are authenticated but not encrypted: anyone on the path \
                     between the hosts can read the records; run this on a network you trust"
                );
            }
            let launch = Launch {
                program: this_program()?,
                plan,
                workers,
                addresses,
                start: vec![process],
                connect_timeout: timeout,
                secret,
                show_refusals: true,
                fault: None,
            };
            let launched = launch.run()?;
            if process != 0 {
                eprintln!("process {process}: done (process 0 prints the report)");
                return Ok(());
            }
            launched.outcomes
        }
        (_, _, Some(processes)) if processes.get() > 1 => {
            let launch = Launch {
                show_refusals: true,
                ..run::local(&this_program()?, plan, processes.get(), workers, timeout)?
            };
            launch.run()?.outcomes
        }
        _ => run::in_threads(&plan, workers)?.outcomes,
    };
    let report = report_of(&outcomes)?;
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.to_tables());
    }
    if report.total.rejected > 0 {
        eprintln!("{} rows rejected; the first:", report.total.rejected);
        for bad in &report.total.first_rejected {
            eprintln!("  {bad}");
        }
    }
    Ok(())
}

/// The secret of a run across hosts: from `--secret-file`, else from
/// the environment; a run across hosts without one is refused.
fn shared_secret(file: Option<&std::path::Path>) -> Result<Secret, RunError> {
    let secret = match file {
        Some(path) => Some(Secret::from_file(path)),
        None => Secret::from_env().transpose(),
    };
    match secret {
        Some(Ok(secret)) => Ok(secret),
        Some(Err(message)) => Err(LaunchError::Secret(message).into()),
        None => Err(LaunchError::Secret(format!(
            "a run across hosts needs a shared secret: --secret-file FILE (the same file on every host) \
             or {SECRET_ENV}"
        ))
        .into()),
    }
}

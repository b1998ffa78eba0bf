//! `just lesson 6 serve`: the local Starlink API on its own, logging each
//! request, for a learner to poke with curl while it runs.

use crate::options::ServeArgs;
use lesson_06_async::client::{list_url, local_base_url, record_url};
use lesson_06_async::server::{self, ServerConfig, ServerHandle};
use workbook::timeit::human;

pub fn run(args: &ServeArgs) -> Result<(), String> {
    // This crate's debug lines are the server's one-line-per-request log.
    lesson_06_async::runtime::init_logging("info,lesson_06_async=debug");
    // `just lesson 6 serve` names itself in WORKBOOK_PARENT_PID: when it is
    // killed, the server ends too instead of listening on with no parent.
    workbook::lifecycle::watch_parent();
    let scale = args.common.scale();
    let config = ServerConfig {
        records: args.records as usize,
        port: args.port,
        max_connections: args.max_connections as usize,
        header_timeout: std::time::Duration::from_secs_f64(args.header_timeout),
        ..args.server.config(scale, args.common.seed, args.failure_rate)
    };
    let runtime =
        lesson_06_async::runtime::runtime().map_err(|e| format!("cannot start the tokio runtime: {e}"))?;
    runtime.block_on(async {
        let (address, server) = server::start(config.clone())
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
        print_welcome(&local_base_url(address), &config, &server);
        server
            .serve_forever()
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    })
}

fn print_welcome(base: &str, config: &ServerConfig, server: &ServerHandle) {
    let first_id = &server.records()[0].id;
    println!("A Starlink-like API is listening on {base}");
    println!(
        "  {} records (seed {}), {} ± {:.0}% a request, {:.0}% of requests failing",
        config.records,
        config.seed,
        human(config.latency),
        config.jitter * 100.0,
        config.failure_rate * 100.0
    );
    println!(
        "  at most {} connections open (one more gets 503), {} to send a request's head",
        server.max_connections(),
        human(config.header_timeout)
    );
    println!("\nTry, in another terminal:");
    println!("  curl -s {} | head -c 300; echo", list_url(base));
    println!("  curl -s {}", record_url(base, first_id));
    println!("  curl -i {}", record_url(base, "no-such-id"));
    if config.failure_rate > 0.0 {
        println!(
            "  curl -i --max-time 2 {}   # some never answer: --max-time ends the wait",
            record_url(base, first_id)
        );
    }
    println!("\nEach request and each refusal is logged below. Ctrl-C stops the server.\n");
}

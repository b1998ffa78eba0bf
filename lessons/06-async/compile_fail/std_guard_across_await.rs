// A std Mutex locked in a spawned task, its guard kept across an `.await`.
// While the task is suspended there, another task could run on the same
// thread and block on the same lock. Rust refuses to compile it: the guard
// is not `Send`, so neither is the task, and `tokio::spawn` needs `Send`.
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::main]
async fn main() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let writer = tokio::spawn(async move {
        let mut entries = log.lock().expect("not poisoned");
        tokio::time::sleep(Duration::from_millis(10)).await; // guard still alive
        entries.push(1);
    });
    writer.await.expect("the writer panicked");
}

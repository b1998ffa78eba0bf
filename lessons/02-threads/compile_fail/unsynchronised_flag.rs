// Seed 001's stop flag, written the Python way: a plain variable that one
// thread reads in a loop while main sets it. Rust refuses to compile it.
use std::thread;
use std::time::Duration;

fn main() {
    let mut complete = false;
    let worker = thread::spawn(|| {
        let mut count = 0;
        while !complete {
            thread::sleep(Duration::from_millis(100));
            println!("count = {count}");
            count += 1;
        }
    });
    thread::sleep(Duration::from_secs(1));
    complete = true;
    worker.join().expect("the worker panicked");
}

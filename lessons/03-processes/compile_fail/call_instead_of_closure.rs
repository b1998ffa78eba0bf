use std::thread;

fn spawn() {
    println!("test!");
}

fn main() {
    // Seed 003's `Process(target=spawn())`: the call runs here, now, and
    // what would be handed to the thread is its result, `()`.
    let handle = thread::spawn(spawn());
    handle.join().unwrap();
}

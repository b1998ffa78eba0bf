// Calling an async fn without `.await`: Python warns at run time
// ("coroutine ... was never awaited"); Rust warns at compile time, and this
// file turns that warning into an error, as a CI build with
// `-D warnings` does.
#![deny(unused_must_use)]

async fn delay_message(message: &str) {
    println!("{message}");
}

#[tokio::main]
async fn main() {
    delay_message("never printed");
}

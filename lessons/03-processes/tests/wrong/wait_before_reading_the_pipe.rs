// Not compiled by any test. Checked by hand: src/solutions.rs with this block
// in place of the answer's, as the learner's src/exercises.rs, failed
// `just check 3` in 20 of 20 runs with a message naming the mistake
// (issue 20); `just reset 3 --yes` puts the stub back.
// ANCHOR: outputs_in_order
/// A wrong answer (issue 20; the chapter's pitfall "wait() before reading
/// the pipe"): each child is waited for before its stdout is read. A child
/// that writes more than a pipe holds (64 KiB) blocks in its write until
/// someone reads, while the parent blocks in `wait`: a deadlock.
pub fn outputs_in_order(commands: Vec<Command>) -> io::Result<Vec<String>> {
    let mut children: Vec<Child> = Vec::new();
    for mut command in commands {
        match command.stdout(std::process::Stdio::piped()).spawn() {
            Ok(child) => children.push(child),
            Err(error) => {
                for mut started in children {
                    let _ = started.kill();
                    let _ = started.wait();
                }
                return Err(error);
            }
        }
    }
    let mut outputs = Vec::new();
    for mut child in children {
        child.wait()?; // the mistake: the pipe is read only after the child ends
        let mut text = String::new();
        if let Some(mut stdout) = child.stdout.take() {
            io::Read::read_to_string(&mut stdout, &mut text)?;
        }
        outputs.push(text);
    }
    Ok(outputs)
}
// ANCHOR_END: outputs_in_order

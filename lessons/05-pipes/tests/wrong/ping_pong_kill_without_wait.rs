// ANCHOR: ping_pong_end
/// A wrong answer (issue 20; the chapter's pitfall "killed is not gone"):
/// the child that broke the protocol is killed and never waited for, so it
/// stays a zombie for as long as the parent runs.
fn end(child: &mut Child) {
    let _ = child.kill();
}
// ANCHOR_END: ping_pong_end

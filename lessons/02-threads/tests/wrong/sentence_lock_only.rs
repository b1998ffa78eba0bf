//! A wrong `ordered_sentence` (the chapter's pitfall "believing that a lock
//! puts threads in order"): each thread appends its word under a lock, in
//! whatever order the threads reach it.

use workbook::sync::{Arc, Mutex, PoisonError, thread};

pub fn ordered_sentence(words: &[&str], prepare: impl Fn(&str) + Send + Sync + 'static) -> String {
    let sentence = Arc::new(Mutex::new(Vec::<String>::new()));
    let prepare = Arc::new(prepare);
    let handles: Vec<_> = words
        .iter()
        .map(|word| {
            let (sentence, prepare, word) = (Arc::clone(&sentence), Arc::clone(&prepare), word.to_string());
            thread::spawn(move || {
                prepare(&word);
                sentence.lock().unwrap_or_else(PoisonError::into_inner).push(word);
            })
        })
        .collect();
    for handle in handles {
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    }
    sentence.lock().unwrap_or_else(PoisonError::into_inner).join(" ")
}

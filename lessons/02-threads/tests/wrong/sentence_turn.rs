//! Two wrong `ordered_sentence`s with a turn and a `Condvar`, chosen by
//! `MISTAKE`: `notify_one` (the thread woken may not be the next one: the
//! others sleep on, a deadlock) and an `if` around `wait` (a thread woken
//! for someone else's turn writes anyway).

use workbook::sync::{Arc, Condvar, Mutex, PoisonError, thread};

#[derive(Clone, Copy)]
pub enum Mistake {
    NotifyOne,
    IfNotWhile,
}

pub fn ordered_sentence(words: &[&str], mistake: Mistake) -> String {
    let shared = Arc::new((
        Mutex::new(Vec::<String>::new()),
        Mutex::new(0_usize),
        Condvar::new(),
    ));
    let handles: Vec<_> = words
        .iter()
        .enumerate()
        .map(|(position, word)| {
            let (shared, word) = (Arc::clone(&shared), word.to_string());
            thread::spawn(move || {
                let (sentence, turn, turn_changed) = &*shared;
                let mut next = turn.lock().unwrap_or_else(PoisonError::into_inner);
                match mistake {
                    Mistake::NotifyOne => {
                        next = turn_changed
                            .wait_while(next, |next| *next != position)
                            .unwrap_or_else(PoisonError::into_inner);
                    }
                    Mistake::IfNotWhile => {
                        if *next != position {
                            next = turn_changed.wait(next).unwrap_or_else(PoisonError::into_inner);
                        }
                    }
                }
                sentence.lock().unwrap_or_else(PoisonError::into_inner).push(word);
                *next += 1;
                match mistake {
                    Mistake::NotifyOne => turn_changed.notify_one(),
                    Mistake::IfNotWhile => turn_changed.notify_all(),
                }
            })
        })
        .collect();
    for handle in handles {
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    }
    let (sentence, _, _) = &*shared;
    sentence.lock().unwrap_or_else(PoisonError::into_inner).join(" ")
}

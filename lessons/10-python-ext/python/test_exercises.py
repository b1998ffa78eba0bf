"""The exercise tests, from Python: threads call your functions in
sales_ext.exercises (tests/exercises.rs builds the module with your
src/exercises.rs, or the answer key, and runs one class per exercise).

Overlap is decided by events, never by timing: the module's work waits
for company (a second call, or a Python thread) and a probe counts who
was inside at once; waiting gives up after a few seconds, a hang guard.
"""
import os
import pathlib
import signal
import tempfile
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

from sales_ext import exercises


class SumReleased(unittest.TestCase):
    def test_two_python_threads_overlap_inside_the_rust_loop(self):
        exercises.reset()
        n = 1_000_000
        with ThreadPoolExecutor(max_workers=2) as pool:
            sums = list(pool.map(exercises.sum_released, [n, n]))
        self.assertEqual(sums, [n * (n - 1) // 2] * 2,
                         "each call returns sum(range(n)): meeting.sum_below(n)'s result")
        self.assertGreaterEqual(
            exercises.peak(), 2,
            "the two calls were never inside the loop at the same time: the GIL was "
            "held around it (call meeting::sum_below inside py.detach(|| ...))")


class PythonError(unittest.TestCase):
    def test_a_missing_directory_is_file_not_found_with_its_filename(self):
        missing = os.path.join(tempfile.gettempdir(), "lesson-10-no-such-dir")
        with self.assertRaises(FileNotFoundError,
                               msg="Error::NoDirectory must raise FileNotFoundError "
                                   "(PyFileNotFoundError), an OSError") as caught:
            exercises.report_or_raise(missing)
        self.assertEqual(caught.exception.errno, 2,
                         "errno 2 (ENOENT): new_err((2, \"no such directory\", path))")
        self.assertEqual(caught.exception.filename, missing,
                         "OSError's third argument is .filename: the directory, as a str")

    def test_a_missing_column_is_a_key_error_with_path_and_column(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "2015.csv")
            with open(path, "w") as file:
                file.write("InvoiceNo,Quantity,UnitPrice,TotalPrice,Date\n")
            with self.assertRaises(exercises.MissingColumnError,
                                   msg="Error::MissingColumn must raise MissingColumnError") as caught:
                exercises.report_or_raise(folder)
        error = caught.exception
        self.assertIsInstance(error, KeyError, "MissingColumnError derives from KeyError")
        self.assertEqual(getattr(error, "column", None), "Country",
                         "the missing column as .column: set it on error.value(py)")
        self.assertEqual(getattr(error, "path", None), path,
                         ".path is the file whose header lacks the column, as a str")

    def test_other_errors_are_runtime_errors(self):
        with tempfile.TemporaryDirectory() as folder:
            with self.assertRaises(RuntimeError,
                                   msg="a folder without *.csv is neither: RuntimeError") as caught:
                exercises.report_or_raise(folder)
        self.assertIn("no *.csv files", str(caught.exception), "the error's own text")


class RowsOfFiles(unittest.TestCase):
    def test_files_are_counted_in_parallel_without_the_gil(self):
        exercises.reset()
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for k, rows in enumerate([3, 1, 4, 1]):
                path = pathlib.Path(folder) / ("%d.csv" % k)
                path.write_text("header\n" + "row\n" * rows)
                paths.append(path)
            done = threading.Event()

            def python_runs():
                # Each call needs the GIL: it can only happen while the
                # Rust call has released it.
                while not done.is_set():
                    exercises.python_ran()
                    done.wait(0.001)

            ticker = threading.Thread(target=python_runs)
            ticker.start()
            try:
                # A generator, str and Path mixed: any iterable of paths.
                counts = exercises.rows_of_files(
                    str(p) if k % 2 else p for k, p in enumerate(paths))
            finally:
                done.set()
                ticker.join()
        self.assertEqual(counts, [3, 1, 4, 1],
                         "each file's rows after its header, in the order given")
        self.assertTrue(exercises.saw_python(),
                        "no Python thread ran during the call: the GIL was held while the "
                        "files were read (do the reading inside py.detach)")
        if (os.cpu_count() or 1) >= 2:
            self.assertGreaterEqual(
                exercises.peak(), 2,
                "the files were read one at a time: use rayon (paths.par_iter()) inside "
                "py.detach")


def ctrl_c_check(interruptible):
    """None if `interruptible` ends with KeyboardInterrupt right after the
    step Ctrl-C came in; otherwise what went wrong."""
    exercises.reset()
    steps = 1000  # 1 ms each: a second in all if Ctrl-C is not honoured
    # Python's own handler, whatever this process inherited: Ctrl-C
    # raises KeyboardInterrupt wherever Python next looks.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    exercises.press_ctrl_c_at(3)
    returned, interrupted = None, False
    try:
        returned = interruptible(steps)
        # Unchecked, the interrupt is raised after the call returns, once
        # Python runs again: a loop of Python code, here, inside the `try`,
        # so that it cannot end the whole test run.
        for _ in range(1000):
            pass
    except KeyboardInterrupt:
        interrupted = True
    finally:
        signal.signal(signal.SIGINT, previous)
    ran = exercises.steps_done()
    if not interrupted:
        return ("Ctrl-C came during step 3, yet the call returned %r and no "
                "KeyboardInterrupt was raised: was the error of py.check_signals() "
                "dropped (`let _ = ...`)? Return it with `?`" % (returned,))
    if ran != 3:
        return ("Ctrl-C came during step 3, and %d of %d steps ran before the "
                "KeyboardInterrupt: call py.check_signals()? after every step, not "
                "once at the end (or never: Python then raises it only after the "
                "call returns)" % (ran, steps))
    return None


class Interruptible(unittest.TestCase):
    def test_ctrl_c_ends_the_call_after_the_step_it_came_in(self):
        why = ctrl_c_check(exercises.interruptible)
        if why:
            self.fail(why)

    def test_without_ctrl_c_every_step_runs(self):
        exercises.reset()
        self.assertEqual(exercises.interruptible(5), 5, "5 steps, no Ctrl-C: returns 5")
        self.assertEqual(exercises.steps_done(), 5, "meeting::step() once per step")


class InterruptibleWrong(unittest.TestCase):
    """The check above fails the chapter's wrong answers (tests/wrong/)."""

    def test_each_wrong_answer_fails_with_its_mistake_named(self):
        for wrong, words in [
            (exercises.interruptible_unchecked, "or never"),
            (exercises.interruptible_dropped, "`let _ = ...`"),
            (exercises.interruptible_at_the_end, "not once at the end"),
        ]:
            why = ctrl_c_check(wrong)
            self.assertIsNotNone(why, "%s passed the check" % wrong.__name__)
            self.assertIn(words, why, "the failure of %s names its mistake" % wrong.__name__)


if __name__ == "__main__":
    unittest.main()

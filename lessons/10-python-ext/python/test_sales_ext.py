"""The module from Python, with unittest (the standard library).

    python test_sales_ext.py DATA_DIR

DATA_DIR: lesson 08's generated files (tests/python.rs makes a tiny set).
Run by tests/python.rs with the module on PYTHONPATH; the results go to
stdout, where the Rust test reads them.
"""
import os
import signal
import sys
import tempfile
import threading
import unittest
import warnings

import sales_ext

DATA = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SALES_DATA", "data/tiny")
HEADER = "InvoiceNo,StockCode,Description,Quantity,UnitPrice,TotalPrice,Country,Date\n"
GOOD = "a1,10001,RED MUG,2,4.96,9.92,France,2015/04/06\n"


def folder_with(*rows):
    """A temporary folder with one sales file of these rows."""
    folder = tempfile.TemporaryDirectory()
    with open(os.path.join(folder.name, "2015.csv"), "w") as file:
        file.write(HEADER + "".join(rows))
    return folder


class Report(unittest.TestCase):
    def test_every_engine_gives_the_same_dict(self):
        first = sales_ext.report(DATA, engine="sequential", threads=1)
        for engine in ("threads", "rayon", "chunks"):
            self.assertEqual(sales_ext.report(DATA, engine=engine, threads=2), first,
                             "%s gives the sequential engine's report" % engine)
        self.assertEqual(first["total"]["rows"], sum(f["rows"] for f in first["files"]))

    def test_a_bad_row_is_a_bad_row_error_with_its_place(self):
        with folder_with(GOOD, "a2,10002,BLUE MUG,two,4.96,9.92,France,2015/04/06\n") as folder:
            with self.assertRaises(sales_ext.BadRowError) as caught:
                sales_ext.report(folder)
        error = caught.exception
        self.assertIsInstance(error, ValueError, "BadRowError is a ValueError")
        self.assertTrue(error.path.endswith("2015.csv"), error.path)
        self.assertEqual(error.line, 3, "the header is line 1, the bad row line 3")
        self.assertEqual(error.reason, 'Quantity is "two", not a whole number')

    def test_skipped_rows_are_counted_and_listed_in_a_warning(self):
        bad = "a2,10002,BLUE MUG,2,4.9x,9.92,France,2015/04/06\n"
        with folder_with(GOOD, bad, GOOD) as folder:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                report = sales_ext.report(folder, on_bad_row="skip")
        self.assertEqual(report["total"]["rows"], 2)
        self.assertEqual(report["total"]["rejected"], 1)
        warning = caught[0].message
        self.assertIsInstance(warning, sales_ext.SkippedRowsWarning)
        self.assertEqual(warning.rejected, 1)
        self.assertIn("line 3: UnitPrice", warning.first_rejected[0])

    def test_other_failures_are_sales_errors(self):
        with self.assertRaises(sales_ext.SalesError):
            sales_ext.report(os.path.join(DATA, "no-such-folder"))
        with self.assertRaises(sales_ext.SalesError):
            sales_ext.report(DATA, engine="no-such-engine")

    def test_rows_returns_every_row_as_a_tuple(self):
        rows = sales_ext.rows(DATA)
        report = sales_ext.report(DATA)
        self.assertEqual(len(rows), report["total"]["rows"])
        country, unit, total = rows[0]
        self.assertIsInstance(country, str)
        self.assertIsInstance(unit, int, "prices cross as exact thousandths")


class Panics(unittest.TestCase):
    def test_a_panic_is_a_panic_exception_and_python_goes_on(self):
        with self.assertRaises(BaseException) as caught:
            sales_ext.panic_in_rust("on purpose")
        self.assertEqual(type(caught.exception).__name__, "PanicException")
        self.assertNotIsInstance(caught.exception, Exception,
                                 "PanicException is a BaseException: except Exception misses it")
        self.assertEqual(sales_ext.report(DATA)["total"]["rows"] > 0, True,
                         "the module still works after a panic")


class CtrlC(unittest.TestCase):
    def test_sigint_during_a_report_raises_keyboard_interrupt(self):
        # Many files, so that the call lasts several checks.
        with tempfile.TemporaryDirectory() as folder:
            source = sorted(os.listdir(DATA))
            for k in range(40):
                name = source[k % len(source)]
                with open(os.path.join(DATA, name)) as src, \
                        open(os.path.join(folder, "%03d.csv" % k), "w") as dst:
                    dst.write(src.read())
            # The Ctrl-C comes from another thread, which runs only when it
            # gets the GIL: inside report(), which lets go of it per file.
            # On a busy machine the operating system may not run that
            # thread before the 40 files are done; then the interrupt lands
            # just after the call, and the attempt is made again. What must
            # never happen is a report that swallows it.
            outcomes = [self.one_report_with_a_ctrl_c(folder)]
            while outcomes[-1] == "after the call" and len(outcomes) < 100:
                outcomes.append(self.one_report_with_a_ctrl_c(folder))
            self.assertEqual(
                outcomes[-1], "during the call",
                "check_signals between files raises KeyboardInterrupt "
                "(%d reports each ended before the Ctrl-C arrived)" % len(outcomes))

    def one_report_with_a_ctrl_c(self, folder):
        entering = threading.Event()

        def interrupt():
            entering.wait()
            os.kill(os.getpid(), signal.SIGINT)

        sender = threading.Thread(target=interrupt)
        sender.start()
        returned = False
        try:
            entering.set()
            sales_ext.report(folder, engine="sequential", threads=1)
            returned = True
            sender.join()
            # The interrupt is pending now: a loop's backward jump lets
            # Python run its handler here, inside the try.
            for _ in range(1000):
                pass
        except KeyboardInterrupt:
            return "after the call" if returned else "during the call"
        finally:
            sender.join()
        return "never"


class Gil(unittest.TestCase):
    def test_the_sums_are_right_held_released_and_on_rayon(self):
        n = 100_000
        self.assertEqual(sales_ext.sum_held(n, "t"), n * (n - 1) // 2)
        self.assertEqual(sales_ext.sum_detached(n, "t"), n * (n - 1) // 2)
        self.assertEqual(sales_ext.sum_rayon(n, 2, 4, "t"), n * (n - 1) // 2)
        spans = sales_ext.spans()
        self.assertEqual(len(spans), 2 + 4, "a span per call, a span per rayon part")


if __name__ == "__main__":
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=2)
    unittest.main(argv=sys.argv[:1], testRunner=runner)

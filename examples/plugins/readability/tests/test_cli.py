"""The command line as Mark-1 runs it: argv flags or MARK1_INPUT, one JSON object on stdout."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

PLUGIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, env=None, stdin=""):
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    environment.update(env or {})
    with tempfile.TemporaryDirectory() as workdir:
        return subprocess.run(
            [sys.executable, os.path.join(PLUGIN, "main.py")] + args,
            input=stdin, capture_output=True, text=True, env=environment, cwd=workdir,
        )


class CliTest(unittest.TestCase):
    def test_text_flag(self):
        done = run(["--text=Great product but expensive"])
        self.assertEqual(done.returncode, 0, done.stderr)
        result = json.loads(done.stdout)
        self.assertEqual(result["words"], 4)
        self.assertEqual(result["flesch_reading_ease"], 54.73)

    def test_text_starting_with_a_dash(self):
        done = run(["--text=- a list item. Another one."])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout)["sentences"], 2)

    def test_mark1_input_when_no_arguments(self):
        done = run([], env={"MARK1_INPUT": json.dumps({"text": "The cat sat on the mat. It was happy."})})
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout)["sentences"], 2)

    def test_file_and_stdin(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
            handle.write("One. Two. Three.")
        try:
            self.assertEqual(json.loads(run(["--file", handle.name]).stdout)["sentences"], 3)
        finally:
            os.unlink(handle.name)
        self.assertEqual(json.loads(run([], stdin="Just one sentence here").stdout)["words"], 4)

    def test_errors_exit_non_zero_with_a_message(self):
        done = run(["--text", "..."])
        self.assertEqual(done.returncode, 1)
        self.assertIn("readability: the text has no words", done.stderr)
        self.assertEqual(done.stdout, "")

        done = run([], env={"MARK1_INPUT": "{not json"})
        self.assertEqual(done.returncode, 1)
        self.assertIn("MARK1_INPUT is not valid JSON", done.stderr)

        done = run([], env={"MARK1_INPUT": json.dumps({"txt": "typo"})})
        self.assertIn('MARK1_INPUT has no "text"', done.stderr)

        done = run(["--file", "/nonexistent/file.txt"])
        self.assertEqual(done.returncode, 1)
        self.assertIn("cannot read --file /nonexistent/file.txt", done.stderr)

    def test_usage_error(self):
        done = run(["--bogus"])
        self.assertEqual(done.returncode, 2)
        self.assertIn("unrecognized arguments", done.stderr)


if __name__ == "__main__":
    unittest.main()

"""The command line as Mark-1 runs it: argv flags and MARK1_INPUT in, a file in MARK1_OUTPUT_DIR
and {"chart": "<name>"} out."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

PLUGIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SALES = "month,sales\nJan,10\nFeb,25\nMar,-5\n"


def run(args, env=None):
    with tempfile.TemporaryDirectory() as workdir:
        environment = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
        environment.update(env or {})
        return subprocess.run(
            [sys.executable, os.path.join(PLUGIN, "main.py")] + args,
            capture_output=True, text=True, env=environment, cwd=workdir,
        )


class CliTest(unittest.TestCase):
    def test_flags_write_into_the_output_dir(self):
        with tempfile.TemporaryDirectory() as out:
            done = run(["--csv=" + SALES, "--x=month", "--y=sales", "--kind=line", "--format=png"],
                       env={"MARK1_OUTPUT_DIR": out})
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(json.loads(done.stdout), {"chart": "chart.png"})
            self.assertEqual(os.listdir(out), ["chart.png"])

    def test_mark1_input_alone(self):
        with tempfile.TemporaryDirectory() as out:
            env = {"MARK1_OUTPUT_DIR": out, "MARK1_INPUT": json.dumps({"csv": SALES, "title": "Q1 <sales>"})}
            done = run([], env=env)
            self.assertEqual(done.returncode, 0, done.stderr)
            with open(os.path.join(out, "chart.svg"), encoding="utf-8") as handle:
                self.assertIn("Q1 &lt;sales&gt;", handle.read())

    def test_errors(self):
        with tempfile.TemporaryDirectory() as out:
            done = run(["--csv=" + SALES, "--y=sale"], env={"MARK1_OUTPUT_DIR": out})
            self.assertEqual(done.returncode, 1)
            self.assertIn("chart: no column named 'sale' for y (did you mean 'sales'?)", done.stderr)
            self.assertEqual(os.listdir(out), [])
            done = run(["--csv=" + SALES, "--kind=pie"], env={"MARK1_OUTPUT_DIR": out})
            self.assertEqual(done.returncode, 2)
            done = run([], env={"MARK1_OUTPUT_DIR": out, "MARK1_INPUT": json.dumps({"csv": SALES, "kind": "pie"})})
            self.assertEqual(done.returncode, 1)
            self.assertIn("kind must be bar or line, got 'pie'", done.stderr)
            done = run([], env={"MARK1_OUTPUT_DIR": out})
            self.assertIn("no CSV given", done.stderr)


if __name__ == "__main__":
    unittest.main()

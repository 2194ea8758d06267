"""The command line as Mark-1 runs it: argv flags and MARK1_INPUT, one JSON object on stdout."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

PLUGIN = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REVIEW = "Battery life is short. The battery died fast. Shipping was quick."


def run(args, env=None, stdin=""):
    environment = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    environment.update(env or {})
    with tempfile.TemporaryDirectory() as workdir:
        return subprocess.run(
            [sys.executable, os.path.join(PLUGIN, "main.py")] + args,
            input=stdin, capture_output=True, text=True, env=environment, cwd=workdir,
        )


class CliTest(unittest.TestCase):
    def test_flags(self):
        done = run(["--text=" + REVIEW, "--top-n", "2"])
        self.assertEqual(done.returncode, 0, done.stderr)
        themes = json.loads(done.stdout)["themes"]
        self.assertEqual([t["theme"] for t in themes], ["battery life", "short"])

    def test_mark1_input_fills_what_argv_does_not_give(self):
        env = {"MARK1_INPUT": json.dumps({"text": REVIEW, "top_n": 1})}
        self.assertEqual(len(json.loads(run([], env=env).stdout)["themes"]), 1)
        # --top-n given, text from MARK1_INPUT
        self.assertEqual(len(json.loads(run(["--top-n", "3"], env=env).stdout)["themes"]), 3)

    def test_default_top_n_is_five(self):
        text = "Apples. Pears. Plums. Grapes. Melons. Lemons. Limes."
        self.assertEqual(len(json.loads(run(["--text", text]).stdout)["themes"]), 5)

    def test_stdin(self):
        done = run([], stdin="Solar panels")
        self.assertEqual(json.loads(done.stdout)["themes"][0]["theme"], "solar panels")

    def test_errors(self):
        done = run(["--text", "the and of"])
        self.assertEqual(done.returncode, 1)
        self.assertIn("text-themes: the text has no words", done.stderr)
        done = run(["--text", REVIEW, "--top-n", "zero"])
        self.assertEqual(done.returncode, 2)
        self.assertIn("--top-n: must be a whole number", done.stderr)
        done = run([], env={"MARK1_INPUT": json.dumps({"text": REVIEW, "top_n": -1})})
        self.assertEqual(done.returncode, 1)
        self.assertIn('"top_n" in MARK1_INPUT must be a whole number of at least 1, got -1', done.stderr)
        done = run([], env={"MARK1_INPUT": json.dumps({"top_n": 2})})
        self.assertIn("no text given", done.stderr)


if __name__ == "__main__":
    unittest.main()

"""The CI script runs the README's test command, whatever the README says today."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_reads_one_pytest_command_from_the_readme_and_would_run_exactly_it():
    printed = subprocess.run([str(ROOT / ".ci" / "run"), "--print-test-command"],
                             capture_output=True, text=True, check=True).stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = printed.rstrip("\n")
    assert "\n" not in command and "python -m pytest" in command
    assert f"<!-- test-command -->\n```\n{command}\n```" in readme


def test_ci_refuses_a_readme_without_the_marked_command(tmp_path):
    (tmp_path / ".ci").mkdir()
    script = tmp_path / ".ci" / "run"
    script.write_bytes((ROOT / ".ci" / "run").read_bytes())
    script.chmod(0o755)
    (tmp_path / "README.md").write_text("# Tambon\n\n```\npython -m pytest\n```\n")
    result = subprocess.run([str(script), "--print-test-command"], capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert "<!-- test-command -->" in result.stderr


def test_ci_installs_what_the_printed_record_test_reads_pdfs_with():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)" in script

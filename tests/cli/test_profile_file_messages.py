"""A profile file's own problems in one line with one prefix ('bonekb: profile: p.yaml ...', never
'profile: PROFILE: ...'); a JSON key given twice names its lines as YAML's does; a %YAML directive is
read (1.1 and 1.2) or its problem said in words."""

from __future__ import annotations

import subprocess
import sys


def test_a_file_level_message_has_one_prefix(run_cli, tmp_path, one_line_refusal):
    (tmp_path / "p.yaml").write_text("age: [1\n", encoding="utf-8")
    line = one_line_refusal(run_cli("recommend", str(tmp_path / "p.yaml")), "is not valid YAML")
    assert line.startswith("bonekb: profile: '") and "PROFILE" not in line


def test_the_installed_commands_file_level_message_has_one_prefix(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bonekb", "recommend", str(tmp_path / "missing.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"bonekb: profile: cannot read '{tmp_path / 'missing.yaml'}': "
                                        "No such file or directory"]


def test_a_json_key_given_twice_names_its_lines_as_yaml_does(run_cli, tmp_path, one_line_refusal):
    (tmp_path / "p.json").write_text('{\n  "age": 70,\n  "sex": "female",\n  "\\u0061ge": 71\n}\n', encoding="utf-8")
    (tmp_path / "p.yaml").write_text("age: 70\nsex: female\nage: 71\n", encoding="utf-8")
    from_json = one_line_refusal(run_cli("recommend", str(tmp_path / "p.json")), "age", "given twice")
    from_yaml = one_line_refusal(run_cli("recommend", str(tmp_path / "p.yaml")), "age", "given twice")
    assert from_json.endswith("given twice (lines 2 and 4); give it once")
    assert from_yaml.endswith("given twice (lines 1 and 3); give it once")


def test_a_json_lines_row_with_a_key_given_twice_is_a_bad_row(run_cli, tmp_path):
    source = tmp_path / "p.jsonl"
    source.write_text('{"age": 70, "age": 71}\n', encoding="utf-8")
    result = run_cli("batch", str(source), "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1
    assert "age: given twice; give it once" in (tmp_path / "o.jsonl.errors.jsonl").read_text(encoding="utf-8")


def test_a_yaml_1_2_directive_is_read(run_cli, tmp_path):
    for version in ("1.1", "1.2"):
        (tmp_path / "p.yaml").write_text(f"%YAML {version}\n---\nage: 70\n", encoding="utf-8")
        assert run_cli.json("recommend", str(tmp_path / "p.yaml"))["profile"]["age"] == 70


def test_a_directive_without_its_document_start_is_said_in_words(run_cli, tmp_path, one_line_refusal):
    (tmp_path / "p.yaml").write_text("%YAML 1.2\nage: 70\n", encoding="utf-8")
    one_line_refusal(run_cli("recommend", str(tmp_path / "p.yaml")), "a %YAML directive must be followed by "
                                                                     "a line '---'")


def test_an_unsupported_yaml_version_is_said_in_words(run_cli, tmp_path, one_line_refusal):
    (tmp_path / "p.yaml").write_text("%YAML 2.0\n---\nage: 70\n", encoding="utf-8")
    one_line_refusal(run_cli("recommend", str(tmp_path / "p.yaml")), "%YAML 2.0 is not supported",
                     "accepted: %YAML 1.1 or %YAML 1.2")

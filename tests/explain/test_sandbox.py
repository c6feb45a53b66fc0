"""Templates are untrusted data: hostile ones fail with a clear error and read or run nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bonekb.engine.errors import TemplateError
from bonekb.engine.explain.explainer import Explainer
from bonekb.engine.validate import load_knowledge_base

FIXTURES = Path(__file__).parent / "fixtures"

# fixture -> words the one-line error must contain
HOSTILE = {
    "class_walk.md.j2": ["why.md.j2:2", "refused by the sandbox", "__class__"],
    "include_passwd.md.j2": ["'/etc/passwd' cannot be loaded", "templates come only from"],
    "include_parent.md.j2": ["'../../rules/claims.yaml' cannot be loaded"],
    "function_internals.md.j2": ["why.md.j2:2", "refused by the sandbox", "__self__"],
    "object_attributes.md.j2": ["why.md.j2:2", "undefined", "no attribute 'kb'"],
    "run_command.md.j2": ["why.md.j2:2", "refused by the sandbox", "__init__"],
    "mutate.md.j2": ["why.md.j2:2", "refused by the sandbox", "update"],
    "unknown_claim.md.j2": ["unknown claim id 'K2-99'"],
    "misspelt.md.j2": ["why.md.j2:2", "undefined", "nutreint"],
    "syntax.md.j2": ["why.md.j2:", "syntax error"],
}


@pytest.fixture
def hostile_kb(kb_copy: Path):
    """hostile_kb(fixture) -> a knowledge base copy whose en/why.md.j2 is that fixture."""
    def make(name: str) -> Path:
        shutil.copy(FIXTURES / name, kb_copy / "explanations" / "en" / "why.md.j2")
        return kb_copy
    return make


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_template_fails_clearly_through_the_cli(run_cli, hostile_kb, name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("why", "k2", "--kb", str(hostile_kb(name)))
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert "\n" not in message and message.startswith("bonekb: ")
    assert "Traceback" not in message
    for words in HOSTILE[name]:
        assert words in message
    assert "root:" not in message  # nothing of /etc/passwd
    assert "rules:" not in message and "claims:" not in message  # nothing of the rule files
    assert not (tmp_path / "HOSTILE_RAN").exists()


def test_every_hostile_fixture_is_tested():
    assert {p.name for p in FIXTURES.glob("*.j2")} == set(HOSTILE)


@pytest.mark.parametrize("folder", [".", "en"])  # the shared template, or a language's own that wins over it
def test_a_symlink_out_of_the_folder_is_not_followed(kb_copy, folder):
    target = kb_copy / "secret.md.j2"
    target.write_text("SECRET CONTENT", encoding="utf-8")
    link = kb_copy / "explanations" / folder / "why.md.j2"
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    explainer = Explainer(load_knowledge_base(kb_copy), "en")
    with pytest.raises(TemplateError, match="resolves outside the explanations folder") as err:
        explainer.render("why.md.j2", nutrient="k2")
    assert "SECRET" not in str(err.value)


@pytest.mark.parametrize("name", ["words.yaml", "../../rules/claims.yaml", "/etc/passwd"])
def test_only_template_files_can_be_loaded(explainers, name):
    with pytest.raises(TemplateError, match="cannot be loaded"):
        explainers["en"].render(name)


def test_templates_get_no_python_builtins(explainers, kb_copy):
    (kb_copy / "explanations" / "en" / "probe.md.j2").write_text(
        "{{ [range is defined, lipsum is defined, namespace is defined, claim is defined] }}", encoding="utf-8")
    markdown, _ = Explainer(load_knowledge_base(kb_copy), "en").render("probe.md.j2")
    assert markdown == "[False, False, False, True]"

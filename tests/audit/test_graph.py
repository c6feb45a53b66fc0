"""`bonekb rules graph`: the chain facts -> rules -> derived facts -> rules -> amounts, with claim ids."""

from __future__ import annotations

import re

from .cases import remove_rule


def test_dot_shows_the_adults_chain_with_claim_ids(run_cli):
    result = run_cli("rules", "graph", "--format", "dot")
    assert result.exit_code == 0
    dot = result.output
    assert dot.startswith("digraph bonekb {") and dot.rstrip().endswith("}")
    assert '"fact:age" -> "rule:group.adults" [label="is at least 19; is below 65"];' in dot
    assert '"rule:group.adults" -> "derived:group" [label="= adults"];' in dot
    assert '"derived:group" -> "rule:table.adults" [label="is adults"];' in dot
    assert '"rule:table.adults" -> "recommend:calcium:supplement" [label="300–500 mg"];' in dot
    assert '"rule:table.adults" [label="table.adults\\n[TABLE-ADULT]", shape=box];' in dot
    assert '"rule:table.adults" -> "rule:advice.dose3" [label="overrides", style=dashed];' in dot
    assert '"rule:scope.pregnant" -> "out_of_scope";' in dot


def test_every_rule_is_a_node_and_every_edge_joins_nodes(run_cli, kb):
    dot = run_cli("rules", "graph").output
    nodes = set(re.findall(r'^  "([^"]+)" \[label=', dot, re.M))
    assert {f"rule:{r.id}" for r in kb.rules} <= nodes
    for source, target in re.findall(r'^  "([^"]+)" -> "([^"]+)"', dot, re.M):
        assert source in nodes and target in nodes


def test_mermaid_is_a_flowchart_with_the_same_chain(run_cli):
    result = run_cli("rules", "graph", "--format", "mermaid")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "flowchart LR"
    assert '  rule_table_adults["table.adults<br/>[TABLE-ADULT]"]' in lines
    assert "  fact_age -->|is at least 19; is below 65| rule_group_adults" in lines
    assert "  rule_group_adults -->|= adults| derived_group" in lines
    assert "  rule_table_adults -.->|overrides| rule_advice_dose3" in lines
    assert "  rule_table_adults -->|300–500 mg| recommend_calcium_supplement" in lines


def test_graph_of_another_knowledge_base(kb_copy, run_cli):
    remove_rule(kb_copy, "table.adults")
    dot = run_cli("rules", "graph", "--kb", str(kb_copy)).output
    assert "rule:table.adults\"" not in dot and "rule:table.teens" in dot

"""The rules as a graph a reviewer can read: facts -> rules -> derived facts -> rules ->
recommendations, limits, warnings and refusals, each rule with its sources, overrides dashed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..conditions import describe_test, tests_of, to_nnf
from ..knowledge import KnowledgeBase
from .amounts import amount_text, nutrient_text


@dataclass
class Graph:
    """Nodes (id -> (kind, label)) and edges (from, to, label, style)."""

    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)
    edges: list[tuple[str, str, str, str]] = field(default_factory=list)

    def node(self, ident: str, kind: str, label: str) -> str:
        self.nodes.setdefault(ident, (kind, label))
        return ident

    def edge(self, source: str, target: str, label: str = "", style: str = "solid") -> None:
        if (source, target, label, style) not in self.edges:
            self.edges.append((source, target, label, style))


def rule_graph(kb: KnowledgeBase) -> Graph:
    """The graph of a knowledge base's rules."""
    graph = Graph()
    for rule in kb.rules:
        rid = graph.node(f"rule:{rule.id}", "rule", f"{rule.id}\n[{', '.join(rule.sources)}]")
        tests: dict[str, list[str]] = {}
        for test in tests_of(to_nnf(rule.condition)):
            tests.setdefault(test.fact, []).append(describe_test(test).removeprefix(test.fact + " "))
        for fact, words in tests.items():
            kind = "fact" if fact in kb.vocabulary.profile.types else "derived"
            graph.edge(graph.node(f"{kind}:{fact}", kind, fact), rid, "; ".join(words))
        for name, value in rule.derives.items():
            graph.edge(rid, graph.node(f"derived:{name}", "derived", name), f"= {value}")
        for item in rule.recommendations:
            kind = item["kind"].replace("_", " ")
            target = graph.node(f"recommend:{item['nutrient']}:{item['kind']}", "outcome",
                                f"{nutrient_text(kb, item['nutrient'])} {kind}")
            graph.edge(rid, target, amount_text(item))
        for item in rule.then.get("limit", []):
            name = nutrient_text(kb, item["nutrient"])
            target = graph.node(f"limit:{item['nutrient']}", "outcome", f"{name} upper limit")
            graph.edge(rid, target, f"max {amount_text({'max': item['max'], 'unit': item['unit']})}")
        if "warn" in rule.then:
            warn = rule.then["warn"]
            target = graph.node(f"warn:{warn['code']}", "warning", f"warning {warn['code']}")
            graph.edge(rid, target, warn["severity"] + (", withholds" if warn.get("withhold") else ""))
        if "out_of_scope" in rule.then:
            graph.edge(rid, graph.node("out_of_scope", "warning", "out of scope (no amounts)"))
        for other in rule.overrides:
            if other in kb.rule_by_id:
                graph.edge(rid, f"rule:{other}", "overrides", "dashed")
    return graph


SHAPES = {"fact": "ellipse", "derived": "diamond", "rule": "box", "outcome": "note", "warning": "octagon"}


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(graph: Graph) -> str:
    """Graphviz DOT."""
    lines = ["digraph bonekb {", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for ident, (kind, label) in graph.nodes.items():
        lines.append(f'  "{_dot_text(ident)}" [label="{_dot_text(label)}", shape={SHAPES[kind]}];')
    for source, target, label, style in graph.edges:
        attrs = [f'label="{_dot_text(label)}"'] if label else []
        if style == "dashed":
            attrs.append("style=dashed")
        shown = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f'  "{_dot_text(source)}" -> "{_dot_text(target)}"{shown};')
    lines.append("}")
    return "\n".join(lines)


MERMAID_SHAPES = {"fact": ('(["', '"])'), "derived": ('{"', '"}'), "rule": ('["', '"]'),
                  "outcome": ('[/"', '"/]'), "warning": ('{{"', '"}}')}


def _mermaid_id(ident: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", ident)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;").replace("\n", "<br/>")


def to_mermaid(graph: Graph) -> str:
    """A Mermaid flowchart (renders in GitHub and GitLab Markdown)."""
    lines = ["flowchart LR"]
    for ident, (kind, label) in graph.nodes.items():
        left, right = MERMAID_SHAPES[kind]
        lines.append(f"  {_mermaid_id(ident)}{left}{_mermaid_text(label)}{right}")
    for source, target, label, style in graph.edges:
        arrow = "-.->" if style == "dashed" else "-->"
        shown = f"|{_mermaid_text(label)}|" if label else ""
        lines.append(f"  {_mermaid_id(source)} {arrow}{shown} {_mermaid_id(target)}")
    return "\n".join(lines)

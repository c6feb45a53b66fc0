"""The bounds bonekb puts on a knowledge base and its templates, named once (README: Limits).

A knowledge base is untrusted data: each bound stops a small file from asking for unbounded
work or memory, and is reported as one line naming the file and the bound. The shipped
knowledge base uses a small part of each (its largest file is 31 kB, its deepest condition 4
levels, its widest `one_of` 6 values).
"""

from __future__ import annotations

# Files of a knowledge base (rules, claims, article, templates, intents, scenarios).
MAX_FILE_BYTES = 2_000_000
# YAML files of a knowledge base: aliases (*name) in one file; nodes after expanding every alias
# (billion laughs); nesting of mappings and lists.
MAX_YAML_ALIASES = 100
MAX_YAML_NODES = 200_000
MAX_NESTING = 50

# Rules: how many, how deep a `when` nests all/any/not, how many branches one all/any has, how
# many values one one_of/includes lists. The engine itself takes at most 4,096 compiled rules.
MAX_RULES = 2_000
MAX_CONDITION_DEPTH = 12
MAX_CONDITION_BRANCHES = 100
MAX_CONDITION_VALUES = 200

# The audit lists at most this many findings of one code, then one saying more stand.
MAX_AUDIT_FINDINGS_PER_CODE = 100

# Templates (explain/environment.py): the largest number an operation may make, the longest
# string or list any operation may make (repetition, range, `~`, filters such as join or replace,
# str methods), how deep macros may call, how many loop steps one rendering may take, and how much
# text it may write (also the most one macro body, {% set %} block or {{ value }} may hold).
MAX_TEMPLATE_NUMBER_DIGITS = 100
MAX_TEMPLATE_SEQUENCE = 100_000
MAX_TEMPLATE_CALL_DEPTH = 20
MAX_TEMPLATE_LOOP_STEPS = 200_000
MAX_TEMPLATE_OUTPUT = 1_000_000

"""The YAML loader of a profile file, apart from profile.py so that reading options alone imports no YAML."""

from __future__ import annotations

from typing import Any

import yaml

from .errors import ProfileError
from .profile import MAX_DEPTH, _as_number, _field_name


class ProfileLoader(yaml.SafeLoader):
    """yaml.safe_load with a profile's bounds: nesting depth, a key given twice refused (not last-wins),
    a digit string too long for a number and a date that does not exist kept as text to be refused."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1
                raise ProfileError("PROFILE", f"nested more than {MAX_DEPTH} deep at line {line}")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                key, line = (key_node.tag, key_node.value), key_node.start_mark.line + 1
                if key in seen:
                    raise ProfileError(_field_name(key_node.value),
                                       f"given twice (lines {seen[key]} and {line}); give it once")
                seen[key] = line
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node: Any) -> Any:  # YAML 1.1 reads 1_0 as 10, 017 as 15 and 1:30 as 90
        return _as_number(node.value)

    def construct_yaml_float(self, node: Any) -> Any:  # and 1e400 as infinity
        return _as_number(node.value)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2020-13-45 looks like a date and is none
            return node.value


for _tag, _construct in (("int", ProfileLoader.construct_yaml_int), ("float", ProfileLoader.construct_yaml_float),
                         ("timestamp", ProfileLoader.construct_yaml_timestamp)):
    ProfileLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct)

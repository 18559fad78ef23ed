"""Facts about every component, computed once per run and shared by the checks.

Several checks ask the same questions of every component (what capabilities it provides, which
reference items it realizes, which role it plays). Answering them once, in one pass over the
models, keeps a run linear in the size of the workspace; the index is built lazily by
:attr:`CheckContext.index <ictarch.checks.spec.CheckContext.index>` and lives as long as the run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from ictarch.checks.roles import ROLE_CAPABILITIES, Role
from ictarch.graph import province_node
from ictarch.loading import Workspace
from ictarch.models.province import Component, Investment, Lifecycle
from ictarch.models.reference import LayerKind


@dataclass(frozen=True)
class ComponentFacts:
    """What one province component provides, by what it realizes and the e-government items it links to."""

    node: str
    province: str
    entity_id: str
    live: bool
    capabilities: frozenset[str]
    single_instance: frozenset[str]
    """Capabilities provided through reference items a province should run only once."""
    centre: bool
    """Realizes a layer of kind centre (an operations centre)."""


class ModelIndex:
    """Component facts by node, realizers by (province, reference item), providers by capability.

    Built in one pass; the checks read these indexes instead of scanning the components again.
    """

    def __init__(self, workspace: Workspace) -> None:
        cat = workspace.catalogue
        self.facts: dict[str, ComponentFacts] = {}
        realizers: dict[tuple[str, str], list[str]] = defaultdict(list)
        single_by_cap: dict[tuple[str, str], list[Component]] = defaultdict(list)
        providers: dict[str, list[tuple[str, Component]]] = defaultdict(list)
        for loaded in workspace.provinces:
            code = loaded.code
            for comp in loaded.architecture.components:
                live = comp.status is not Lifecycle.RETIRED
                caps: set[str] = set()
                single: set[str] = set()
                centre = False
                for ref_id in (*comp.realizes, *comp.egov_links):
                    item: Any = cat.components.get(ref_id) or cat.layers.get(ref_id)
                    if item is None:
                        continue
                    if item.capability:
                        caps.add(item.capability)
                        if item.single_instance:
                            single.add(item.capability)
                    if ref_id in cat.layers and cat.layers[ref_id].kind is LayerKind.CENTRE and ref_id in comp.realizes:
                        centre = True
                n = province_node(code, comp.id)
                self.facts[n] = ComponentFacts(n, code, comp.id, live, frozenset(caps), frozenset(single), centre)
                if not live:
                    continue
                for cap in single:
                    single_by_cap[(code, cap)].append(comp)
                for cap in caps:
                    providers[cap].append((code, comp))
                for ref_id in comp.realizes:
                    realizers[(code, ref_id)].append(comp.id)
                    layer_id = cat.component_layer.get(ref_id)
                    if layer_id is not None:
                        realizers[(code, layer_id)].append(comp.id)
                for ref_id in comp.egov_links:
                    realizers[(code, ref_id)].append(comp.id)
        self._realizers = {key: sorted(set(ids)) for key, ids in realizers.items()}
        self._single: dict[str, dict[str, list[Component]]] = {}
        for (code, cap), comps in single_by_cap.items():
            self._single.setdefault(code, {})[cap] = sorted(comps, key=lambda c: c.id)
        self._providers = dict(providers)
        self._workspace = workspace
        self._deliverers: dict[tuple[str, str], list[Investment]] | None = None

    def realizers(self, province: str, ref_id: str) -> list[str]:
        """Live components of ``province`` realizing ``ref_id`` (or one of its components) or linking to it."""
        return self._realizers.get((province, ref_id), [])

    def single_instance_providers(self, province: str) -> dict[str, list[Component]]:
        """Live components of ``province`` by single-instance capability they provide, each list sorted by id."""
        return self._single.get(province, {})

    def providers(self, capability: str) -> list[tuple[str, Component]]:
        """Live (province, component) pairs providing ``capability``, in model order."""
        return self._providers.get(capability, [])

    def deliverers(self, province: str, component_id: str) -> list[Investment]:
        """The projects of ``province`` that deliver a component, by id (what the graph's ``deliverers`` gives).

        Read from the projects on first use, so that the checks that ask it need no graph.
        """
        if self._deliverers is None:
            found: dict[tuple[str, str], dict[str, Investment]] = defaultdict(dict)
            for loaded in self._workspace.provinces:
                for project in loaded.architecture.projects:
                    for delivered in project.delivers:
                        found[(loaded.code, delivered)][project.id] = project
            self._deliverers = {key: [by_id[k] for k in sorted(by_id)] for key, by_id in found.items()}
        return self._deliverers.get((province, component_id), [])

    def has_role(self, node: str, role: Role) -> bool:
        facts = self.facts.get(node)
        if facts is None:
            return False
        return self.facts_have_role(facts, role)

    @staticmethod
    def facts_have_role(facts: ComponentFacts, role: Role) -> bool:
        """:meth:`has_role` of a component whose facts the caller holds."""
        return not facts.capabilities.isdisjoint(ROLE_CAPABILITIES[role]) or (role is Role.IOC and facts.centre)

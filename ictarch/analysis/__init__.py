"""Analyses of loaded models and their findings, each answering one planner's question.

- :mod:`~ictarch.analysis.selection`: which components a selector names (used by views and impact);
- :mod:`~ictarch.analysis.summary`: what a province model holds, in figures;
- :mod:`~ictarch.analysis.impact`: what a change to one component touches;
- :mod:`~ictarch.analysis.diff`: what changed between two versions of a model, and in its findings
  (rendered by :mod:`~ictarch.analysis.diff_render`);
- :mod:`~ictarch.analysis.roadmap`: how coverage and findings evolve year by year
  (rendered by :mod:`~ictarch.analysis.roadmap_render`; which checks a year reruns:
  :mod:`~ictarch.analysis.roadmap_checks`);
- :mod:`~ictarch.analysis.merge`: one model from the models of merged provinces, with
  :mod:`~ictarch.analysis.consolidation` (what the new province needs once) and
  :mod:`~ictarch.analysis.merge_report` (the consolidation report and its renderings).

They read the graph, the workspace and the runner's reports; they never print or write files.
"""

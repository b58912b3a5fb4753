"""The process engine: who chairs next and what is due, computed from plain data.

Django-free (stdlib and dataclasses only) so the web, the API, the CLI, a task or a benchmark
can call it alike. The callers read the records and the Operating Modalities in force from the
database and hand them over as the dataclasses defined here.

- `rotation`: the chairmanship order, the projection of future terms and the explanation of
  past hand-overs.
- `obligations`: what the Operating Modalities require of the Process and of each Member State
  on a date, and whether it has been done.
"""

"""Meetings owns the meetings of the process: Ministerial conferences, SOMs, national
consultations, trainings, forums. For now dated records (issue 5 adds agendas, delegations,
materials and outcomes)."""

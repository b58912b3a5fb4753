"""Decisions owns proposals and how the process decides them: consensus at meetings (positions
of Member State delegations) and the silence procedure between meetings, the numbered register,
and the effects an adopted decision has on the process's records."""

"""Process owns the participants of the consultative process: States, organisations and their
participation (member, observer, guest ...) over time, and the reference data that seeds them."""

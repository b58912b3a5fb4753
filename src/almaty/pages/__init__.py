"""The portal's editable pages (About, Contact, Partners) and the photographs of meetings: what
the Support Unit writes and publishes in the platform, in English and Russian."""

"""Portal owns the public pages: the home page and the participating States (more in issue 6)."""

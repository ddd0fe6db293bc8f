"""Payment provider settings, read from the environment (see README, "Payments")."""

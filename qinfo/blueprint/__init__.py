"""The three-year Education Blueprint: goals and KPIs tracked by the indicators, and the annual
review pack for the April workshop."""

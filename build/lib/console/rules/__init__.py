"""Pure business rules: calendar, planner, fees, deadlines, validation. No DB, no UI, no clock."""
